"""Every role does its job in the real admin, in Chromium (issue 11, « What keeps them fixed »).

The journeys log in through the login form and click, type and save in the pages Wagtail
renders: nothing posts hand-built form data, nothing forges a session. An article goes the whole
way — written by the contributrice with every block type, sent back by the relecteur, corrected,
approved, validated and published by the rédaction — then the rédaction's own work (scheduling
for a typed date, a public correction), then the refusals: a reviewer who co-wrote the article,
and the rédaction publishing an article no one has reviewed. The refusals start from a state
made with Wagtail's own API (a revision submitted to the workflow, a copied draft), so that each
checks its rule whatever happens to the others.
"""

import re
from urllib.parse import urlsplit

import pytest

from magazine.core.tests.browser.admin import PREVIEW_UNAVAILABLE

pytestmark = pytest.mark.browser

TITLE = "Fibre à Allanche : l’été des élu·es"
CHAPO = (
    "À Allanche, dans le Cantal, la fibre arrive enfin : ce que les élu·es ont négocié avec "
    "l’opérateur, et ce qu’il reste à raccorder."
)
PARAGRAPH = "La tranchée a traversé la place du foirail en juillet."
HEADING = "Ce que la commune a payé"
FOOTNOTE = "Délibération du conseil municipal d’Allanche, 12 mai 2026."
IMAGE = "Registres et écrans"  # a demo image
IMAGE_ALT = "Une tranchée ouverte sur la place du foirail, des gaines orange au fond."
QUOTE = "Sans la fibre, nos artisans partaient s’installer à Murat."
QUOTE_BY = "Le maire d’Allanche"
CALLOUT = "Le raccordement final reste à la charge de chaque foyer."
FIGURE = "12 000 €"
FIGURE_MEANS = "payés par la commune pour la tranchée"
DOCUMENT = "Grille d’auto-évaluation d’une concertation en ligne (PDF)"  # a demo document
TABLE = [["Hameau", "Foyers raccordés"], ["Chastel", "38"]]
SOURCE = "Observatoire du haut et du très haut débit, Arcep"
COMMENT = "Précisez la date de la délibération et le coût pour la commune."
CORRECTED_CHAPO = CHAPO + " Coût pour la commune : 12 000 euros."
THEME = "Résilience des infrastructures"
TERRITORY_KIND = "Commune rurale"
AWAITING_REVIEW = re.compile(r"En attente de votre (vérification|relecture)", re.IGNORECASE)
SUBMIT = re.compile(r"^(Re)?[Ss]oumettre à")
REFUSED_UNREVIEWED = re.compile(r"relu|relecture|relect", re.IGNORECASE)


def _words(text):
    """Text as read, whatever the spaces (the site sets non-breaking ones before « : »)."""
    return " ".join(text.split())


def _article_id(session):
    """The id of the article open in `session`'s editor (/admin/pages/<id>/edit/)."""
    match = re.search(r"/admin/pages/(\d+)/edit/", session.page.url)
    assert match, f"pas dans l’éditeur d’une page : {session.page.url}"
    return int(match.group(1))


def _open_from_dashboard(session, title):
    """The dashboard lists the article among those awaiting this person; open it."""
    session.goto("/admin/")
    panel = session.page.locator("section, .w-panel, .panel").filter(has_text=AWAITING_REVIEW)
    assert panel.count(), (
        f"{session.username} : le tableau de bord n’a pas de liste « En attente de votre "
        f"vérification » ; il montre : {session.text()[:600]}"
    )
    link = panel.last.get_by_role("link", name=title).first
    assert link.count(), (
        f"{session.username} : « {title} » n’est pas « En attente de votre vérification » ; "
        f"la liste : {panel.last.inner_text()[:600]}"
    )
    with session.page.expect_navigation(wait_until="load"):
        link.click()
    assert "/edit/" in session.page.url, f"{title} : le lien mène à {session.page.url}"


