"""The sitemap: every live public page (with its last publication date) and every listing view.

/sitemap.xml is an index of sections (`SITEMAPS`: /sitemap-pages.xml, /sitemap-themes.xml…),
each cut into pages of at most `LIMIT` URLs (`?p=2`…): what a request renders is bounded
whatever the size of the archive (10,000 articles make eleven pages of pages, not one 900 KB
document).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from magazine.articles.models import ArticlePage, ArticleTag
from magazine.caching.generation import count_of, remembered
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

LIMIT = 1000  # URLs per page of a section, as Yoast SEO (WordPress core: 2,000)
# When a page last changed, as Wagtail's sitemap says it (a page never published: its draft).
LAST_CHANGE = Coalesce("last_published_at", "latest_revision_created_at")


class CountedOnce:
    """A section's size, and its latest change, worked out once per generation by each process:
    the index asks every section for both (10,000 articles: 19 ms a request, 9 of them SQL)."""

    @property
    def paginator(self):
        paginator = super().paginator
        if isinstance(paginator.object_list, QuerySet):
            paginator.count = count_of(paginator.object_list)
        return paginator


class PageSitemap(CountedOnce, WagtailSitemap):
    """Wagtail's pages of the current site, live and public, `lastmod` = last publication.

    Read as rows (URL path, dates), not as pages: building ten thousand page objects to ask
    each for its URL is what made the sitemap of a large archive cost seconds. The magazine's
    pages are served at their `url_path` below the site's root page (none overrides
    `get_url_parts` nor `get_sitemap_urls`; tests compare with `page.url`)."""

    limit = LIMIT

    @cached_property
    def _root(self):
        return self.get_wagtail_site().root_page

    def _pages(self):
        return self._root.get_descendants(inclusive=True).live().public().order_by("path")

    def items(self):
        return self._pages().values_list("url_path", LAST_CHANGE)

    def location(self, row):
        return row[0][len(self._root.url_path) - 1 :]  # keeps the leading slash

    def lastmod(self, row):
        return timezone.localdate(row[1])

    def get_latest_lastmod(self):
        return remembered.get(
            ("sitemap-lastmod", self._root.pk),
            lambda: self._pages().aggregate(latest=Max(LAST_CHANGE))["latest"],
        )

    def _urls(self, page, protocol, domain):
        # Wagtail locates pages on the host of its Site record; like the feeds and the
        # canonical links, the magazine locates them on the host the request came to.
        return Sitemap._urls(self, page, protocol, domain)


class ListSitemap(CountedOnce, Sitemap):
    limit = LIMIT


class SectionSitemap(ListSitemap):
    """The listing views that are not Wagtail pages."""

    def items(self):
        return [
            "taxonomy:theme_index",
            "taxonomy:territory_index",
            "people:author_index",
            "articles:archive_index",
            "articles:corrections",
            "glossary:index",
        ]

    def location(self, url_name):
        return reverse(url_name)


class ThemeSitemap(ListSitemap):
    def items(self):
        return Theme.objects.all()


class TerritoryKindSitemap(ListSitemap):
    def items(self):
        return TerritoryKind.objects.all()


class TerritorySitemap(ListSitemap):
    def items(self):
        return Territory.objects.select_related("kind")


class AuthorSitemap(ListSitemap):
    def items(self):
        return Author.objects.all()


class TagSitemap(ListSitemap):
    """Tags of published articles only: the others have an empty page."""

    def items(self):
        published = ArticlePage.objects.published().values("pk")
        tagged = ArticleTag.objects.filter(content_object__in=published).values("tag")
        return Tag.objects.filter(pk__in=tagged).order_by("name")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class ArchiveSitemap(ListSitemap):
    """Every year and month with published articles."""

    def items(self):
        articles = ArticlePage.objects.published().exclude(published_year=None)
        articles = articles.order_by().distinct()
        years = articles.values_list("published_year").order_by("published_year")
        months = articles.values_list("published_year", "published_month").order_by(
            "published_year", "published_month"
        )
        return [("year", row) for row in years] + [("month", row) for row in months]

    def location(self, item):
        period, args = item
        return reverse(f"articles:archive_{period}", args=args)


SITEMAPS = {  # the section of each URL: /sitemap-<section>.xml
    "pages": PageSitemap,
    "rubriques": SectionSitemap,
    "themes": ThemeSitemap,
    "types-de-territoire": TerritoryKindSitemap,
    "territoires": TerritorySitemap,
    "auteurs": AuthorSitemap,
    "mots-cles": TagSitemap,
    "archives": ArchiveSitemap,
}
