"""Each page states its weight in its footer: what Chromium transfers to read it whole."""

import re

import pytest

from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.browser import VIEWPORT, read_to_the_end
from magazine.sobriety.weight import footprint_grams

# Reads the demo's pages: the same on every database (make test runs it on SQLite only).
pytestmark = [pytest.mark.browser, pytest.mark.database_neutral]

STATED = re.compile(
    r"Cette page pèse (?P<kilobytes>[\d\u202f]+(?:,\d)?)\u00a0Ko(?P<whole> lue en entier)? "
    r"— environ (?P<grams>\d+,\d+)\u00a0g CO₂e\."
)
WEIGHED = [page for page in DEMO_PAGES if page.name in {"article", "accueil", "articles"}]


def _number(text):
    return float(text.replace("\u202f", "").replace(",", "."))


@pytest.mark.parametrize("demo_page", WEIGHED, ids=str)
def test_footer_states_what_the_browser_transfers_within_ten_percent(browser, site_url, demo_page):
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(site_url + demo_page.path, wait_until="load")
        statement = STATED.search(page.locator("footer.site-footer").inner_text())
        assert statement, page.locator("footer.site-footer").inner_text()
        transferred = read_to_the_end(page)
        lazy_images = page.evaluate("document.querySelectorAll('img[loading=lazy]').length")
    finally:
        context.close()
    stated = _number(statement["kilobytes"]) * 1000
    assert abs(stated - transferred) <= 0.1 * transferred, (
        f"annoncé {stated:.0f} octets, mesuré {transferred} octets"
    )
    assert bool(statement["whole"]) == (lazy_images > 0)
    # Sustainable Web Design v4: 0.3 kWh/GB, 494 gCO₂e/kWh.
    assert _number(statement["grams"]) == pytest.approx(footprint_grams(stated), abs=0.0006)


def test_the_weight_is_the_same_on_every_rendering(client):
    """The same content, the same bytes: the ETag holds (each page rendered afresh here, the
    session cookie keeping it out of the page cache)."""
    client.cookies["sessionid"] = "personne"
    first = client.get("/articles/etat-civil-mairie-rurale/")
    second = client.get("/articles/etat-civil-mairie-rurale/")
    assert "hit" not in (first.get("X-Page-Cache"), second.get("X-Page-Cache"))
    assert b"Cette page p\xc3\xa8se" in first.content
    assert first.content == second.content
    assert b"lemag:poids" not in first.content


def test_pages_without_the_footer_are_left_alone(client):
    feed = client.get("/flux/rss/")
    assert feed.status_code == 200
    assert b"Cette page p\xc3\xa8se" not in feed.content
