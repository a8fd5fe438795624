"""French full-text search at /recherche/, on whichever database the suite runs (SQLite or
PostgreSQL with DATABASE_URL): the same tests pass on both."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from magazine.articles.models import ArticlePage
from magazine.search import text
from magazine.search.models import ArticleSearchEntry
from magazine.search.query import search_articles
from magazine.taxonomy.models import Theme

SEARCH_URL = reverse("search:search")


def found(client, **params):
    """The slugs of the articles on the results page, in order."""
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return [hit.article.slug for hit in response.context["page_obj"]]


def test_text_analysis_lowercases_unaccents_drops_stop_words_and_stems():
    assert text.terms("Aux Collectivités et de l’État") == text.terms("collectivite etat")
    assert text.terms("données") == text.terms("DONNEES") == text.terms("donnée")
    assert text.terms("le la de et pour") == []
    assert text.terms("Œuvre") == text.terms("oeuvres")


def test_plural_finds_singular(client, publish_article):
    publish_article("Quand la collectivité zorglubienne mutualise", chapo="Un récit.")
    assert found(client, q="collectivités zorglubienne") == [
        "quand-la-collectivite-zorglubienne-mutualise"
    ]


def test_without_accents_finds_accented_words_and_the_reverse(client, publish_article):
    publish_article("Ouvrir ses données", chapo="Le pari d’une commune xylophonique.")
    publish_article("Un portail de donnees", chapo="Une commune xylophonique sans accents.")
    assert len(found(client, q="donnees xylophonique")) == 2
    assert len(found(client, q="DONNÉES xylophonique")) == 2


def test_title_weighs_more_than_chapo_which_weighs_more_than_body(client, publish_article):
    filler = "Un texte assez long sur la mutualisation des services numériques. " * 3
    publish_article("Dans le corps", chapo="Rien ici.", text=f"{filler} Le quokka aussi.")
    publish_article("Dans le chapô", chapo="Le quokka, vu par une commune.", text=filler)
    publish_article("Le quokka en titre", chapo="Rien ici.", text=filler)
    assert found(client, q="quokka") == ["le-quokka-en-titre", "dans-le-chapo", "dans-le-corps"]


def test_matching_words_are_highlighted(client, publish_article):
    publish_article(
        "Un inventaire",
        chapo="Ce que les données ouvertes d’une ville pangolinesque disent <vraiment>.",
    )
    response = client.get(SEARCH_URL, {"q": "donnees pangolinesque"})
    html = response.content.decode()
    assert "<mark>données</mark>" in html
    assert "<mark>pangolinesque</mark>" in html
    assert "&lt;vraiment&gt;" in html  # the excerpt is escaped


def test_body_excerpt_is_a_passage_around_the_match(publish_article):
    words = " ".join(f"mot{number}" for number in range(200))
    publish_article("Long", chapo="Sans rapport.", text=f"{words} ornithorynque {words}")
    [hit] = search_articles("ornithorynques")[0:10]
    assert "<mark>ornithorynque</mark>" in hit.excerpt
    assert hit.excerpt.startswith("… ") and hit.excerpt.endswith(" …")
    assert len(hit.excerpt) < 400


def test_body_excerpt_finds_words_whose_stem_rewrites_their_ending(publish_article):
    words = " ".join(f"mot{number}" for number in range(100))
    publish_article(
        "Mesures vélociraptoriennes",
        chapo="Sans rapport.",
        text=f"{words} On s’y rend FRÉQUEMMENT. {words} Le CŒUR du projet. {words}",
    )
    [hit] = search_articles("fréquent vélociraptorienne")[0:10]
    assert "<mark>FRÉQUEMMENT</mark>" in hit.excerpt  # stem `frequent`
    [hit] = search_articles("coeurs vélociraptorienne")[0:10]
    assert "<mark>CŒUR</mark>" in hit.excerpt
    assert "FRÉQUEMMENT" not in hit.excerpt


def test_filters_by_theme_territory_kind_and_year_combine(client, publish_article):
    publish_article(
        "Alpha lémurien", themes=["inclusion-numerique"], kinds=["metropole"], on="2025-03-01"
    )
    publish_article(
        "Beta lémurien", themes=["inclusion-numerique"], kinds=["region"], on="2025-03-02"
    )
    publish_article(
        "Gamma lémurien", themes=["services-publics-locaux"], kinds=["metropole"], on="2026-01-05"
    )
    assert len(found(client, q="lémurien")) == 3
    assert set(found(client, q="lemurien", theme="inclusion-numerique")) == {
        "alpha-lemurien",
        "beta-lemurien",
    }
    assert found(client, q="lemurien", theme="inclusion-numerique", territoire="metropole") == [
        "alpha-lemurien"
    ]
    assert found(client, q="lemurien", territoire="metropole", annee="2026") == ["gamma-lemurien"]
    assert found(client, q="lemurien", theme="inclusion-numerique", annee="2026") == []


def test_pagination_keeps_the_query_and_filters(client, publish_article):
    for number in range(14):
        publish_article(f"Capybara numéro {number}", themes=["inclusion-numerique"])
    response = client.get(SEARCH_URL, {"q": "capybara", "theme": "inclusion-numerique"})
    assert response.context["page_obj"].paginator.count == 14
    assert (
        'href="?q=capybara&amp;theme=inclusion-numerique&amp;page=2"' in response.content.decode()
    )
    assert len(found(client, q="capybara", theme="inclusion-numerique", page="2")) == 2


def test_only_live_public_articles_are_found(client, publish_article):
    article = publish_article("Le tatou public")
    assert found(client, q="tatou") == ["le-tatou-public"]
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert found(client, q="tatou") == []
    PageViewRestriction.objects.filter(page=article).delete()
    assert found(client, q="tatou") == ["le-tatou-public"]
    article.unpublish()
    assert found(client, q="tatou") == []
    assert not ArticleSearchEntry.objects.filter(page=article).exists()


def test_deleted_article_leaves_the_index(client, publish_article):
    article = publish_article("Le fennec supprimé")
    article.delete()
    assert found(client, q="fennec") == []
    assert search_articles("fennec").count() == 0


def test_rebuild_search_indexes_exactly_the_published_articles(publish_article):
    publish_article("Le suricate")
    ArticleSearchEntry.objects.all().delete()
    call_command("rebuild_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    indexed = set(ArticleSearchEntry.objects.values_list("page_id", flat=True))
    assert indexed == set(ArticlePage.objects.published().values_list("pk", flat=True))
    assert search_articles("suricate").count() == 1


def test_demo_articles_are_found_by_stem_and_without_accents(client):
    assert found(client, q="mairies")
    assert found(client, q="donnees") == found(client, q="données")


def test_no_results_page_helps(client):
    html = client.get(SEARCH_URL, {"q": "zzzzqqq", "theme": "inclusion-numerique"}).content
    html = html.decode()
    assert "Aucun article publié ne contient tous ces mots avec ces filtres" in html
    assert 'href="/recherche/?q=zzzzqqq"' in html  # the same search without filters
    assert reverse("articles:archive_index") in html


def _slugs_and_count(client, **params):
    """The articles on the first page of results, in any order, and how many match in all."""
    page = client.get(SEARCH_URL, params).context["page_obj"]
    return {hit.article.slug for hit in page}, page.paginator.count


def test_singular_and_plural_find_the_same_articles(client, publish_article):
    """Issue 11, defect 20: « élu » found 5 demo articles and « élus » 9, though the page says
    plurals do not matter (Snowball keeps the -s of short words, the -x of « jeux »)."""
    assert _slugs_and_count(client, q="élu") == _slugs_and_count(client, q="élus")
    assert _slugs_and_count(client, q="élu")[1] >= 9
    publish_article("Un élu tamanoir", chapo="Le conseil municipal.")
    publish_article("Des élus tamanoirs", chapo="Les jeux du tamanoir.")
    publish_article("Un jeu tamanoir", chapo="Des travaux au journal local.")
    publish_article("Un travail tamanoir", chapo="Les journaux locaux.")
    pairs = [
        ("élu tamanoir", "élus tamanoirs"),
        ("jeu tamanoir", "jeux tamanoir"),
        ("travail tamanoir", "travaux tamanoir"),
        ("journal tamanoir", "journaux tamanoir"),
    ]
    for singular, plural in pairs:
        slugs, count = _slugs_and_count(client, q=singular)
        assert count == 2, singular
        assert (slugs, count) == _slugs_and_count(client, q=plural), plural
    html = client.get(SEARCH_URL, {"q": "élu tamanoir"}).content.decode()
    assert "<mark>élus</mark>" in html and "<mark>élu</mark>" in html


def test_single_letters_are_not_searched(client):
    """Issue 11, defect 20: « a » matched 13 articles."""
    response = client.get(SEARCH_URL, {"q": "a"})
    html = response.content.decode()
    assert "Tapez au moins deux caractères" in html
    assert response.context["page_obj"].paginator.count == 0
    assert _slugs_and_count(client, q="mairie a") == _slugs_and_count(client, q="mairie")
    html = client.get(SEARCH_URL, {"q": "a b c"}).content.decode()
    assert "ne contient que des mots trop courants" in html


def test_a_typo_gets_a_suggestion(client, publish_article):
    """Issue 11, defect 20: a typo found nothing, with no suggestion."""
    publish_article("Les ornithorynques de la médiathèque", chapo="Un récit.")
    html = client.get(SEARCH_URL, {"q": "ornitorynques médiatèque"}).content.decode()
    assert (
        "Vouliez-vous dire «&nbsp;"
        '<a href="/recherche/?q=ornithorynques+m%C3%A9diath%C3%A8que">'
        "ornithorynques médiathèque</a>&nbsp;»&nbsp;?"
    ) in html
    html = client.get(
        SEARCH_URL, {"q": "Ornitorynque", "theme": "inclusion-numerique"}
    ).content.decode()
    assert "Vouliez-vous dire" not in html  # it would find nothing with these filters
    html = client.get(SEARCH_URL, {"q": "colectivités"}).content.decode()
    assert re.search(
        r'Vouliez-vous dire «&nbsp;<a href="/recherche/\?q=collectivit[^"]+">collectivit\w+</a>',
        html,
    )


def test_no_suggestion_without_a_close_word_that_finds_articles(client, publish_article):
    assert "Vouliez-vous dire" not in client.get(SEARCH_URL, {"q": "zzzzqqq"}).content.decode()
    article = publish_article("Le wombat disparu")
    article.unpublish()  # its words stay known, but would find nothing
    assert "Vouliez-vous dire" not in client.get(SEARCH_URL, {"q": "wombatt"}).content.decode()
    # Known words, never found together: nothing to correct.
    html = client.get(SEARCH_URL, {"q": "mairie wombat"}).content.decode()
    assert "Aucun article publié" in html and "Vouliez-vous dire" not in html


def test_stop_words_only_is_explained(client):
    html = client.get(SEARCH_URL, {"q": "le la de"}).content.decode()
    assert "ne contient que des mots trop courants" in html


def test_search_form_is_labelled_and_keeps_the_filters(client):
    html = client.get(SEARCH_URL, {"q": "mairie", "theme": "inclusion-numerique"}).content
    html = html.decode()
    assert '<label for="q">' in html and '<label for="id_theme">' in html
    assert '<option value="inclusion-numerique" selected>' in html


def test_filter_choices_follow_new_themes_and_years(
    client, publish_article, django_capture_on_commit_callbacks
):
    html = client.get(SEARCH_URL, {"q": "mairie"}).content.decode()  # the choices are remembered
    assert "Thème zorglubien" not in html and '<option value="2015">' not in html
    with django_capture_on_commit_callbacks(execute=True):  # a new generation, once committed
        Theme.objects.create(name="Thème zorglubien", slug="theme-zorglubien")
        publish_article("Le numérique en 2015", on="2015-05-04 09:00")
    html = client.get(SEARCH_URL, {"q": "numérique", "annee": "2015"}).content.decode()
    assert '<option value="theme-zorglubien">Thème zorglubien</option>' in html
    assert '<option value="2015" selected>2015</option>' in html
    assert "le-numerique-en-2015" in html


# Anything a reader, a robot or a fuzzer may send: never a server error.
MALFORMED_QUERIES = [
    "",
    " ",
    "le la les de des et",
    '"',
    '""',
    "'",
    "*",
    "données*",
    "(",
    ")",
    "(données",
    "NEAR",
    "NEAR(données mairie)",
    "AND",
    "OR",
    "NOT",
    "données AND OR NOT",
    "-données",
    "^données",
    "title:données",
    "données:",
    ":",
    "{title chapo}: mairie",
    "a & b | !c <-> d",
    "mairie\x00",
    "\x00",
    "\u202e\u200b\ufeff",
    "🦆 données 🦆",
    "données\ncommune\tmairie",
    "%",
    "%%",
    "_",
    "\\",
    "';--",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "données " * 2_000,
]
MALFORMED_RAW = [
    "q=%ff",
    "q=%ff%fe%fd",
    "q=donn%e9es",
    "q=%00",
    "q=%",
    "q=%zz",
    "q=mairie&q=donnees",
    "q=mairie&page=abc",
    "q=mairie&page=-1",
    "q=mairie&page=0",
    "q=mairie&page=99999999999999999999",
    "q=mairie&page=1.5",
    "q=mairie&page=%00",
    "q=mairie&page=",
    "q=mairie&theme=n-existe-pas",
    "q=mairie&theme=%00",
    "q=mairie&theme=%ff",
    "q=mairie&territoire=1",
    "q=mairie&annee=abc",
    "q=mairie&annee=99999",
    "q=mairie&annee=-2025",
    "q=mairie&annee=2025%00",
    "theme=inclusion-numerique&annee=2025",
    "q[]=mairie",
    "page=2",
]


@pytest.mark.parametrize("query", MALFORMED_QUERIES, ids=range(len(MALFORMED_QUERIES)))
def test_any_query_is_safe(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("raw", MALFORMED_RAW)
def test_any_query_string_is_safe(client, raw):
    assert client.get(f"{SEARCH_URL}?{raw}").status_code == 200
