"""Living sources in Chromium (issue 13): a source the checker found gone is offered to readers
as an archived copy; the rédaction follows the board to « Sources à vérifier », finds it with the
article citing it, and has it checked again once the site is back. The site is played on this
machine (magazine/sourcecheck/tests/sites.py)."""

import pytest

from magazine.core.tests.browser.test_accessibility import AXE_TAGS, RUN_AXE, _format
from magazine.sourcecheck.checking import check_due
from magazine.sourcecheck.tests.sites import cite

pytestmark = pytest.mark.browser


def _read_sources(browser, admin_server, article, axe_script=None):
    """The article's sources as a reader gets them (axe-core run on the page if given)."""
    reader = browser.new_context(locale="fr-FR", bypass_csp=True)  # axe is injected
    try:
        page = reader.new_page()
        page.goto(admin_server.url + article.url, wait_until="load")
        sources = page.locator("section.sources")
        links = {
            link.inner_text(): link.get_attribute("href")
            for link in sources.get_by_role("link").all()
        }
        if axe_script:
            page.add_script_tag(path=str(axe_script))
            violations = page.evaluate(RUN_AXE, AXE_TAGS)
            assert not violations, f"axe-core sur l’article :\n{_format(violations)}"
        return links
    finally:
        reader.close()


def test_a_gone_source_is_archived_for_readers_and_checked_again_by_the_redaction(
    admin_as, admin_server, browser, axe_script, site
):
    url = site.url("/supprimee")
    article = cite(url)
    check_due()
    redaction = admin_as("redaction")
    links = _read_sources(browser, admin_server, article, axe_script)
    assert links["Source 0"] == url
    assert links["lien archivé"] == f"https://web.archive.org/web/20250314/{url}"

    page = redaction.page
    redaction.goto("/admin/redaction/")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Sources à vérifier : 1").click()
    row = page.locator("tr").filter(has=page.get_by_role("link", name=url))
    assert "Supprimée (410)" in row.inner_text()
    assert row.get_by_role("link", name=article.title).count() == 1

    site.routes["/supprimee"] = (200, {})  # the site is back
    with page.expect_navigation(wait_until="load"):
        row.get_by_role("button", name="Vérifier maintenant").click()
    assert any("demandée" in text for _kind, text in redaction.messages("success"))
    assert "Toutes les adresses vérifiées répondent." in redaction.text()
    assert "lien archivé" not in _read_sources(browser, admin_server, article)
    redaction.assert_no_server_error("sources à vérifier")
