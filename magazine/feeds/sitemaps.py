"""/sitemap.xml: every live page (with its last publication date) and every listing view."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from magazine.articles.models import ArticlePage, ArticleTag
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme


class PageSitemap(WagtailSitemap):
    """Wagtail's pages of the current site, live and public, `lastmod` = last publication."""

    def location(self, page):
        return page.get_url_parts(self.request)[2]

    def _urls(self, page, protocol, domain):
        # Wagtail locates pages on the host of its Site record; like the feeds and the
        # canonical links, the magazine locates them on the host the request came to.
        return Sitemap._urls(self, page, protocol, domain)


class SectionSitemap(Sitemap):
    """The listing views that are not Wagtail pages."""

    def items(self):
        return [
            "taxonomy:theme_index",
            "taxonomy:territory_index",
            "people:author_index",
            "articles:archive_index",
            "articles:corrections",
        ]

    def location(self, url_name):
        return reverse(url_name)


class ThemeSitemap(Sitemap):
    def items(self):
        return Theme.objects.all()


class TerritoryKindSitemap(Sitemap):
    def items(self):
        return TerritoryKind.objects.all()


class TerritorySitemap(Sitemap):
    def items(self):
        return Territory.objects.select_related("kind")


class AuthorSitemap(Sitemap):
    def items(self):
        return Author.objects.all()


class TagSitemap(Sitemap):
    """Tags of published articles only: the others have an empty page."""

    def items(self):
        published = ArticlePage.objects.published().values("pk")
        tagged = ArticleTag.objects.filter(content_object__in=published).values("tag")
        return Tag.objects.filter(pk__in=tagged).order_by("name")

    def location(self, tag):
        return reverse("taxonomy:tag", kwargs={"slug": tag.slug})


class ArchiveSitemap(Sitemap):
    """Every year and month with published articles."""

    def items(self):
        articles = ArticlePage.objects.published().order_by()
        years = [("year", (day.year,)) for day in articles.datetimes("first_published_at", "year")]
        months = [
            ("month", (day.year, day.month))
            for day in articles.datetimes("first_published_at", "month")
        ]
        return years + months

    def location(self, item):
        period, args = item
        return reverse(f"articles:archive_{period}", args=args)


SITEMAPS = {
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "themes": ThemeSitemap,
    "territory_kinds": TerritoryKindSitemap,
    "territories": TerritorySitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "archives": ArchiveSitemap,
}
