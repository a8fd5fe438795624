from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from magazine.core import health, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sante/", health.health_view, name="health"),
    path("plan-du-site/", views.SiteMapView.as_view(), name="site_map"),
    path("", include("magazine.taxonomy.urls")),
    path("", include("magazine.people.urls")),
    path("", include("magazine.articles.urls")),
    path("", include("magazine.search.urls")),
    path("", include("magazine.feeds.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.LEMAG_SERVE_MEDIA:  # in production, nginx serves media better (see the README)
    urlpatterns += [
        # Documents leave only through /documents/ (attachment, restrictive CSP), never as media.
        re_path(
            r"^media/(?!documents/)(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        ),
    ]

urlpatterns += [path("", include(wagtail_urls))]
