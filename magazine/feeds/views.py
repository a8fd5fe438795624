from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from magazine.feeds.sitemaps import SITEMAPS


def sitemap(request):
    return wagtail_sitemap(request, sitemaps=SITEMAPS)


class RobotsView(TemplateView):
    """/robots.txt: everything may be crawled but the administration; where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri(reverse("feeds:sitemap"))
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)
