"""Each role walks the admin it can reach, and every form it opens can be sent as rendered.

Logged in through the login form, each demo account follows the links of its sidebar menu,
the « Pages » explorer down to the articles section and the first articles' editors, and in
each listing its first item and its « add » form. A view that answers a server error fails the
walk. Every form met is sent as it was rendered, unchanged, with its primary button: an object
that was valid when it was loaded (an existing draft, a snippet, the settings) must save again
without « erreurs de validation »; an empty « add » form may be refused, never with a server
error. Every problem met is listed at the end, not only the first, with the server errors of
background requests (autosave) that no page showed.

Menu entries two roles share with the same rights are walked by the first only (`WALKED_BY`),
to keep the walk short; every role walks the articles.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from magazine.core.tests.browser.admin import SERVER_ERROR_PAGE, VALIDATION_FAILED

pytestmark = pytest.mark.browser

ROLES = ["contributrice", "relecteur", "redaction", "admin"]
# Menu entries a role shares with the role walked before it, with the same rights, are walked
# once: the relecteur's menu is the contributrice's (his walk is the articles, where reviewing
# changes what the editor offers); the administrator, a superuser, gets in the rédaction's
# entries the views the rédaction has opened and sent (hers is the rest: accounts, groups,
# workflows, sites… and the articles).
WALKED_BY = {"relecteur": "contributrice", "admin": "redaction"}
ARTICLES_OPENED = 2  # « the first few articles »: each editor is the same form
# Links that act instead of showing (or leave the admin), and views of a page's past.
SKIPPED = re.compile(
    r"/(logout|delete|unpublish|copy|move|lock|unlock|revisions|history|usage|preview|bulk|"
    r"reorder|workflow|privacy|convert_alias|set_privacy|view_draft|compare)/"
    r"|[?&](export|action)=|^#|^https?:|^mailto:"
)
SIDEBAR_LINKS = """() => [...document.querySelectorAll("#wagtail-sidebar a[href]")]
  .map((link) => link.getAttribute("href"))"""
CONTENT_LINKS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((link) => !link.closest("#wagtail-sidebar"))
  .map((link) => link.getAttribute("href"))"""
ITEM = re.compile(r"/(edit/)?\d+/(edit/)?$")  # /snippets/…/edit/3/, /images/5/, /pages/7/edit/
SUBMIT_BUTTON = "form footer [type=submit]"


