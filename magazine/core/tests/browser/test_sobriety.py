"""Sobriety budgets, measured by Chromium on a first visit of each page type (empty cache).

The peer to beat, measured on this kind of machine: WordPress 6's default theme serves a post in
6 requests, 27.8 KB, 241 DOM elements and 6 scripts (EcoIndex 86.5).
"""

import pytest

from magazine.core.tests.browser.demo_pages import DEMO_PAGES

pytestmark = pytest.mark.browser

DOM_BUDGET = {"article": 240, "other": 300}
ECOINDEX_FLOOR = {"article": 88, "other": 87}
# Without content images: the HTML and the stylesheet, nothing else (the favicon is inline).
REQUESTS_WITHOUT_IMAGES = 2


def _kind(demo_page):
    return "article" if demo_page.is_article else "other"


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_no_script_no_font_no_other_origin(visits, site_url, demo_page):
    measure = visits.measure(demo_page)
    assert measure.scripts == 0, "aucun <script> exécutable, ni fichier ni en ligne"
    assert measure.event_handlers == 0, "aucun attribut onclick, onload…"
    assert measure.requests_of_type("script") == []
    assert measure.font_faces == 0 and measure.requests_of_type("font") == [], "aucune police web"
    assert measure.other_origins(site_url) == [], "aucune requête vers une autre origine"


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_html_and_one_stylesheet_are_all_a_page_needs_besides_its_images(visits, demo_page):
    measure = visits.measure(demo_page)
    requests = measure.requests_except_images()
    assert len(requests) <= REQUESTS_WITHOUT_IMAGES, requests
    assert len(measure.requests_of_type("stylesheet")) == 1


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_dom_within_budget(visits, demo_page):
    ecoindex = visits.measure(demo_page).ecoindex
    assert ecoindex.dom_elements <= DOM_BUDGET[_kind(demo_page)], (
        f"{ecoindex.dom_elements} éléments"
    )


# The article using every block (notes, table, key figures, table of contents, citation…)
# fits the DOM budget but not yet EcoIndex 88: that needs compressed HTML and a lighter lead
# image as well (issue 5, next increment). `strict` makes this test fail as soon as the
# article reaches 88, so the mark cannot outlive the gap.
ARTICLE_UNDER_ECOINDEX_FLOOR = pytest.mark.xfail(
    strict=True,
    reason="issue 5 : l’article complet n’atteint pas encore l’EcoIndex 88",
)


@pytest.mark.parametrize(
    "demo_page",
    [
        pytest.param(page, marks=ARTICLE_UNDER_ECOINDEX_FLOOR) if page.is_article else page
        for page in DEMO_PAGES
    ],
    ids=str,
)
def test_ecoindex_within_budget(visits, demo_page):
    measure = visits.measure(demo_page)
    ecoindex = measure.ecoindex
    summary = (
        f"{ecoindex} : {ecoindex.dom_elements} éléments, {ecoindex.requests} requêtes, "
        f"{measure.transferred_bytes} octets"
    )
    assert ecoindex.score >= ECOINDEX_FLOOR[_kind(demo_page)], summary
