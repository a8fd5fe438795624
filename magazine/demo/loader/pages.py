"""Articles, dossiers and standard pages of the demo, created once and published."""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

from wagtail_footnotes.models import Footnote

from magazine.articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleSource,
    RelatedArticle,
)
from magazine.core.models import StandardPage
from magazine.demo.loader import content, editorial
from magazine.demo.loader.media import demo_document, demo_image
from magazine.dossiers.models import DossierArticle, DossierIndexPage, DossierPage
from magazine.home.models import HomePage
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

PARIS = ZoneInfo("Europe/Paris")
FOOTNOTE_NAMESPACE = uuid.UUID("5b8f0f0e-6a53-4c1e-9a51-2f4a4e0d1c11")
FOOTNOTE_MARK = re.compile(r"\[\^([\w-]+)\]")


def _publish(parent, page, published_at=None):
    if published_at:
        page.first_published_at = published_at
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


EMBED_FIELDS = ("kind", "url", "title", "source", "duration", "description")


def _stream(blocks, data, footnote_ids):
    """Raw StreamField data from the demo format (content/FORMAT.md)."""
    stream = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            value = FOOTNOTE_MARK.sub(
                lambda match: (
                    f'<footnote id="{footnote_ids[match.group(1)]}">[{match.group(1)}]</footnote>'
                ),
                block["text"],
            )
        elif kind == "heading":
            value = {"level": f"h{block['level']}", "text": block["text"]}
        elif kind == "image":
            spec = data["images"][block["image"]]
            decorative = block.get("decorative", False)
            value = {
                "image": demo_image(block["image"], {**spec, "decorative": decorative}).pk,
                "alt_text": "" if decorative else spec.get("alt", ""),
                "decorative": decorative,
                "caption": spec.get("caption", ""),
                "credit": spec.get("credit", ""),
            }
        elif kind == "quote":
            value = {key: block.get(key, "") for key in ("text", "attribution", "role")}
        elif kind == "callout":
            value = {key: block.get(key, "") for key in ("kind", "title", "text")}
        elif kind == "key_figures":
            value = {"title": block.get("title", ""), "figures": block["figures"]}
        elif kind == "table":
            value = {
                "data": [block["header"], *block["rows"]],
                "first_row_is_table_header": True,
                "first_col_is_header": block.get("first_column_is_header", False),
                "table_caption": block.get("caption", ""),
            }
        elif kind == "document":
            spec = data["documents"][block["document"]]
            value = {
                "document": demo_document(block["document"], spec).pk,
                "title": "",
                "description": block.get("description", ""),
            }
        elif kind == "embed":
            poster = block.get("poster")
            value = {
                **{key: block.get(key, "") for key in EMBED_FIELDS},
                "poster": poster
                and demo_image(poster, {**data["images"][poster], "decorative": True}).pk,
            }
        elif kind == "sobriety_measures":  # the latest figures of `make bench`
            value = None
        else:
            raise ValueError(f"Type de bloc inconnu dans le contenu de démonstration : {kind}")
        stream.append({"type": kind, "value": value})
    return stream


def load_standard_pages(home):
    for data in content.standard_pages():
        if StandardPage.objects.filter(slug=data["slug"]).exists():
            continue
        page = StandardPage(
            title=data["title"],
            slug=data["slug"],
            intro=data.get("intro", ""),
            search_description=data.get("intro", ""),
            body=_stream(data["body"], data, {}),
        )
        _publish(home, page)


def _article(data):
    footnote_ids = {
        key: str(uuid.uuid5(FOOTNOTE_NAMESPACE, f"{data['slug']}/{key}"))
        for key in data.get("footnotes", {})
    }
    published = datetime.datetime.combine(data["published"], datetime.time(9, 0), tzinfo=PARIS)
    page = ArticlePage(
        title=data["title"],
        slug=data["slug"],
        chapo=data["chapo"],
        summary=data.get("summary", ""),
        body=_stream(data["body"], data, footnote_ids),
        editors_pick=data["slug"] in content.site().get("editors_picks", []),
    )
    if data.get("lead_image"):
        page.lead_image = demo_image(data["lead_image"], data["images"][data["lead_image"]])
    page.themes = list(Theme.objects.filter(slug__in=data["themes"]))
    page.territory_kinds = list(TerritoryKind.objects.filter(slug__in=data["territory_kinds"]))
    page.territories = list(Territory.objects.filter(slug__in=data.get("territories", [])))
    page.tags.add(*data.get("tags", []))
    authors = {author.slug: author for author in Author.objects.filter(slug__in=data["authors"])}
    page.article_authors = [
        ArticleAuthor(author=authors[slug], sort_order=order)
        for order, slug in enumerate(data["authors"])
    ]
    page.sources = [
        ArticleSource(
            title=source["title"],
            publisher=source.get("publisher", ""),
            kind=source.get("kind", "rapport"),
            date=source.get("date"),
            url=source.get("url", ""),
            consulted_on=source.get("consulted"),
            sort_order=order,
        )
        for order, source in enumerate(data.get("sources", []))
    ]
    page.related_links = [
        RelatedArticle(article=article, sort_order=order)
        for order, article in enumerate(_earlier_articles(data))
    ]
    page.footnotes = [
        Footnote(uuid=footnote_ids[key], text=f"<p>{text}</p>", sort_order=order)
        for order, (key, text) in enumerate(data.get("footnotes", {}).items())
    ]
    return page, published


def _earlier_articles(data):
    """The articles chosen by hand for « À lire aussi » (`related`), already loaded."""
    slugs = data.get("related", [])
    articles = {page.slug: page for page in ArticlePage.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in articles]
    if missing:
        raise ValueError(
            f"{data['slug']}\u00a0: «\u00a0related\u00a0» cite {', '.join(missing)}, article "
            "inconnu ou plus récent (les articles sont chargés du plus ancien au plus récent)."
        )
    return [articles[slug] for slug in slugs]


def load_articles():
    """Every article goes through the review workflow, as in the collective's practice."""
    index = ArticleIndexPage.objects.get()
    states = content.site()["workflow"]
    corrections = {item["article"]: item for item in content.site().get("correction", [])}
    for data in content.articles():
        if ArticlePage.objects.filter(slug=data["slug"]).exists():
            continue
        page, published = _article(data)
        page.live = False
        if data["slug"] == states["scheduled"]:
            index.add_child(instance=page)
            editorial.schedule_reviewed(page, states["scheduled_in_days"])
            continue
        page.first_published_at = published
        index.add_child(instance=page)
        if data["slug"] == states["awaiting_review"]:
            editorial.submit(page)
            continue
        editorial.publish_reviewed(page, published)
        if data["slug"] in corrections:
            editorial.add_correction(ArticlePage.objects.get(pk=page.pk), corrections[data["slug"]])


def load_dossiers():
    index = DossierIndexPage.objects.get()
    for data in content.dossiers():
        if DossierPage.objects.filter(slug=data["slug"]).exists():
            continue
        articles = {
            page.slug: page for page in ArticlePage.objects.filter(slug__in=data["articles"])
        }
        first = min(articles[slug].first_published_at for slug in data["articles"])
        page = DossierPage(title=data["title"], slug=data["slug"], intro=data["intro"])
        page.dossier_articles = [
            DossierArticle(article=articles[slug], sort_order=order)
            for order, slug in enumerate(data["articles"])
        ]
        _publish(index, page, first)


def home_page():
    return HomePage.objects.get()
