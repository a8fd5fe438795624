"""RSS 2.0 and Atom feeds: the whole magazine; each theme, kind of territory, territory, dossier
and author; the corrections.

Items carry the full article (the page's own HTML, every URL made absolute), its authors in
order, its themes as categories, its first publication and last update, and a GUID that
survives a change of address (the page's `translation_key`).
"""

import re
import uuid
from operator import attrgetter
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.text import capfirst

from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.core.models import SiteSettings
from magazine.core.typography import french_text
from magazine.dossiers.models import DossierPage
from magazine.people.models import Author
from magazine.sourcecheck.archives import mark_archives
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

FEED_SIZE = 10  # full articles weigh ~20 kB each; the magazine publishes a few a month
CORRECTION_FEED_SIZE = 20
FEED_FORMATS = {"rss": "RSS", "atom": "Atom"}


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text in `content:encoded` and one `dc:creator` per author."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomFeed(Atom1Feed):
    """Atom with the full text in `content` and one `author` per author."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


_URL_ATTRIBUTE = re.compile(r'(?<=\s)(href|src)="([^"]*)"')
_SRCSET = re.compile(r'(?<=\s)srcset="([^"]*)"')


def absolutize(html, base_url):
    """Every `href`, `src` and `srcset` of an HTML fragment made absolute against base_url."""

    def srcset(match):
        candidates = []
        for candidate in match.group(1).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base_url, url)} {descriptor}".strip())
        return f'srcset="{", ".join(candidates)}"'

    html = _URL_ATTRIBUTE.sub(
        lambda match: f'{match.group(1)}="{urljoin(base_url, match.group(2))}"', html
    )
    return _SRCSET.sub(srcset, html)


class MagazineFeed(Feed):
    """A feed seen from one request: it knows the host, the site settings and its format."""

    language = "fr"
    label = "Tous les articles"
    follow_label = "Suivre le magazine"
    url_name = "feeds:magazine"
    model = None  # the subject the feed follows, if any

    def __init__(self, feed_type, request):
        super().__init__()
        self.feed_type = feed_type
        self.request = request
        self.settings = SiteSettings.for_request(request)

    @classmethod
    def as_view(cls):
        feed_types = {"rss": RssFeed, "atom": AtomFeed}

        def view(request, feed_format, **kwargs):
            return cls(feed_types[feed_format], request)(request, **kwargs)

        return view

    @classmethod
    def url_kwargs(cls, subject):
        return {}

    @classmethod
    def urls(cls, subject=None):
        """{"rss": url, "atom": url} of this feed (for `subject`, if it follows one)."""
        return {
            feed_format: reverse(
                cls.url_name, kwargs={**cls.url_kwargs(subject), "feed_format": feed_format}
            )
            for feed_format in FEED_FORMATS
        }

    @classmethod
    def subject_label(cls, subject):
        return cls.label

    def absolute(self, location):
        return self.request.build_absolute_uri(location)

    def title(self, subject=None):
        name = self.settings.magazine_name
        return french_text(f"{name} · {self.subject_label(subject)}") if subject else name

    def link(self, subject=None):
        return self.absolute("/")

    def description(self, subject=None):
        return self.settings.tagline or self.settings.magazine_name

    def subtitle(self, subject=None):
        return self.description(subject)

    def author_name(self):
        return self.settings.magazine_name

    def author_link(self):
        return self.absolute("/")

    def feed_copyright(self):
        licence = self.settings.get_licence_display()
        return (
            f"{self.settings.magazine_name}, textes sous licence {licence} sauf mention contraire"
        )


class ArticleFeed(MagazineFeed):
    """The latest published articles, newest first, in full."""

    def articles(self, subject):
        return ArticlePage.objects.published()

    def items(self, subject=None):
        articles = self.articles(subject)
        # The newest keys, then their whole rows: the database sorts keys, not every article's
        # body (a theme's feed at 10,000 articles: 111 -> 60 ms; see articles.pagination).
        newest = articles.filter(pk__in=articles.values("pk")[:FEED_SIZE]).for_feed()
        newest = list(newest.prefetch_related("sources", "corrections", "footnotes"))
        # Their sources' archived copies read at once, not by each article's template.
        mark_archives([source for article in newest for source in article.sources.all()])
        return newest

    def item_title(self, article):
        return french_text(article.title)

    def item_description(self, article):
        return escape(article.search_description or article.chapo)

    def item_link(self, article):
        return self.absolute(article.get_url(self.request))

    def item_guid(self, article):
        return f"urn:uuid:{article.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.last_updated_at or article.first_published_at

    def item_categories(self, article):
        return [theme.name for theme in article.themes.all()]

    def item_copyright(self, article):
        return f"Licence {article.licence_for(self.settings)['label']}"

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                (author.name, self.absolute(author.get_absolute_url()))
                for author in article.authors
            ],
            "content": self.item_content(article),
        }

    def item_content(self, article):
        """The article as its page shows it: lead image, notes, body, footnotes, sources."""
        html = render_to_string(
            "components/feed_article.html",
            {
                "page": article,
                "licence": article.licence_for(self.settings),
                "feed": True,  # components/picture.html: one plain <img>
            },
            request=self.request,
        )
        return absolutize(html.strip(), self.item_link(article))


class SubjectFeed(ArticleFeed):
    """The articles about one subject; its page is the feed's link.

    A subject feed is declared by its model, its route under `flux/` (whose URL arguments find
    the subject through `lookups`), its label and the ArticleQuerySet method that selects the
    subject's articles.
    """

    route = ""
    lookups = {"slug": "slug"}  # URL argument -> field lookup on the subject's model
    label_format = "{subject}"
    article_filter = ""

    @classmethod
    def subjects(cls):
        return cls.model.objects.all()

    def get_object(self, request, **kwargs):
        lookups = {field: kwargs[argument] for argument, field in self.lookups.items()}
        return get_object_or_404(self.subjects(), **lookups)

    @classmethod
    def url_kwargs(cls, subject):
        return {
            argument: attrgetter(field.replace("__", "."))(subject)
            for argument, field in cls.lookups.items()
        }

    @classmethod
    def subject_label(cls, subject):
        return cls.label_format.format(subject=subject)

    def articles(self, subject):
        return getattr(super().articles(subject), self.article_filter)(subject)

    def link(self, subject):
        return self.absolute(subject.get_absolute_url())

    def description(self, subject):
        return french_text(f"{capfirst(self.subject_label(subject))} : les derniers articles.")


class ThemeFeed(SubjectFeed):
    model = Theme
    url_name = "feeds:theme"
    route = "themes/<slug:slug>"
    follow_label = "Suivre ce thème"
    label_format = "thème « {subject.name} »"
    article_filter = "in_theme"


class TerritoryKindFeed(SubjectFeed):
    model = TerritoryKind
    url_name = "feeds:territory_kind"
    route = "territoires/<slug:slug>"
    follow_label = "Suivre ce type de territoire"
    label_format = "territoires « {subject.name} »"
    article_filter = "in_territory_kind"


class TerritoryFeed(SubjectFeed):
    model = Territory
    url_name = "feeds:territory"
    route = "territoires/<slug:kind_slug>/<slug:slug>"
    lookups = {"kind_slug": "kind__slug", "slug": "slug"}
    follow_label = "Suivre ce territoire"
    label_format = "{subject.name}"
    article_filter = "in_territory"

    @classmethod
    def subjects(cls):
        return Territory.objects.select_related("kind")


class DossierFeed(SubjectFeed):
    model = DossierPage
    url_name = "feeds:dossier"
    route = "dossiers/<slug:slug>"
    follow_label = "Suivre ce dossier"
    label_format = "dossier « {subject.title} »"
    article_filter = "in_dossier"

    @classmethod
    def subjects(cls):
        return DossierPage.objects.live().public()

    def link(self, dossier):
        return self.absolute(dossier.get_url(self.request))


class AuthorFeed(SubjectFeed):
    model = Author
    url_name = "feeds:author"
    route = "auteurs/<slug:slug>"
    follow_label = "Suivre ses articles"
    label_format = "{subject.name}"
    article_filter = "by_author"


class CorrectionFeed(MagazineFeed):
    """Every public correction or update, newest first, linked to its note in the article."""

    label = "Corrections et mises à jour"
    follow_label = "Suivre les corrections"
    url_name = "feeds:corrections"

    def title(self):
        return f"{self.settings.magazine_name} · {self.label.lower()}"

    def link(self):
        return self.absolute(reverse("articles:corrections"))

    def description(self):
        return f"Les corrections et mises à jour publiées dans {self.settings.magazine_name}."

    def subtitle(self):
        return self.description()

    def items(self):
        return ArticleCorrection.objects.published()[:CORRECTION_FEED_SIZE]

    def item_title(self, correction):
        return french_text(f"{correction.get_kind_display()} : {correction.page.title}")

    def item_description(self, correction):
        article_url = self.absolute(correction.page.get_url(self.request))
        return format_html(
            '<p>{}</p><p>Article : <a href="{}">{}</a></p>',
            french_text(correction.text),
            article_url,
            correction.page.title,
        )

    def item_link(self, correction):
        article_url = self.absolute(correction.page.get_url(self.request))
        return f"{article_url}#correction-{correction.pk}"

    def item_guid(self, correction):
        return (
            f"urn:uuid:{uuid.uuid5(correction.page.translation_key, f'correction-{correction.pk}')}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.date

    def item_categories(self, correction):
        return [correction.get_kind_display()]


SUBJECT_FEEDS = [ThemeFeed, TerritoryKindFeed, TerritoryFeed, DossierFeed, AuthorFeed]


def feed_for(subject):
    """The feed class that follows this subject (a theme, a dossier…), or None."""
    return next((feed for feed in SUBJECT_FEEDS if isinstance(subject, feed.model)), None)
