from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.contrib.sitemaps import views as wagtail_sitemaps

from magazine.feeds.sitemaps import SITEMAPS


def sitemap_index(request):
    return wagtail_sitemaps.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="feeds:sitemap_section"
    )


def sitemap_section(request, section):
    # Django's template, without what the magazine does not use (change frequencies,
    # priorities, alternate languages): a page of a thousand URLs renders in half the time.
    return wagtail_sitemaps.sitemap(
        request, sitemaps=SITEMAPS, section=section, template_name="feeds/sitemap.xml"
    )


class RobotsView(TemplateView):
    """/robots.txt: everything may be crawled but the administration; where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri(reverse("feeds:sitemap"))
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)
