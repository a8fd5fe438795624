"""Reviewers' comments in Chromium (issue 13): the relecteur comments on a field of the article
he reviews (Wagtail's commenting) and sends it back; the contributrice finds the comment beside
the field as the editor opens, with the count at the top of the editor, archives it once dealt
with, and saves. Through the editor as rendered, clicked as each would."""

from urllib.parse import urlsplit

import pytest

from magazine.core.tests.browser.test_admin_journeys import _open_from_dashboard

pytestmark = pytest.mark.browser

SLUG = "accueil-physique-france-services"  # the demo article awaiting review
REMARK = "Le chiffre de 2 500 lieux mérite sa source."
SEND_BACK = "Voir mon commentaire sur le chapô."
# Wagtail's autosave of the editor's form (its Stimulus controller), saving now.
AUTOSAVE_NOW = """() => window.wagtail.app.getControllerForElementAndIdentifier(
  document.querySelector("form[data-controller~='w-autosave']"), "w-autosave").save()"""


def _article(admin_server):
    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        return ArticlePage.objects.get(slug=SLUG)


def _comments(admin_server, article):
    with admin_server.lock:
        return list(
            article.wagtail_admin_comments.values("text", "contentpath", "resolved_by__username")
        )


def test_a_reviewers_comment_is_beside_the_field_until_the_writer_archives_it(
    admin_as, admin_server
):
    article = _article(admin_server)
    relecteur = admin_as("relecteur")
    _open_from_dashboard(relecteur, article.title)
    page = relecteur.page
    _comment_the_chapo(page)
    relecteur.succeed(
        relecteur.workflow_action,
        "relecteur : « Demander des modifications »",
        "Demander des modifications",
        comment=SEND_BACK,
    )
    assert _comments(admin_server, article) == [
        {"text": REMARK, "contentpath": "chapo", "resolved_by__username": None}
    ]
    relecteur.close()

    contributrice = admin_as("contributrice")
    contributrice.goto(f"/admin/pages/{article.pk}/edit/")
    page = contributrice.page
    said = " ".join(page.locator(".send-back-notice").inner_text().split())
    assert f"« {SEND_BACK} »" in said and "1 commentaire dans le texte (Chapô)" in said, said
    comment = page.locator(".comment").filter(has_text=REMARK)
    comment.wait_for(state="visible")  # the comments are open as the editor opens
    page.wait_for_timeout(300)  # the side panel slides in
    field = page.locator("[data-contentpath=chapo]").first.bounding_box()
    beside = comment.bounding_box()
    assert beside["x"] >= field["x"] + field["width"], "le commentaire n’est pas à côté du champ"
    assert field["y"] <= beside["y"] < field["y"] + field["height"] / 2, (
        f"le commentaire n’est pas à la hauteur du chapô (de {field['y']}, haut de "
        f"{field['height']}) : {beside['y']}"
    )

    comment.get_by_role("button", name="Plus d'actions").click()
    comment.get_by_role("menuitem", name="Archiver").click()
    contributrice.succeed(
        contributrice.click_action,
        "contributrice : commentaire archivé",
        "Enregistrer le brouillon",
    )
    assert _comments(admin_server, article) == [
        {"text": REMARK, "contentpath": "chapo", "resolved_by__username": "contributrice"}
    ]
    said = " ".join(page.locator(".send-back-notice").inner_text().split())
    assert "Renvoyé pour modifications" in said and "commentaire dans le texte" not in said
    contributrice.assert_no_server_error("commentaires de relecture")


def _send_back_at_once(relecteur):
    """« Demander des modifications » without waiting for the editor's background requests
    (`workflow_action` would: an answer held by the test never comes)."""
    since, page = relecteur.mark(), relecteur.page
    relecteur.footer_action("Demander des modifications").click()
    dialog = page.locator(".modal-dialog").last
    dialog.locator("textarea").first.fill(SEND_BACK)
    with page.expect_navigation(wait_until="load"):
        dialog.locator("[type=submit]").first.click()
    relecteur.assert_success("relecteur : « Demander des modifications »", since)


def _comment_the_chapo(page):
    """Comment the chapô as a person does: type, « Commenter », see it shown as saved (a click a
    loaded machine's editor missed is made again, as the person would)."""
    page.locator("[data-contentpath=chapo] button.w-field__comment-button").first.click()
    page.locator(".comment textarea").first.fill(REMARK)
    saved = page.locator(".comment__text", has_text=REMARK).first
    for _ in range(6):
        if saved.is_visible():
            break
        if (button := page.get_by_role("button", name="Commenter").first).is_visible():
            button.click()
        page.wait_for_timeout(1000)
    saved.wait_for()