def _write_article(contributrice):
    """Pages › Articles › add a child page, and fill every part the quality gate asks for."""
    contributrice.goto("/admin/pages/")
    if contributrice.page.get_by_role("link", name="Articles", exact=True).count() and not (
        contributrice.page.get_by_role("heading", name=re.compile("Articles")).count()
    ):
        with contributrice.page.expect_navigation(wait_until="load"):
            contributrice.page.get_by_role("link", name="Articles", exact=True).first.click()
    add = contributrice.page.get_by_role(
        "link", name=re.compile(r"Ajouter une (sous-page|page enfant)", re.IGNORECASE)
    )
    with contributrice.page.expect_navigation(wait_until="load"):
        add.first.click()
    if contributrice.page.get_by_role("link", name="Article", exact=True).count():
        with contributrice.page.expect_navigation(wait_until="load"):  # a choice of page types
            contributrice.page.get_by_role("link", name="Article", exact=True).first.click()
    page = contributrice.page
    assert "/admin/pages/add/" in page.url, f"pas de formulaire de création : {page.url}"

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_chapo").fill(CHAPO)
    author = contributrice.add_inline(re.compile(r"^Ajouter.*auteur", re.IGNORECASE))
    contributrice.choose(author, re.compile(r"Choisir", re.IGNORECASE), "Aminata Diallo")
    paragraph = contributrice.add_block("body", "Paragraphe")
    contributrice.type_rich_text(paragraph, PARAGRAPH)
    heading = contributrice.add_block("body", "Intertitre")
    heading.get_by_role("textbox").first.fill(HEADING)
    image = contributrice.add_block("body", "Image")
    contributrice.choose(image, re.compile(r"Choisir une image", re.IGNORECASE), IMAGE)
    image.get_by_role("textbox", name=re.compile(r"^Texte alternatif", re.IGNORECASE)).fill(
        IMAGE_ALT
    )
    _add_the_other_blocks(contributrice)
    source = contributrice.add_inline(re.compile(r"^Ajouter.*source", re.IGNORECASE))
    source.get_by_label("Titre").fill(SOURCE)
    source.get_by_label("Adresse").fill("https://www.arcep.fr/cartes-et-donnees.html")
    contributrice.open_tab("Classement")
    page.get_by_label(THEME).check()
    page.get_by_label(TERRITORY_KIND).check()
    contributrice.open_tab("Contenu")


def _textbox(within, label):
    return within.get_by_role("textbox", name=re.compile(rf"^{label}", re.IGNORECASE)).first


def _add_the_other_blocks(contributrice):
    """A quote, a callout, key figures, a document and a table: with the paragraph, heading and
    image, every block type of an article."""
    quote = contributrice.add_block("body", "Citation")
    _textbox(quote, "citation").fill(QUOTE)
    _textbox(quote, "qui parle").fill(QUOTE_BY)
    callout = contributrice.add_block("body", "Encadré")
    contributrice.type_rich_text(callout, CALLOUT)
    figures = contributrice.add_block("body", "Chiffres clés")
    if not figures.get_by_role("textbox", name=re.compile(r"^chiffre", re.IGNORECASE)).count():
        figures.locator("button.c-sf-add-button").first.click()
    _textbox(figures, "chiffre").fill(FIGURE)
    _textbox(figures, "ce qu").fill(FIGURE_MEANS)
    document = contributrice.add_block("body", "Document à télécharger")
    contributrice.choose(document, re.compile(r"Choisir un document", re.IGNORECASE), DOCUMENT)
    table = contributrice.add_block("body", "Tableau")
    for row, cells in enumerate(TABLE):
        for column, text in enumerate(cells):
            table.locator(".handsontable.ht_master tbody tr").nth(row).locator("td").nth(
                column
            ).click()
            contributrice.page.keyboard.type(text)
            contributrice.page.keyboard.press("Enter")
            contributrice.page.keyboard.press("Escape")  # closes the editor Enter may reopen


