"""RSS and Atom feeds: valid, complete, absolute, and each about its own subject."""

import datetime
import re

import feedparser
import pytest
from django.utils import timezone

from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.dossiers.models import DossierPage
from magazine.feeds.feeds import FEED_SIZE
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

BASE = "http://testserver"
SHOWCASE = "etat-civil-mairie-rurale"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # Raw content: feedparser would otherwise resolve relative URLs itself and hide them.
    feed = feedparser.parse(response.content, resolve_relative_uris=False, sanitize_html=False)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


def _subject_feeds():
    theme = Theme.objects.get(slug="inclusion-numerique")
    kind = TerritoryKind.objects.get(slug="commune-rurale")
    territory = Territory.objects.get(slug="rennes-metropole")
    dossier = DossierPage.objects.get(slug="donnees-locales")
    author = Author.objects.get(slug="helene-vidal")
    published = ArticlePage.objects.published()
    return [
        (f"/flux/themes/{theme.slug}/", published.in_theme(theme)),
        (f"/flux/territoires/{kind.slug}/", published.in_territory_kind(kind)),
        (
            f"/flux/territoires/{territory.kind.slug}/{territory.slug}/",
            published.in_territory(territory),
        ),
        (f"/flux/dossiers/{dossier.slug}/", published.filter(dossier_links__dossier=dossier)),
        (f"/flux/auteurs/{author.slug}/", published.by_author(author)),
    ]


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_every_feed_parses_without_error(client, feed_format):
    expected_version = {"rss": "rss20", "atom": "atom10"}[feed_format]
    urls = ["/flux/", "/flux/corrections/", *(url for url, _ in _subject_feeds())]
    for url in urls:
        response, feed = _feed(client, f"{url}{feed_format}/")
        assert feed.version == expected_version, url
        assert response["Content-Type"].startswith(f"application/{feed_format}+xml")
        assert feed.feed.language == "fr", url


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_magazine_feed_lists_latest_articles_in_full(client, feed_format):
    _, feed = _feed(client, f"/flux/{feed_format}/")
    latest = list(ArticlePage.objects.published()[:FEED_SIZE])
    assert [entry.link for entry in feed.entries] == [f"{BASE}{a.url}" for a in latest]
    assert feed.feed.link == f"{BASE}/"

    article = latest[0]
    entry = feed.entries[0]
    assert entry.id == f"urn:uuid:{article.translation_key}"
    assert [author["name"] for author in entry.authors] == [a.name for a in article.authors]
    assert {tag.term for tag in entry.tags} == {theme.name for theme in article.themes.all()}
    assert entry.published_parsed[:5] == article.first_published_at.utctimetuple()[:5]
    if feed_format == "atom":
        assert entry.updated_parsed is not None
    assert entry.summary.startswith(article.chapo[:40].replace("'", "’")[:20])


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_feed_items_carry_the_whole_article_with_absolute_urls(client, feed_format):
    _, feed = _feed(client, f"/flux/{feed_format}/")
    for entry in feed.entries:
        content = entry.content[0].value
        assert not re.search(r'(?:href|src)="(?!https?://|mailto:)', content), entry.link
        for srcset in re.findall(r'srcset="([^"]*)"', content):
            assert all(c.strip().startswith(BASE) for c in srcset.split(",")), srcset
        assert f'<a href="{entry.link}">Lire l’article sur le site</a>' in content

    showcase = ArticlePage.objects.get(slug=SHOWCASE)
    [entry] = [e for e in feed.entries if e.link == f"{BASE}{showcase.url}"] or [None]
    if entry is None:  # older than the latest articles: read it from its author's feed
        _, author_feed = _feed(client, f"/flux/auteurs/helene-vidal/{feed_format}/")
        [entry] = [e for e in author_feed.entries if e.link == f"{BASE}{showcase.url}"]
    content = entry.content[0].value
    assert 'id="notes-titre"' in content and 'id="sources-titre"' in content
    assert f'href="{BASE}{showcase.url}#note-1"' in content
    assert f'<img alt="{showcase.lead_image.description}"' in content
    assert f'src="{BASE}/media/images/' in content


def test_subject_feeds_hold_only_their_articles(client):
    for url, articles in _subject_feeds():
        _, feed = _feed(client, f"{url}rss/")
        expected = [f"{BASE}{article.url}" for article in articles[:FEED_SIZE]]
        assert expected, url
        assert [entry.link for entry in feed.entries] == expected, url