def _comment_on_its_way(page, admin_server, article, on_the_way):
    """Comment the chapô; True once the autosave carrying the comment has reached the server."""
    _comment_the_chapo(page)  # shown as saved: the next autosave carries it
    for tick in range(200):  # about 1.5 s after « Commenter », more on a loaded machine
        if on_the_way and _comments(admin_server, article):
            return True
        if tick % 50 == 49 and not on_the_way:  # it may wait for another change: ask it
            page.evaluate(AUTOSAVE_NOW)
        page.wait_for_timeout(100)
    return False


def test_a_comment_sent_back_while_its_autosave_is_on_the_way_is_kept_once(admin_as, admin_server):
    """Wagtail autosaves a new comment about a second after it is posted. The reviewer who sends
    the article back before that autosave's answer arrives submits the comment again, without the
    id the autosave gave it: the article goes back to its writer with that comment, once (it was
    a 500 in CI, then would have been a copy)."""
    article = _article(admin_server)
    relecteur = admin_as("relecteur")
    _open_from_dashboard(relecteur, article.title)
    page = relecteur.page
    on_the_way, seen = [], []

    def hold_the_answer(route):
        """Only the autosave that carries the comment: holding an earlier one (a field's) would
        keep Wagtail from ever sending the next (it waits for the one on its way)."""
        request = route.request
        background = "application/json" in request.headers.get("accept", "")
        body = request.post_data_buffer or b""
        seen.append(REMARK.encode() in body)
        if request.method == "POST" and background and REMARK.encode() in body:
            on_the_way.append(route)
            route.fetch()  # the server saves the comment; the editor is not told
        else:
            route.continue_()

    editor = f"/admin/pages/{article.pk}/edit/"
    page.route(lambda url: urlsplit(url).path == editor, hold_the_answer)
    for _attempt in range(3):
        if _comment_on_its_way(page, admin_server, article, on_the_way):
            break
        # On a very loaded machine, a comment posted while a field's autosave is on its way
        # is shown saved but left out of every later autosave (Wagtail's comments app): the
        # situation this test is about never arises. Start again from a fresh editor.
        page.reload(wait_until="load")
    assert on_the_way, f"Wagtail n’a pas enregistré le commentaire en arrière-plan : {seen}"
    assert _comments(admin_server, article) == [
        {"text": REMARK, "contentpath": "chapo", "resolved_by__username": None}
    ]

    _send_back_at_once(relecteur)
    assert _comments(admin_server, article) == [
        {"text": REMARK, "contentpath": "chapo", "resolved_by__username": None}
    ]
    with admin_server.lock:
        assert article.workflow_states.order_by("created_at").last().status == "needs_changes"


def test_a_comment_posted_while_a_fields_autosave_is_on_its_way_is_kept(admin_as, admin_server):
    """The reviewer changes the chapô (its autosave is slow to answer) and, meanwhile, comments on
    it: the comment reaches the article, by the next autosave or by sending it back.

    It does not yet: the slow answer carries the comments as they were when that autosave left
    (none), and Wagtail's comments app takes them for the truth, dropping the new comment from
    the form while still showing it. Found this session; to fix next (issue 13's follow-up)."""
    article = _article(admin_server)
    relecteur = admin_as("relecteur")
    _open_from_dashboard(relecteur, article.title)
    page = relecteur.page
    held, bodies = [], []

    def slow_first_answer(route):
        request = route.request
        if request.method == "POST" and "application/json" in request.headers.get("accept", ""):
            bodies.append(REMARK.encode() in (request.post_data_buffer or b""))
            if not held:
                held.extend([route.fetch(), route])  # saved; the answer waits (a slow server)
                return
        route.continue_()

    editor = f"/admin/pages/{article.pk}/edit/"
    page.route(lambda url: urlsplit(url).path == editor, slow_first_answer)
    chapo = page.locator("#id_chapo")
    chapo.fill(chapo.input_value() + " Selon l’ANCT.")
    for tick in range(100):
        if len(held) == 2:
            break
        if tick % 30 == 29:
            page.evaluate(AUTOSAVE_NOW)
        page.wait_for_timeout(100)
    assert len(held) == 2, f"l’enregistrement automatique du chapô n’est pas parti : {bodies}"
    _comment_the_chapo(page)
    response, route = held
    route.fulfill(response=response)  # the slow answer arrives
    for tick in range(100):
        if _comments(admin_server, article):
            break
        if tick % 30 == 29:
            page.evaluate(AUTOSAVE_NOW)
        page.wait_for_timeout(100)
    autosaved = _comments(admin_server, article)

    _send_back_at_once(relecteur)
    assert _comments(admin_server, article) == [
        {"text": REMARK, "contentpath": "chapo", "resolved_by__username": None}
    ], f"commentaire perdu ; enregistré en arrière-plan : {autosaved} ; envois : {bodies}"
