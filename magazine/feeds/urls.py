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
        "flux/corrections/<feed_format:feed_format>/",
        feeds.CorrectionFeed.as_view(),
        name="corrections",
    ),
    *(
        path(
            f"flux/{feed.route}/<feed_format:feed_format>/",
            feed.as_view(),
            name=feed.url_name.removeprefix(f"{app_name}:"),
        )
        for feed in feeds.SUBJECT_FEEDS
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