class Walk:
    def __init__(self, session):
        self.session = session
        self.page = session.page
        self.seen = set()
        self.problems = []
        self.reported = set()  # server errors already listed in a problem

    def server_errors(self, since=None):
        """The server errors since `since` that no problem lists yet."""
        new = self.session.server_errors(since)
        errors = [error for error in new if error not in self.reported]
        self.reported.update(errors)
        return errors

    def problem(self, url, what):
        self.problems.append(f"{urlsplit(url).path} : {what}")

    def visit(self, href):
        """Open `href`; True when it answered without a server error."""
        path = urlsplit(href).path + (f"?{urlsplit(href).query}" if urlsplit(href).query else "")
        if path in self.seen or SKIPPED.search(href):
            return False
        self.seen.add(path)
        since = self.session.mark()
        response = self.page.goto(self.session.base_url + path, wait_until="domcontentloaded")
        errors = self.server_errors(since)
        if response is None or response.status >= 500 or errors:
            status = response.status if response else "pas de réponse"
            self.problem(path, f"erreur du serveur ({status}) {', '.join(map(str, errors))}")
            return False
        if SERVER_ERROR_PAGE.search(self.page.title()):
            self.problem(path, f"page « {self.page.title()} »")
            return False
        return True

    def links(self, selector="a[href]"):
        hrefs = self.page.evaluate(CONTENT_LINKS, selector)
        return [href for href in hrefs if href.startswith("/admin/") and not SKIPPED.search(href)]

    def listing(self, href):
        """A menu entry: the view, then its first item and its « add » form."""
        if not self.visit(href):
            return
        here = urlsplit(self.page.url).path
        items = [
            link
            for link in self.links("main a[href]")
            if ITEM.search(link) and (link.startswith(here) or link in self.links("tbody a[href]"))
        ]
        first_add = next((link for link in self.links() if re.search(r"/add/$", link)), None)
        self.form_if_any(here, existing=True)  # the settings open on their form
        first_item = items[0] if items else None
        if first_item and self.visit(first_item):
            self.form_if_any(first_item, existing=True)
        if first_add and self.visit(first_add):
            self.form_if_any(first_add, existing=False)

    def articles(self):
        """Pages › Articles: the section, its first articles' editors and its « add » form."""
        if not self.visit("/admin/pages/"):
            return
        for _level in range(3):  # the explorer opens on the root, the home page or the section
            if "Articles" in self.page.locator("h1").first.inner_text():
                break
            step = self.explorer_step()
            if step is None or not self.visit(step):
                return self.problem(self.page.url, "pas de chemin vers la rubrique Articles")
        links = self.links()
        rows = self.links("table tbody a[href]")
        editors = [link for link in rows if re.fullmatch(r"/admin/pages/\d+/edit/", link)]
        for editor in dict.fromkeys(editors[:ARTICLES_OPENED]):
            if self.visit(editor):
                self.form_if_any(editor, existing=True)
        add = next((link for link in links if re.search(r"/add_subpage/$", link)), None)
        if add and self.visit(add):
            self.form_if_any(add, existing=False)

    def explorer_step(self):
        """Where the explorer goes next: the « Articles » row if listed, else the first row."""
        rows = self.page.locator("table tbody tr")
        articles = rows.filter(has=self.page.get_by_role("link", name="Articles", exact=True))
        row = articles.first if articles.count() else rows.first
        hrefs = row.locator("a[href]").evaluate_all(
            "links => links.map((link) => link.getAttribute('href'))"
        )
        ids = [found[1] for href in hrefs if (found := re.match(r"/admin/pages/(\d+)/", href))]
        return f"/admin/pages/{ids[0]}/" if ids else None

    def form_if_any(self, url, existing):
        """Send the form of the page as rendered, with its primary button."""
        button = self.page.locator(SUBMIT_BUTTON).filter(visible=True)
        if not button.count() or not button.first.is_enabled():
            return  # no form, or one this person may not send (a page locked in review)
        self.page.wait_for_load_state("load")  # its scripts have built the form (StreamField…)
        if self.page.locator("form[data-w-autosave-interval-value]").count():
            self.session.settle()  # Wagtail autosaves this form: let it finish first
        label = " ".join(button.first.inner_text().split())
        since = self.session.mark()
        try:
            with self.page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):
                button.first.click()
        except PlaywrightTimeout:
            if existing:
                self.problem(url, f"« {label} » : le navigateur n’envoie pas le formulaire")
            return
        errors = self.server_errors(since)
        if errors or SERVER_ERROR_PAGE.search(self.page.title()):
            found = ", ".join(map(str, errors)) or self.page.title()
            return self.problem(url, f"« {label} » : erreur du serveur ({found})")
        if not existing:
            return
        refused = self.session.messages("error")
        if refused or VALIDATION_FAILED in self.session.text():
            self.problem(
                url,
                f"« {label} » sans rien changer : refusé {refused or VALIDATION_FAILED!r} ; "
                f"champs signalés : {self.session.field_errors() or 'aucun'}",
            )


@pytest.mark.parametrize("username", ROLES)
def test_every_admin_view_answers_and_every_form_saves_as_rendered(admin_as, username):
    walked = set()
    if username in WALKED_BY:
        other = admin_as(WALKED_BY[username])
        walked = set(other.page.evaluate(SIDEBAR_LINKS)) - {"/admin/"}
        other.close()
    walk = Walk(admin_as(username))
    walk.visit("/admin/")
    menu = walk.page.evaluate(SIDEBAR_LINKS)
    for href in dict.fromkeys(menu):
        if href.startswith("/admin/") and href not in walked:
            walk.listing(href)
    walk.articles()
    walk.page.wait_for_load_state("load")
    for error in walk.server_errors():  # answered after the walk had moved on
        walk.problem(error.split()[2], f"erreur du serveur en arrière-plan : {error}")
    assert walk.seen, f"{username} n’a rien pu ouvrir"
    assert not walk.problems, (
        f"{username} : {len(walk.problems)} problème(s) en parcourant "
        f"{len(walk.seen)} vues de l’administration :\n" + "\n".join(walk.problems)
    )
