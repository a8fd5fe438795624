"""« À lire aussi »: the editors' choice first, then the articles closest by subject."""

import datetime
import re
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from magazine.articles.models import ArticleIndexPage, ArticlePage, RelatedArticle
from magazine.taxonomy.models import Territory, TerritoryKind, Theme


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Every request renders the page (the full-page cache would answer from memory)."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]


@pytest.fixture
def subject(db):
    """A theme, a tag and a territory no demo article has."""
    kind = TerritoryKind.objects.first()
    return {
        "theme": Theme.objects.create(name="Sujet d’essai", slug="sujet-essai"),
        "tag": "étiquette d’essai",
        "territory": Territory.objects.create(
            name="Commune d’essai", slug="commune-essai", kind=kind, code_type="insee", code="99999"
        ),
    }


def _article(slug, days_ago, themes=(), tags=(), territories=(), live=True):
    page = ArticlePage(
        title=f"Article {slug}",
        slug=slug,
        chapo="Un article d’essai.",
        first_published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    page.themes = list(themes)
    page.territories = list(territories)
    page.tags.add(*tags)
    page.live = False
    ArticleIndexPage.objects.get().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return ArticlePage.objects.get(pk=page.pk)


def _related(client, article):
    html = client.get(article.url).content.decode()
    nav = re.search(
        r'<nav class="related" aria-labelledby="a-lire-aussi-titre">(.*?)</nav>', html, re.S
    )
    if nav is None:
        return []
    assert '<h2 id="a-lire-aussi-titre">À lire aussi</h2>' in nav.group(1)
    return re.findall(r'<a href="/articles/([^/"]+)/">', nav.group(1))


def test_shared_subjects_come_before_recency_which_breaks_ties(client, subject):
    theme, tag, territory = subject["theme"], subject["tag"], subject["territory"]
    article = _article("lu", 1, themes=[theme], tags=[tag], territories=[territory])
    _article("proche-et-ancien", 900, themes=[theme], tags=[tag])
    _article("mot-cle-recent", 10, tags=[tag])
    _article("mot-cle-ancien", 400, tags=[tag])
    _article("territoire-tres-recent", 0, territories=[territory])
    assert _related(client, article) == [
        "proche-et-ancien",  # theme and tag: 5 points, though two and a half years old
        "territoire-tres-recent",  # territory: 2 points, published today
        "mot-cle-recent",  # tag: 2 points, ten days ago (mot-cle-ancien, older, is fourth)
    ]


def test_at_most_three_and_never_the_article_itself(client):
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    related = _related(client, article)
    assert len(related) == 3
    assert article.slug not in related
    assert len(set(related)) == 3


def test_unpublished_or_private_articles_never_appear(client, subject):
    theme, tag = subject["theme"], subject["tag"]
    article = _article("lu", 1, themes=[theme], tags=[tag])
    _article("brouillon", 2, themes=[theme], tags=[tag], live=False)
    withdrawn = _article("retire", 3, themes=[theme], tags=[tag])
    withdrawn.unpublish()
    private = _article("prive", 4, themes=[theme], tags=[tag])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    _article("publie", 500, tags=[tag])
    assert _related(client, article) == ["publie"]


def test_demo_choice_by_hand_comes_first(client):
    """fin-du-cuivre-territoires recommends illectronisme-mesurer (content/FORMAT.md)."""
    article = ArticlePage.objects.get(slug="fin-du-cuivre-territoires")
    computed = list(ArticlePage.objects.published().related_to(article))
    chosen = ArticlePage.objects.get(slug="illectronisme-mesurer")
    assert chosen not in computed  # only the editors' choice puts it there
    related = _related(client, article)
    assert related == ["illectronisme-mesurer", *[page.slug for page in computed[:2]]]


def test_choices_by_hand_keep_their_order_and_skip_unpublished(client, subject):
    article = _article("lu", 1, tags=[subject["tag"]])
    _article("calcule", 5, tags=[subject["tag"]])
    draft = _article("brouillon", 2, live=False)
    first, second = (
        ArticlePage.objects.get(slug=slug)
        for slug in ("secretaire-de-mairie", "budget-participatif-qui-vote")
    )
    for order, chosen in enumerate([second, draft, article, first]):
        RelatedArticle.objects.create(page=article, article=chosen, sort_order=order)
    assert _related(client, article) == [
        "budget-participatif-qui-vote",
        "secretaire-de-mairie",
        "calcule",
    ]


def test_without_anything_in_common_there_is_no_related_section(client):
    article = _article("isole", 1)
    html = client.get(article.url).content.decode()
    assert "À lire aussi" not in html


def test_admin_offers_an_ordered_article_chooser_on_the_classement_tab(admin_client):
    article = ArticlePage.objects.get(slug="fin-du-cuivre-territoires")
    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "À lire aussi" in html
    assert "d’abord ceux choisis ici, dans cet ordre" in html
    chooser = '"id_related_links-0-article", {"modelNames": ["articles.articlepage"]'
    assert chooser in html
    assert '"canOrder": true, "maxForms": 3, "relationName": "related_links"' in html


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_related_articles(
    client, subject, django_assert_max_num_queries
):
    theme = subject["theme"]
    article = _article("lu", 1, themes=[theme])
    _article("un", 2, themes=[theme])
    # Time stands still: each process re-reads the page-cache generation once a second at most,
    # a query that would otherwise fall in one measure or the other.
    with time_machine.travel(time.time(), tick=False):
        client.get(article.url)  # what is read once per process (site, settings) is read now
        with_one = _count_queries(client, article.url)
        _article("deux", 3, themes=[theme])
        _article("trois", 4, themes=[theme])
        RelatedArticle.objects.create(
            page=article, article=ArticlePage.objects.get(slug="secretaire-de-mairie")
        )
        with django_assert_max_num_queries(with_one):
            related = _related(client, article)
    assert len(related) == 3
