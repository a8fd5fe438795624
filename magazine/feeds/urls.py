from django.urls import path, register_converter

from magazine.feeds import feeds, views


class FeedFormat:
    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormat, "feed_format")

app_name = "feeds"

urlpatterns = [
    path("flux/<feed_format:feed_format>/", feeds.ArticleFeed.as_view(), name="magazine"),
    path(
        "flux/themes/<slug:slug>/<feed_format:feed_format>/",
        feeds.ThemeFeed.as_view(),
        name="theme",
    ),
    path(
        "flux/territoires/<slug:slug>/<feed_format:feed_format>/",
        feeds.TerritoryKindFeed.as_view(),
        name="territory_kind",
    ),
    path(
        "flux/territoires/<slug:kind_slug>/<slug:slug>/<feed_format:feed_format>/",
        feeds.TerritoryFeed.as_view(),
        name="territory",
    ),
    path(
        "flux/dossiers/<slug:slug>/<feed_format:feed_format>/",
        feeds.DossierFeed.as_view(),
        name="dossier",
    ),
    path(
        "flux/auteurs/<slug:slug>/<feed_format:feed_format>/",
        feeds.AuthorFeed.as_view(),
        name="author",
    ),
    path(
        "flux/corrections/<feed_format:feed_format>/",
        feeds.CorrectionFeed.as_view(),
        name="corrections",
    ),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
