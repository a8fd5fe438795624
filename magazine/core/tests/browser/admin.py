"""A person in the real Wagtail admin, driven in Chromium: what the admin journeys do with it.

`AdminSession` logs a demo account in through the login form, then clicks, types and saves as
that person would, with selectors taken from what Wagtail 8 renders in French (roles, labels and
the few structural hooks Wagtail's own scripts use: `#id_<field>`, `#<field>-root` for a
StreamField, `footer` for the action bar, `.messages` for Wagtail's messages). It records every
error the browser received, and reads the server's own list of the errors it answered, so that a
step fails on a server error even when it came from a background request (autosave, preview,
modal), or from one whose answer came after the browser had left the page.
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

ACCOUNTS = {
    "contributrice": "demo-contributrice-2026",
    "relecteur": "demo-relecteur-2026",
    "redaction": "demo-redaction-2026",
    "admin": "demo-admin-2026",
}
VIEWPORT = {"width": 1280, "height": 900}
# « La page ne peut être créée du fait d'erreurs de validation. »
VALIDATION_FAILED = "erreurs de validation"
SERVER_ERROR_PAGE = re.compile(r"Erreur (du )?serveur|Server Error", re.IGNORECASE)
PREVIEW_UNAVAILABLE = "Prévisualisation indisponible"
AUTOSAVE_DEBOUNCE_SECONDS = 0.8  # Wagtail autosaves 500 ms after the last change
MORE_ACTIONS = re.compile(r"Plus d.actions|More actions", re.IGNORECASE)
FOOTNOTE_BUTTON = re.compile(r"^Fn\b|footnote|note de bas de page", re.IGNORECASE)

_FIELD_ERRORS = """() => [...document.querySelectorAll(
  ".error-message, .help-critical, .w-field__errors, .help-block.help-critical"
)].filter((element) => element.offsetParent !== null && element.innerText.trim())
 .map((element) => {
   const field = element.closest("[data-contentpath]");
   return `${field ? field.dataset.contentpath : "?"}: ${element.innerText.trim()}`;
 })"""


@dataclass(frozen=True)
class Answer:
    status: int
    method: str
    url: str
    kind: str  # Playwright's resource type: document, fetch, xhr…

    def __str__(self):
        path = urlsplit(self.url)
        where = path.path + (f"?{path.query}" if path.query else "")
        background = "" if self.kind == "document" else f" (requête {self.kind} en arrière-plan)"
        return f"{self.status} {self.method} {where}{background}"


class AdminSession:
    """One person logged in the admin, in a browser context of their own."""

    def __init__(self, browser, base_url, username, server_errors=(), server_tracebacks=()):
        self.base_url = base_url
        self.username = username
        self.server_side = server_errors  # what the server itself answered with an error
        self.server_tracebacks = server_tracebacks  # and why, in the same order
        self.start = (0, len(server_errors))  # the server's list spans every test
        self.context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.answers = []  # every answer with a status >= 400
        self._in_flight = set()
        self.page.on("response", self._record)
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        # Wagtail asks before leaving a form with unsaved changes: the person agrees.
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.log_in()

    # What the server answered

    def _record(self, response):
        if response.status >= 400:
            request = response.request
            self.answers.append(
                Answer(response.status, request.method, response.url, request.resource_type)
            )

    def _started(self, request):
        if request.resource_type in ("fetch", "xhr"):
            self._in_flight.add(request)

    def _ended(self, request):
        self._in_flight.discard(request)

    def mark(self):
        """Where things stand, for `server_errors(since=…)`."""
        return len(self.answers), len(self.server_side)

    def server_errors(self, since=None):
        """The server errors since `since` (a `mark()`; by default since this person logged
        in): those the browser received, then those only the server saw (an answer to a page
        already left)."""
        since = since or self.start
        seen = [str(answer) for answer in self.answers[since[0] :] if answer.status >= 500]
        received = {" ".join(error.split()[:3]).split("?")[0] for error in seen}
        unseen = [
            f"{error} (réponse jamais lue par le navigateur)"
            for error in self.server_side[since[1] :]
            if error.split("?")[0] not in received
        ]
        return seen + unseen

    def assert_no_server_error(self, step, since=None):
        errors = self.server_errors(since)
        tracebacks = [text for text in self.server_tracebacks[(since or self.start)[1] :] if text]
        assert not errors, (
            f"{step} : le serveur a répondu par une erreur : "
            + ", ".join(errors)
            + "".join(f"\n\n{text}" for text in tracebacks)
        )

    # Moving around

    def log_in(self):
        """Through the login form, as anyone would (no session forged by the test)."""
        self.goto("/admin/login/")
        self.page.locator("#id_username").fill(self.username)
        self.page.locator("#id_password").fill(ACCOUNTS[self.username])
        with self.page.expect_navigation(wait_until="load"):
            self.page.locator("form button[type=submit]").click()
        assert "/admin/login/" not in self.page.url, (
            f"{self.username} n’a pas pu se connecter : {self.text()[:300]}"
        )

    def goto(self, path_or_url):
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"{url} : pas de réponse"
        assert response.status < 500, f"{url} : {response.status}\n{self.text()[:500]}"
        return response

    def text(self):
        return self.page.locator("body").inner_text()

    def settle(self):
        """Wait until no background request (autosave, preview…) has been running for a
        moment: what the person sees is what the server holds."""
        deadline = time.monotonic() + 30
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            if self._in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= AUTOSAVE_DEBOUNCE_SECONDS:
                return

    # Reading what Wagtail says

    def messages(self, kind=None):
        """Wagtail's messages at the top of the page: [(kind, text)], kind among success,
        error, warning, info."""
        found = []
        for item in self.page.locator(".messages li").all():
            classes = (item.get_attribute("class") or "").split()
            item_kind = next(
                (name for name in ("success", "error", "warning", "info") if name in classes),
                "info",
            )
            if kind in (None, item_kind):
                found.append((item_kind, " ".join(item.inner_text().split())))
        return found

    def field_errors(self):
        return self.page.evaluate(_FIELD_ERRORS)

    def assert_success(self, step, since=None):
        """The last action succeeded: Wagtail says so, and says nothing went wrong."""
        self.assert_no_server_error(step, since)
        body = self.text()
        assert not SERVER_ERROR_PAGE.search(self.page.title() + body[:500]), (
            f"{step} : page d’erreur du serveur ({self.page.url})"
        )
        errors = self.messages("error")
        assert VALIDATION_FAILED not in body and not errors, (
            f"{step} : refusé ({self.page.url}) : {errors or VALIDATION_FAILED!r} ; "
            f"champs signalés : {self.field_errors() or 'aucun'}"
        )
        assert self.messages("success"), (
            f"{step} : aucun message de succès ({self.page.url}) ; messages : {self.messages()}"
        )

    # The editor's action bar (« Enregistrer le brouillon », then « Plus d'actions »)

    def footer_action(self, name):
        """The button of the action bar called `name` (a string or a pattern), or None."""
        footer = self.page.locator("footer")
        button = footer.get_by_role("button", name=name)
        if button.count() and button.first.is_visible():
            return button.first
        toggle = footer.get_by_role("button", name=MORE_ACTIONS)
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()
            if button.count() and button.first.is_visible():
                return button.first
            self.page.keyboard.press("Escape")
        return None

    def footer_actions(self):
        """The names of every action the bar offers (the dropdown included)."""
        footer = self.page.locator("footer")
        toggle = footer.get_by_role("button", name=MORE_ACTIONS)
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()
        names = [
            " ".join(button.inner_text().split())
            for button in footer.get_by_role("button").all()
            if button.is_visible()
        ]
        self.page.keyboard.press("Escape")
        return names

    def click_action(self, name, step=None):
        """Click an action of the bar and wait for the page it leads to."""
        self.settle()
        button = self.footer_action(name)
        assert button is not None, (
            f"{step or name} : l’action « {name} » n’est pas proposée ; "
            f"actions : {self.footer_actions()}"
        )
        with self.page.expect_navigation(wait_until="load"):
            button.click()

    def succeed(self, action, step, *args, **kwargs):
        """Do `action` (a method of this session: `click_action`, `workflow_action`…) and
        check that it succeeded (`assert_success`) from what happened since it started."""
        since = self.mark()
        action(*args, **kwargs)
        self.assert_success(step, since)

    def workflow_action(self, name, comment=None):
        """A workflow action of the bar (« Demander des modifications », « Approuver »…),
        with the comment its window asks for, if it asks."""
        self.settle()
        button = self.footer_action(name)
        assert button is not None, (
            f"l’action « {name} » n’est pas proposée ; actions : {self.footer_actions()}"
        )
        if button.get_attribute("data-workflow-action-modal-url"):
            button.click()
            dialog = self.page.locator(".modal-dialog").last
            dialog.locator("textarea").first.wait_for()
            if comment is not None:
                dialog.locator("textarea").first.fill(comment)
            with self.page.expect_navigation(wait_until="load"):
                dialog.locator("[type=submit]").first.click()
        else:
            with self.page.expect_navigation(wait_until="load"):
                button.click()

    # Filling an article

    def open_tab(self, name):
        self.page.get_by_role("tab", name=name).click()

    def add_inline(self, label_pattern):
        """Click « Ajouter un(e) … » of an inline panel; return the new child form."""
        button = self.page.get_by_role("button", name=label_pattern).first
        panel_id = button.get_attribute("id") or ""  # id_<relation>-ADD
        relation = panel_id.removeprefix("id_").removesuffix("-ADD")
        total = self.page.locator(f"#id_{relation}-TOTAL_FORMS")
        index = int(total.input_value())
        button.click()
        child = self.page.locator(f"#inline_child_{relation}-{index}")
        child.wait_for()
        return child

    def choose(self, within, button_pattern, item):
        """Open a chooser (snippet, page, image) and pick `item` in its window."""
        within.get_by_role("button", name=button_pattern).first.click()
        dialog = self.page.locator(".modal-dialog").last
        dialog.get_by_role("link", name=item).first.click()
        dialog.wait_for(state="detached")

    def add_block(self, field, block_label):
        """Append a block to a StreamField; return the new block's element."""
        root = self.page.locator(f"#{field}-root")
        blocks = root.locator(
            ":scope > [data-streamfield-stream-container] > [data-streamfield-child]"
        )
        before = blocks.count()
        root.locator("button.c-sf-add-button").last.click()
        self.page.get_by_role("listbox").get_by_role("option", name=block_label, exact=True).click()
        block = blocks.nth(before)
        block.wait_for()
        return block

    def type_rich_text(self, within, text):
        editor = within.locator("[contenteditable=true]").first
        editor.click()
        self.page.keyboard.press("End")
        self.page.keyboard.type(text)
        return editor

    def insert_footnote(self, editor, text):
        """Call a new footnote at the end of `editor` with the « Fn » control (Draftail's
        command menu, « / »), and type its text in the note the control adds."""
        since = len(self.answers)
        editor.click()
        self.page.keyboard.press("Control+End")
        self.page.keyboard.type("/")
        self.page.get_by_role("option", name=FOOTNOTE_BUTTON).first.click()
        modal = self.page.locator("#footnotes-modal, .modal-dialog").last
        try:
            modal.wait_for(state="visible", timeout=10_000)
        except Exception:  # noqa: BLE001 - the message below says what went wrong
            failures = [str(answer) for answer in self.answers[since:]]
            raise AssertionError(
                "le bouton « Fn » (note de bas de page) n’ouvre pas sa fenêtre ; réponses en "
                f"erreur : {failures or 'aucune'}"
            ) from None
        index = int(self.page.locator("#id_footnotes-TOTAL_FORMS").input_value())
        create = self.page.locator("#footnotes-create-new")
        if not create.count():
            create = modal.get_by_role("button", name=re.compile(r"nouvelle|new", re.IGNORECASE))
        create.first.click()
        note = self.page.locator(f"#inline_child_footnotes-{index}")
        note.wait_for()
        self.type_rich_text(note, text)
        return note

    def preview(self):
        """Open the preview panel; return (text shown, server errors meanwhile)."""
        since = self.mark()
        self.settle()
        self.page.get_by_role("button", name=re.compile("prévisualisation", re.IGNORECASE)).click()
        frame = self.page.frame_locator("[data-side-panel='preview'] iframe").first
        # The frame is empty (about:blank) until Wagtail's script loads the preview into it,
        # which a busy machine may start later than `settle` waits for.
        frame.locator("body *").first.wait_for()
        self.settle()
        self.page.wait_for_load_state("load")
        text = frame.locator("body").inner_text()
        return text, self.server_errors(since)

    def close(self):
        self.context.close()
