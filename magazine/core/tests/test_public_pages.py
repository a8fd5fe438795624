"""Every public page: the shared layout, the standard pages, the 404, valid URLs."""

import re

import pytest

from magazine.demo.pages import DEMO_PAGES
from magazine.testing import html_of


def test_base_layout_has_skip_link_navigation_and_footer(client):
    html = html_of(client, "/")
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    for label, url in [
        ("Thèmes", "/themes/"),
        ("Territoires", "/territoires/"),
        ("Dossiers", "/dossiers/"),
        ("Archives", "/archives/"),
        ("Recherche", "/recherche/"),
        ("À propos", "/a-propos/"),
    ]:
        assert f'<a href="{url}">{label}</a>' in html
    for url in ["/mentions-legales/", "/confidentialite/", "/accessibilite/", "/ecoconception/"]:
        assert f'href="{url}"' in html
    assert 'rel="license">Creative Commons BY-SA 4.0</a>' in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "slug", ["a-propos", "mentions-legales", "confidentialite", "accessibilite", "ecoconception"]
)
def test_standard_pages_have_real_content(client, slug):
    html = html_of(client, f"/{slug}/")
    assert html.count("<p>") >= 5
    assert "<h2" in html


def test_missing_page_is_a_french_404(client):
    html = html_of(client, "/cette-page-n-existe-pas/", status=404)
    assert "Page introuvable" in html


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_every_url_in_a_page_is_valid(client, demo_page):
    """Issue 11, defect 13: the W3C Nu checker rejected every page, whose inline favicon's
    `data:` URL held raw spaces. No href or src may hold white space."""
    html = html_of(client, demo_page.path, demo_page.status)
    urls = re.findall(r'\s(?:href|src)="([^"]*)"', html)
    assert urls
    assert [url for url in urls if re.search(r"\s", url)] == []
    assert 'rel="icon" href="data:image/svg+xml,%3Csvg%20xmlns=' in html
