"""Images served at the size they are shown, in AVIF or WebP, lazily below the fold."""

import math
from urllib.parse import urljoin

import pytest

from magazine.core.tests.browser.conftest import WIDTHS
from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.browser import VIEWPORT, read_to_the_end

# Reads the demo's pages: the same on every database (make test runs it on SQLite only).
pytestmark = [pytest.mark.browser, pytest.mark.database_neutral]

ARTICLE = next(page for page in DEMO_PAGES if page.is_article)
LEAD_IMAGE_BUDGET = 60_000  # bytes, at 800 px wide, whatever the format

# Every content image of the page: how it is offered, what was downloaded, how it is shown.
IMAGES = """() => [...document.querySelectorAll("main img")].map((image) => {
  const picture = image.closest("picture");
  const sources = picture ? [...picture.querySelectorAll("source")] : [];
  const box = image.getBoundingClientRect();
  return {
    src: image.currentSrc,
    lead: Boolean(image.closest(".lead")),
    loading: image.getAttribute("loading"),
    width: image.getAttribute("width"),
    height: image.getAttribute("height"),
    natural_width: image.naturalWidth,
    shown_width: box.width,
    top: box.top + scrollY,
    types: sources.map((source) => source.type),
    candidates: (image.srcset || "").split(",").map((candidate) => candidate.trim().split(/\\s+/)),
    sources: sources.map((source) => source.srcset),
  };
})"""


def _widths(candidates):
    return sorted(int(descriptor.removesuffix("w")) for _url, descriptor in candidates)


@pytest.fixture
def article_at(browser, site_url):
    contexts = []

    def open_(width):
        context = browser.new_context(
            viewport={"width": width, "height": VIEWPORT["height"]}, locale="fr-FR"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + ARTICLE.path, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()


def test_pictures_offer_avif_webp_and_a_fallback_with_their_size(article_at):
    page = article_at(WIDTHS["desktop"])
    images = page.evaluate(IMAGES)
    assert len(images) >= 2 and sum(image["lead"] for image in images) == 1
    for image in images:
        assert image["types"] == ["image/avif", "image/webp"], image["src"]
        assert int(image["width"]) > 0 and int(image["height"]) > 0  # no layout shift
        assert len(image["candidates"]) >= 3  # the JPEG fallback has its srcset too


def test_lazy_below_the_fold_never_the_lead_image(article_at):
    page = article_at(WIDTHS["desktop"])
    for image in page.evaluate(IMAGES):
        if image["lead"]:
            assert image["loading"] != "lazy"
        elif image["top"] > VIEWPORT["height"]:
            assert image["loading"] == "lazy", image["src"]


@pytest.mark.parametrize("width", WIDTHS, ids=str)
def test_the_browser_downloads_no_more_pixels_than_it_shows(article_at, width):
    page = article_at(WIDTHS[width])
    read_to_the_end(page)
    images = page.evaluate(IMAGES)
    for image in images:
        assert image["src"].endswith(".avif"), image["src"]  # Chromium takes the first source
        widths = _widths(image["candidates"])
        needed = image["shown_width"] * 1  # device pixel ratio 1
        enough = next((w for w in widths if w >= math.floor(needed)), widths[-1])
        assert 0 < image["natural_width"] <= enough, (
            f"{image['src']} : {image['natural_width']} px pour {needed:.0f} px affichés"
        )


def test_the_lead_image_at_800_px_weighs_at_most_60_kb(article_at):
    page = article_at(WIDTHS["desktop"])
    [lead] = [image for image in page.evaluate(IMAGES) if image["lead"]]
    assert lead["natural_width"] == 800 and lead["shown_width"] == 800
    chosen = page.request.get(lead["src"])
    assert chosen.ok and len(chosen.body()) <= LEAD_IMAGE_BUDGET
    # The other formats at the same width, for browsers without AVIF.
    for srcset in [*lead["sources"][1:], ",".join(" ".join(c) for c in lead["candidates"])]:
        [url] = [c.split()[0] for c in srcset.split(",") if c.split()[1] == "800w"]
        response = page.request.get(urljoin(page.url, url))
        assert response.ok and len(response.body()) <= LEAD_IMAGE_BUDGET, url
