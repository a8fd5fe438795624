"""The Content-Security-Policy, enforced by Chromium: nothing on the public pages breaks it, and
the Wagtail admin still works under its relaxed policy."""

import pytest

from magazine.articles.models import ArticlePage
from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.browser import VIEWPORT

# Reads the demo's pages: the same on every database (make test runs it on SQLite only).
pytestmark = [pytest.mark.browser, pytest.mark.database_neutral]

NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


@pytest.fixture
def watched_page(browser):
    """A page in a context that enforces the CSP, with the browser's complaints recorded."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    page.complaints = []

    def complain(message):
        if message.type in ("error", "warning"):
            page.complaints.append(message.text)

    page.on("console", complain)
    page.on("pageerror", lambda error: page.complaints.append(str(error)))
    yield page
    context.close()


def test_public_pages_break_no_policy(watched_page, site_url):
    for demo_page in DEMO_PAGES:
        response = watched_page.goto(site_url + demo_page.path, wait_until="load")
        assert response.status == demo_page.status, demo_page.path
        if demo_page.status == 404:  # Chromium reports the 404 itself: expected
            watched_page.complaints.remove(NOT_FOUND)
    assert watched_page.complaints == []


def test_admin_works_under_its_policy(watched_page, site_url):
    page = watched_page
    page.goto(site_url + "/admin/login/", wait_until="load")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-admin-2026")
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/", wait_until="networkidle")
    # The body is a StreamField drawn by the admin's scripts, its paragraphs in Draftail.
    page.wait_for_selector(".Draftail-Editor", timeout=15_000)
    assert page.locator(".Draftail-Editor").count() > 0
    assert [text for text in page.complaints if "Content Security Policy" in text] == []
    page.click("[data-side-panel-toggle=preview]")  # the live preview, in a frame of the admin
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1").first.wait_for(state="attached", timeout=15_000)
    assert preview.locator("h1").first.text_content().split() == article.title.split()
    assert [text for text in page.complaints if "Content Security Policy" in text] == []
