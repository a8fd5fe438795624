from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail_footnotes import urls as footnotes_urls

from magazine.home import views
from magazine.images import media
from magazine.operations import health, spreadsheets

urlpatterns = [
    # Before Wagtail's admin: its reports, exported without formulas (operations/spreadsheets.py).
    path("admin/", include(spreadsheets)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("footnotes/", include(footnotes_urls)),  # the editor's « Fn » button opens its modal
    path("sante/", health.health_view, name="health"),
    path("plan-du-site/", views.SiteMapView.as_view(), name="site_map"),
    path("", include("magazine.taxonomy.urls")),
    path("", include("magazine.glossary.urls")),
    path("", include("magazine.people.urls")),
    path("", include("magazine.articles.urls")),
    path("", include("magazine.search.urls")),
    path("", include("magazine.feeds.urls")),
    path("", include("magazine.newsletter.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.LEMAG_SERVE_MEDIA:  # in production, nginx serves media better (see the README)
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media.media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