def _add_footnote(contributrice):
    paragraph = contributrice.page.locator("#body-root [data-streamfield-child]").first
    editor = paragraph.locator("[contenteditable=true]").first
    contributrice.insert_footnote(editor, FOOTNOTE)


def _save_draft(session, step):
    session.succeed(session.click_action, step, "Enregistrer le brouillon", step)


def _workflow_step_from_dashboard(admin_as, username, action, step, comment=None):
    """`username` opens the article from their dashboard and does `action` with success."""
    session = admin_as(username)
    _open_from_dashboard(session, TITLE)
    session.succeed(session.workflow_action, step, action, comment=comment)
    session.close()


def _check_preview(session):
    shown, errors = session.preview()
    assert not errors, f"(a) prévisualisation : erreur du serveur : {', '.join(errors)}"
    assert PREVIEW_UNAVAILABLE not in shown, (
        f"(a) « {PREVIEW_UNAVAILABLE} » ; champs signalés : {session.field_errors()}"
    )
    assert _words(TITLE) in _words(shown), (
        f"(a) la prévisualisation ne montre pas le titre : {_words(shown)[:400]}"
    )


def _public_url(admin_server, article_id):
    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        article = ArticlePage.objects.get(pk=article_id)
        return article.live, article.url


def _mail_to(mailoutbox, address):
    return [message for message in mailoutbox if address in message.to]


def test_an_article_goes_from_draft_to_publication_through_review(
    admin_as, admin_server, browser, mailoutbox
):
    noticed = []  # what is wrong but does not stop the journey, reported at its end

    # (a) The contributrice writes the article, saves it, previews it, adds a note, submits it.
    contributrice = admin_as("contributrice")
    _write_article(contributrice)
    _save_draft(contributrice, "(a) contributrice : « Enregistrer le brouillon » (nouvel article)")
    article_id = _article_id(contributrice)
    _check_preview(contributrice)
    _add_footnote(contributrice)
    _save_draft(contributrice, "(a) contributrice : brouillon enregistré avec une note")
    back_link = contributrice.page.locator(".footnote-back-link").first
    back_link.wait_for()
    assert back_link.inner_text() == "↑ Aller à l’appel de note", (
        f"(a) le lien de la note vers son appel n’est pas en français : {back_link.inner_text()}"
    )
    step = "(a) contributrice : « Soumettre à Relecture »"
    contributrice.succeed(contributrice.click_action, step, SUBMIT, step)
    contributrice.close()

    # (b) The relecteur finds it on his dashboard and sends it back with a comment.
    _workflow_step_from_dashboard(
        admin_as,
        "relecteur",
        "Demander des modifications",
        "(b) relecteur : « Demander des modifications »",
        comment=COMMENT,
    )

    # (c) The contributrice reads the comment, corrects, submits again.
    contributrice = admin_as("contributrice")
    contributrice.goto(f"/admin/pages/{article_id}/edit/")
    if _words(COMMENT) not in _words(contributrice.text()):
        noticed.append(
            "(c) la contributrice ne voit pas le commentaire du relecteur dans l’éditeur "
            f"(« {COMMENT} »)"
        )
    contributrice.page.locator("#id_chapo").fill(CORRECTED_CHAPO)
    _save_draft(contributrice, "(c) contributrice : brouillon corrigé")
    step = "(c) contributrice : soumettre à nouveau"
    contributrice.succeed(contributrice.click_action, step, SUBMIT, step)
    contributrice.close()

    # (d) The relecteur approves.
    _workflow_step_from_dashboard(
        admin_as, "relecteur", "Approuver", "(d) relecteur : « Approuver »"
    )

    # (e) The rédaction en chef validates: her approval publishes.
    _workflow_step_from_dashboard(
        admin_as, "redaction", "Approuver", "(e) rédaction : « Approuver » (validation)"
    )

    # (f) The public page, and the e-mails.
    live, url = _public_url(admin_server, article_id)
    assert live, "(f) l’article n’est pas publié après la validation de la rédaction"
    assert urlsplit(url).path.isascii(), f"(f) adresse tirée du titre, non ASCII : {url}"
    reader = browser.new_context(locale="fr-FR")
    try:
        page = reader.new_page()
        response = page.goto(admin_server.url + urlsplit(url).path, wait_until="load")
        assert response.status == 200, f"(f) {url} : {response.status}"
        text = _words(page.locator("body").inner_text())
        alts = [image.get_attribute("alt") for image in page.locator("main img").all()]
    finally:
        reader.close()
    assert _words(TITLE) in text, f"(f) la page publique ne montre pas le titre : {text[:300]}"
    assert re.search(r"Relu par[^.]*Yacine Belkacem", text), (
        "(f) la page publique ne dit pas « Relu par Yacine Belkacem »"
    )
    assert _words(FOOTNOTE) in text, "(f) la note de bas de page n’est pas sur la page publique"
    for shown in (QUOTE, QUOTE_BY, CALLOUT, FIGURE, FIGURE_MEANS, DOCUMENT, *TABLE[1]):
        assert _words(shown) in text, f"(f) « {shown} » n’est pas sur la page publique"
    assert IMAGE_ALT in alts, f"(f) l’image n’est pas sur la page publique avec son texte : {alts}"

    to_relecteur = _mail_to(mailoutbox, "relecteur@example.org")
    to_contributrice = _mail_to(mailoutbox, "contributrice@example.org")
    assert any(TITLE in message.subject for message in to_relecteur), (
        "(f) le relecteur n’a pas reçu d’e-mail pour relire l’article ; "
        f"e-mails : {[(message.to, message.subject) for message in mailoutbox]}"
    )
    assert any(COMMENT in message.body for message in to_contributrice), (
        "(f) la contributrice n’a pas reçu le commentaire du relecteur par e-mail"
    )
    assert any(urlsplit(url).path in message.body for message in to_contributrice), (
        "(f) la contributrice n’a pas reçu l’e-mail de publication avec l’adresse de l’article"
    )
    assert not noticed, "le parcours a abouti, mais : " + " ; ".join(noticed)


