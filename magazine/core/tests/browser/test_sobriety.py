"""Sobriety budgets, measured by Chromium on a first visit of each page type (empty cache).

The peer to beat, measured on this kind of machine: WordPress 6's default theme serves a post in
6 requests, 27.8 KB, 241 DOM elements and 6 scripts (EcoIndex 86.5).
"""

import pytest

from magazine.demo.pages import DEMO_PAGES

# Reads the demo's pages: the same on every database (make test runs it on SQLite only).
pytestmark = [pytest.mark.browser, pytest.mark.database_neutral]

DOM_BUDGET = {"article": 240, "other": 300}
ECOINDEX_FLOOR = {"article": 88, "other": 87}
# Without content images: the HTML and the stylesheet, nothing else (the favicon is inline).
REQUESTS_WITHOUT_IMAGES = 2
# Compressed as served: the HTML of an article (~1,500 words) fits the first round trip of a TCP
# connection (10 packets, ~14 KB); the stylesheet, 8 KB (in production WhiteNoise serves it
# precompressed, ~2.5 KB; the test server sends the file as it is).
ARTICLE_HTML_BUDGET = 14_000
STYLESHEET_BUDGET = 8_000


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
def test_html_and_stylesheet_compressed_within_budget(visits, demo_page):
    measure = visits.measure(demo_page)
    assert measure.html_body_bytes < measure.html_decoded_bytes, "HTML compressé (gzip)"
    if demo_page.is_article:
        assert measure.html_body_bytes <= ARTICLE_HTML_BUDGET, f"{measure.html_body_bytes} octets"
    assert 0 < measure.stylesheet_body_bytes <= STYLESHEET_BUDGET


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_dom_within_budget(visits, demo_page):
    ecoindex = visits.measure(demo_page).ecoindex
    assert ecoindex.dom_elements <= DOM_BUDGET[_kind(demo_page)], (
        f"{ecoindex.dom_elements} éléments"
    )


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_ecoindex_within_budget(visits, demo_page):
    measure = visits.measure(demo_page)
    ecoindex = measure.ecoindex
    summary = (
        f"{ecoindex} : {ecoindex.dom_elements} éléments, {ecoindex.requests} requêtes, "
        f"{measure.transferred_bytes} octets"
    )
    assert ecoindex.score >= ECOINDEX_FLOOR[_kind(demo_page)], summary