def test_feeds_of_unknown_subjects_are_404(client):
    for url in [
        "/flux/themes/inconnu/rss/",
        "/flux/territoires/inconnu/atom/",
        "/flux/territoires/region/rennes-metropole/rss/",
        "/flux/dossiers/inconnu/rss/",
        "/flux/auteurs/inconnu/rss/",
        "/flux/json/",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("feed_format", ["rss", "atom"])
def test_corrections_feed_lists_a_new_correction(client, feed_format):
    article = ArticlePage.objects.get(slug=SHOWCASE)
    moment = timezone.make_aware(datetime.datetime(2026, 2, 3, 10, 0))
    article.corrections.add(
        ArticleCorrection(kind="correction", date=moment, text="Le délai cité était erroné.")
    )
    article.save_revision().publish()
    correction = ArticleCorrection.objects.get(page=article)

    _, feed = _feed(client, f"/flux/corrections/{feed_format}/")
    entry = feed.entries[0]
    assert entry.link == f"{BASE}{article.url}#correction-{correction.pk}"
    assert entry.title.startswith("Correction\u00a0: État civil")
    assert "Le délai cité était erroné." in entry.summary
    assert f'href="{BASE}{article.url}"' in entry.summary
    assert entry.published_parsed[:5] == moment.utctimetuple()[:5]
    assert entry.id.startswith("urn:uuid:")

    html = client.get(article.url).content.decode()
    assert f'<li id="correction-{correction.pk}">' in html


def test_page_heads_point_to_the_feeds(client):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Le Mag · Tous les articles '
        f'(RSS)" href="{BASE}/flux/rss/">'
    ) in html
    assert (
        'type="application/atom+xml" title="Le Mag · Tous les articles (Atom)" '
        f'href="{BASE}/flux/atom/"'
    ) in html
    assert 'href="/flux/rss/" type="application/rss+xml">Flux RSS</a>' in html  # footer

    subject_pages = {
        "/themes/inclusion-numerique/": "/flux/themes/inclusion-numerique/",
        "/territoires/commune-rurale/": "/flux/territoires/commune-rurale/",
        "/territoires/metropole/rennes-metropole/": "/flux/territoires/metropole/rennes-metropole/",
        "/dossiers/donnees-locales/": "/flux/dossiers/donnees-locales/",
        "/auteurs/helene-vidal/": "/flux/auteurs/helene-vidal/",
    }
    for page, feed in subject_pages.items():
        html = client.get(page).content.decode()
        for feed_format, mime in [("rss", "rss+xml"), ("atom", "atom+xml")]:
            assert re.search(
                rf'<link rel="alternate" type="application/{re.escape(mime)}" title="[^"]+" '
                rf'href="{BASE}{feed}{feed_format}/">',
                html,
            ), (page, feed_format)
            assert f'<a href="{feed}{feed_format}/" type="application/{mime}">' in html, page

    html = client.get("/mots-cles/etat-civil/").content.decode()
    assert html.count('rel="alternate"') == 2  # the magazine's feeds only


def test_corrections_page_lists_corrections_newest_first(client):
    older, newer = (
        ArticlePage.objects.get(slug=SHOWCASE),
        ArticlePage.objects.get(slug="secretaire-de-mairie"),
    )
    for article, day, text in [(older, 5, "Un chiffre corrigé."), (newer, 9, "Faits mis à jour.")]:
        moment = timezone.make_aware(datetime.datetime(2026, 3, day, 10, 0))
        article.corrections.add(ArticleCorrection(kind="mise-a-jour", date=moment, text=text))
        article.save_revision().publish()

    html = client.get("/corrections/").content.decode()
    assert "<h1>Corrections et mises à jour</h1>" in html
    assert 0 < html.find("Faits mis à jour.") < html.find("Un chiffre corrigé.")
    assert 'Mise à jour du <time datetime="2026-03-09">9 mars 2026</time>' in html
    correction = ArticleCorrection.objects.get(page=newer)
    assert f'href="{newer.url}#correction-{correction.pk}"' in html
    assert 'href="/flux/corrections/atom/" type="application/atom+xml">flux Atom</a>' in html
    assert 'rel="alternate" type="application/rss+xml" title="Le Mag · Corrections' in html
    assert client.get("/corrections/?page=abc").status_code == 200


def test_corrections_of_unpublished_articles_stay_private(client):
    article = ArticlePage.objects.get(slug=SHOWCASE)
    article.corrections.add(
        ArticleCorrection(kind="correction", date=timezone.now(), text="Note confidentielle.")
    )
    article.save_revision().publish()
    article.unpublish()
    assert "Note confidentielle." not in client.get("/corrections/").content.decode()
    assert "Note confidentielle." not in client.get("/flux/corrections/rss/").content.decode()
