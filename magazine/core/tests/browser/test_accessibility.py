"""Accessibility in a real browser: axe-core, the keyboard, small screens, titles and language."""

import pytest

from magazine.core.tests.browser.conftest import WIDTHS
from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.browser import VIEWPORT

# Reads the demo's pages: the same on every database (make test runs it on SQLite only).
pytestmark = [pytest.mark.browser, pytest.mark.database_neutral]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map(
      (node) => node.target.join(" ") + " : " + node.failureSummary.replace(/\\s+/g, " ")
    ),
  }));
}"""
# Where the keyboard can go: links, form controls, anything with a non-negative tabindex.
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
DESCRIBE_FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const label = (element.textContent || element.getAttribute("aria-label") || "").trim();
  return {
    element: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + " « " + label.slice(0, 40) + " »",
    position: [...document.querySelectorAll("*")].indexOf(element),
    focus_visible: element.matches(":focus-visible"),
    indicated: outline || shadow,
  };
}"""

SKIP_LINK_SHOWN = """() => {
  const link = document.activeElement, box = link.getBoundingClientRect();
  return link.getAttribute("href") === "#contenu"
    && box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.width > 0;
}"""
FOCUS_IN_MAIN = """() => {
  const main = document.querySelector("main");
  return main.id === "contenu" && main.contains(document.activeElement);
}"""

SCHEMES_AND_WIDTHS = [
    (scheme, width) for width in WIDTHS for scheme in ("light", "dark")
]  # fmt: skip


def _format(violations):
    return "\n".join(
        f"- {v['rule']} ({v['impact']}) : {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize(("scheme", "width"), SCHEMES_AND_WIDTHS)
@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_axe_finds_no_violation_and_nothing_scrolls_sideways(
    visits, axe_script, demo_page, scheme, width
):
    page = visits.page(demo_page)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": WIDTHS[width], "height": VIEWPORT["height"]})
    if width == "mobile":
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= WIDTHS["mobile"], f"défilement horizontal : {scroll_width} px"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    assert not violations, f"axe-core sur {demo_page.path} :\n{_format(violations)}"


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_keyboard_reaches_everything_with_visible_focus_and_skips_to_content(open_page, demo_page):
    page = open_page(demo_page)
    # A group of radio buttons is one stop of the Tab key (its options are chosen by arrows).
    focusable = page.evaluate(
        f"""() => [...document.querySelectorAll("{FOCUSABLE}")]
          .filter((element) => element.getClientRects().length > 0)
          .filter((element, index, all) => element.type !== "radio" || !all.slice(0, index)
            .some((other) => other.type === "radio" && other.name === element.name)).length"""
    )
    page.keyboard.press("Tab")
    assert page.evaluate(SKIP_LINK_SHOWN), "le premier Tab doit montrer le lien d’évitement"

    reached = [page.evaluate(DESCRIBE_FOCUS)]
    for _ in range(focusable + 2):
        page.keyboard.press("Tab")
        focused = page.evaluate(DESCRIBE_FOCUS)
        if focused is None or focused["position"] <= reached[-1]["position"]:
            break  # Out of the document, or back to its start.
        reached.append(focused)
    unseen = [f["element"] for f in reached if not (f["focus_visible"] and f["indicated"])]
    assert not unseen, f"focus invisible sur {demo_page.path} : {unseen}"
    assert len(reached) == focusable, f"{len(reached)} éléments atteints au clavier sur {focusable}"

    page.focus("a[href='#contenu']")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUS_IN_MAIN), "le lien d’évitement doit mener le focus au contenu"


def test_every_page_is_in_french_with_its_own_meaningful_title(visits):
    titles = {}
    for demo_page in DEMO_PAGES:
        page = visits.page(demo_page)
        assert page.evaluate("document.documentElement.lang") == "fr", demo_page.path
        title = page.title()
        subject, _, site = title.rpartition(" · ")
        assert subject.strip() and site.strip(), f"titre « {title} » sur {demo_page.path}"
        titles.setdefault(title, []).append(demo_page.path)
    shared = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert not shared, f"titres partagés : {shared}"