# Refusals


@pytest.fixture
def submitted_by_contributrice(admin_server):
    """A demo article co-written by the relecteur (Yacine Belkacem) and the contributrice,
    submitted to the « Relecture » workflow by the contributrice."""
    from django.contrib.auth import get_user_model

    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        contributrice = get_user_model().objects.get(username="contributrice")
        article = ArticlePage.objects.get(slug="illectronisme-mesurer")
        authors = {link.author.user.username for link in article.article_authors.all()}
        assert {"contributrice", "relecteur"} <= authors, authors
        article.save_revision(user=contributrice)
        article.get_workflow().start(article, contributrice)
        return article


def test_a_reviewer_who_coauthored_the_article_gets_no_approve_action(
    admin_as, submitted_by_contributrice
):
    relecteur = admin_as("relecteur")
    relecteur.goto(f"/admin/pages/{submitted_by_contributrice.pk}/edit/")
    actions = relecteur.footer_actions()
    assert not [name for name in actions if name.startswith("Approuver")], (
        f"(g) le relecteur, co-auteur, peut approuver son propre article : {actions}"
    )
    said = " ".join(text for _kind, text in relecteur.messages())
    assert re.search(r"relire|relecture", said) and re.search(r"auteur", said), (
        "(g) l’éditeur n’explique pas au relecteur co-auteur pourquoi il ne peut pas approuver ; "
        f"messages : {relecteur.messages()}"
    )


def test_a_reviewer_who_coauthored_the_article_is_not_asked_to_review_it(
    admin_as, submitted_by_contributrice
):
    relecteur = admin_as("relecteur")
    relecteur.goto("/admin/")
    panel = relecteur.page.locator("section, .w-panel, .panel").filter(has_text=AWAITING_REVIEW)
    listed = (
        panel.count()
        and panel.last.get_by_role("link", name=submitted_by_contributrice.title).count()
    )
    assert not listed, (
        "(g) son propre article est « En attente de votre vérification » sur le tableau de bord "
        "du relecteur co-auteur"
    )


