"""What a page weighs in a real browser: Debian's Chromium, driven by Playwright, visits a page
in a fresh context and measures it on arrival (requests, bytes, DOM elements, EcoIndex). Used by
the browser tests and by `manage.py measure_sobriety`, which writes the published measures.

One visit per demo page: opened once in a fresh browser context, measured on arrival.

Rendering a page on the test server is the slow part of the browser suite, so each demo page is
loaded once and shared by the tests that only look at it (axe in every colour scheme and width,
the title, the sobriety budgets). What the network and the DOM show is measured right after the
load, before any test injects axe or changes the viewport.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from magazine.sobriety.ecoindex import EcoIndex

VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM = Path("/usr/bin/chromium")  # Debian's: never a browser downloaded by Playwright
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Scripts the browser would run: <script> elements but data blocks (JSON-LD), and inline handlers.
MEASURE = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const elements = [...document.getElementsByTagName("*")];
  const javascript = /^(module|(text|application)[/](x-)?(java|ecma)script)$/i;
  return {
    dom_elements: elements.length,
    scripts: [...document.scripts].filter((script) => !script.type || javascript.test(script.type))
      .length,
    event_handlers: elements.filter(
      (element) => [...element.attributes].some((attribute) => attribute.name.startsWith("on"))
    ).length,
    font_faces: document.fonts.size,
    html_bytes: navigation.transferSize,
    html_body_bytes: navigation.encodedBodySize,
    html_decoded_bytes: navigation.decodedBodySize,
    stylesheet_body_bytes: resources.filter((resource) => resource.initiatorType === "link")
      .reduce((total, resource) => total + resource.encodedBodySize, 0),
    transferred_bytes: resources.reduce(
      (total, resource) => total + resource.transferSize, navigation.transferSize
    ),
    image_urls: [...document.images].map((image) => image.currentSrc).filter(Boolean),
  };
}"""


@dataclass
class Measure:
    """What one page costs, as Chromium saw it on a first visit (empty cache)."""

    requests: list  # (url, Playwright resource type), data: URLs left out
    dom_elements: int
    scripts: int
    event_handlers: int
    font_faces: int
    html_bytes: int  # transferred: the body as served (compressed) and the headers
    html_body_bytes: int  # the body as served
    html_decoded_bytes: int  # the body uncompressed
    stylesheet_body_bytes: int
    transferred_bytes: int
    image_urls: list = field(default_factory=list)

    def requests_of_type(self, *types):
        return [url for url, kind in self.requests if kind in types]

    def requests_except_images(self):
        """Every request but the content images the page displays (a favicon would count)."""
        shown = set(self.image_urls)
        return [url for url, _ in self.requests if url not in shown]

    def other_origins(self, site_url):
        origin = urlsplit(site_url)[:2]
        return [url for url, _ in self.requests if urlsplit(url)[:2] != origin]

    @property
    def ecoindex(self):
        return EcoIndex.from_bytes(self.dom_elements, len(self.requests), self.transferred_bytes)


# Scroll to the bottom step by step so that every lazy image starts loading, then wait for them.
READ_TO_THE_END = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  scrollTo(0, document.documentElement.scrollHeight);
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
}"""
TRANSFERRED = """() => performance.getEntriesByType("navigation").concat(
  performance.getEntriesByType("resource")
).reduce((total, entry) => total + entry.transferSize, 0)"""


def read_to_the_end(page):
    """Scroll through `page` until its lazy images are loaded; return the bytes transferred for
    it so far (bodies as served and headers, every request)."""
    page.evaluate(READ_TO_THE_END)
    return page.evaluate(TRANSFERRED)


class Visits:
    """The demo pages opened so far, each in its own context, with their measures."""

    def __init__(self, browser, site_url):
        self.browser = browser
        self.site_url = site_url
        self._pages = {}
        self.measures = {}

    def page(self, demo_page):
        if demo_page not in self._pages:
            self._pages[demo_page] = self._visit(demo_page)
        return self._pages[demo_page]

    def measure(self, demo_page):
        self.page(demo_page)
        return self.measures[demo_page]

    def _visit(self, demo_page):
        context = self.browser.new_context(
            viewport=VIEWPORT,
            color_scheme="light",
            locale="fr-FR",
            # axe is injected as an inline script: the page's own CSP must not block it.
            bypass_csp=True,
        )
        page = context.new_page()
        requests = []

        def record(request):
            if not request.url.startswith("data:"):
                requests.append((request.url, request.resource_type))

        page.on("request", record)
        response = page.goto(self.site_url + demo_page.path, wait_until="load")
        assert response.status == demo_page.status, f"{demo_page.path} : {response.status}"
        self.measures[demo_page] = Measure(requests=requests, **page.evaluate(MEASURE))
        return page

    def close(self):
        for page in self._pages.values():
            page.context.close()