def test_a_reviewer_who_coauthored_the_article_cannot_approve_through_the_action_url(
    admin_as, admin_server, submitted_by_contributrice
):
    """The approval the dashboard's « Approuver » would send, sent from the reviewer's own
    logged-in browser: the server refuses it, whatever the buttons show."""
    from wagtail.models import TaskState

    relecteur = admin_as("relecteur")
    relecteur.goto(f"/admin/pages/{submitted_by_contributrice.pk}/edit/")
    with admin_server.lock:
        state = TaskState.objects.get(
            workflow_state__object_id=str(submitted_by_contributrice.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
    token = next(
        cookie["value"] for cookie in relecteur.context.cookies() if cookie["name"] == "csrftoken"
    )
    relecteur.page.request.post(
        f"{admin_server.url}/admin/pages/workflow/action/"
        f"{submitted_by_contributrice.pk}/approve/{state.pk}/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": relecteur.page.url},
        max_redirects=0,
    )
    with admin_server.lock:
        state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS, (
        "(g) le relecteur co-auteur a approuvé son propre article par l’adresse de l’action "
        f"du circuit (état de la relecture : {state.status})"
    )


@pytest.fixture
def unreviewed_draft(admin_server):
    """A complete article (a copy of a demo one) that has never been submitted for review."""
    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        original = ArticlePage.objects.get(slug="donnees-mobilite-metropole")
        return original.copy(
            update_attrs={
                "title": "Compteurs vélo : la suite, jamais relue",
                "slug": "compteurs-velo-jamais-relue",
            },
            keep_live=False,
        ).specific


def test_the_redaction_cannot_publish_an_article_no_one_reviewed(
    admin_as, admin_server, unreviewed_draft
):
    redaction = admin_as("redaction")
    redaction.goto(f"/admin/pages/{unreviewed_draft.pk}/edit/")
    redaction.settle()
    since = redaction.mark()
    publish = redaction.footer_action("Publier")
    with redaction.page.expect_navigation(wait_until="load"):
        if publish is not None:
            publish.click()
        else:
            # « Publier » is not offered: send the form as it is with the action that button
            # would add (an older page left open, a crafted request) — still refused.
            redaction.page.keyboard.press("Escape")
            redaction.page.evaluate(
                """() => {
                  const form = document.querySelector("#page-edit-form, form[action*='/edit/']");
                  const action = document.createElement("input");
                  Object.assign(action, {type: "hidden", name: "action-publish", value: "1"});
                  form.append(action);
                  form.submit();
                }"""
            )
    redaction.assert_no_server_error("(h) « Publier » un article non relu", since)
    with admin_server.lock:
        unreviewed_draft.refresh_from_db()
    assert not unreviewed_draft.live, (
        "(h) la rédaction en chef a publié un article que personne n’a relu "
        f"(messages : {redaction.messages()})"
    )
    refusals = [text for kind, text in redaction.messages() if kind in ("error", "warning")]
    assert any(REFUSED_UNREVIEWED.search(text) for text in refusals), (
        f"(h) aucun refus expliqué en français ; messages : {redaction.messages()}"
    )


# The rédaction's own work: scheduling, public corrections

# Typed as people write dates, not in the picker's « 15/01/2027 08:00 »: first a day that does not
# exist, then the right one in words.
MISTYPED = "31/02/2027 8h"
SCHEDULED_FOR = "vendredi 15 janvier 2027 à 8 h"
CORRECTION = "Le coût des compteurs était de 48 000 euros, et non 84 000 comme écrit d’abord."


@pytest.fixture
def approved_by_relecteur(admin_server):
    """The demo article awaiting review, approved by the relecteur (who did not write it): it
    waits for the rédaction's validation."""
    from django.contrib.auth import get_user_model

    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        article = ArticlePage.objects.get(slug="accueil-physique-france-services")
        relecteur = get_user_model().objects.get(username="relecteur")
        state = article.current_workflow_task_state
        state.task.specific.on_action(state, relecteur, "approve")
        return article


def _schedule(page, typed):
    """Type `typed` as the publication date of the open « Programmer » dialog."""
    dialog = page.locator("#schedule-publishing-dialog")
    field = dialog.locator("#id_go_live_at")
    field.click()
    field.press("Control+a")
    page.keyboard.type(typed)
    # Leaving the field (a click on the dialog's title) is when the picker used to put « now »
    # in place of what was typed.
    dialog.get_by_role("heading", name=re.compile("programmation")).click()
    assert field.input_value() == typed, (
        f"(i) la date tapée a été remplacée : « {field.input_value()} »"
    )
    return dialog


def test_the_redaction_schedules_a_reviewed_article_for_the_date_she_typed(
    admin_as, admin_server, approved_by_relecteur
):
    import datetime
    from zoneinfo import ZoneInfo

    redaction = admin_as("redaction")
    _open_from_dashboard(redaction, approved_by_relecteur.title)
    page = redaction.page
    page.get_by_role("button", name=re.compile("masquer le statut", re.IGNORECASE)).click()
    page.get_by_role("button", name="Programmer", exact=True).first.click()
    dialog = _schedule(page, MISTYPED)
    with page.expect_navigation(wait_until="load"):
        dialog.locator("button.action-save").click()
    # Refused with a message that says why, in the dialog, which keeps what was typed.
    page.get_by_role("button", name="Modifier la programmation").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    assert "« 31/02/2027 8h » : cette date n’existe pas" in dialog.inner_text(), (
        f"(i) pas de message clair pour une date impossible : {dialog.inner_text()[:400]}"
    )
    assert dialog.locator("#id_go_live_at").input_value() == MISTYPED

    dialog = _schedule(page, SCHEDULED_FOR)
    since = redaction.mark()
    with page.expect_navigation(wait_until="load"):
        dialog.locator("button.action-save").click()
    redaction.assert_success("(i) rédaction : « Enregistrer la programmation »", since)

    redaction.succeed(
        redaction.workflow_action, "(i) rédaction : « Approuver » (programmée)", "Approuver"
    )

    expected = datetime.datetime(2027, 1, 15, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with admin_server.lock:
        approved_by_relecteur.refresh_from_db()
        revision = approved_by_relecteur.get_latest_revision()
    assert not approved_by_relecteur.live, "(i) publiée tout de suite au lieu d’être programmée"
    assert revision.approved_go_live_at == expected, (
        f"(i) programmée pour {revision.approved_go_live_at}, et non le 15 janvier 2027 à 8 h"
    )


def test_the_redaction_adds_a_public_correction_that_readers_see(admin_as, admin_server, browser):
    from magazine.articles.models import ArticlePage

    with admin_server.lock:
        article = ArticlePage.objects.get(slug="donnees-mobilite-metropole")
    redaction = admin_as("redaction")
    redaction.goto(f"/admin/pages/{article.pk}/edit/")
    redaction.open_tab("Classement")
    note = redaction.add_inline(re.compile(r"^Ajouter.*note publique", re.IGNORECASE))
    note.get_by_role("textbox", name=re.compile("^Note publique")).fill(CORRECTION)
    step = "(j) rédaction : « Publier » la correction"
    redaction.succeed(redaction.click_action, step, "Publier", step)

    reader = browser.new_context(locale="fr-FR")
    try:
        public = reader.new_page()
        response = public.goto(admin_server.url + article.url, wait_until="load")
        assert response.status == 200, f"(j) {article.url} : {response.status}"
        text = _words(public.locator("body").inner_text())
    finally:
        reader.close()
    assert _words(CORRECTION) in text, "(j) la correction n’apparaît pas sur la page publique"
