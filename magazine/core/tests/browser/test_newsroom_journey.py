"""The newsroom's screens in Chromium (issue 13, « Writing »): the contributrice starts an
article from her dashboard and finds it among hers; the rédaction finds it on the board and in
the articles listing. Everything through the pages the admin renders, clicked as a person would."""

import re

import pytest

pytestmark = pytest.mark.browser

TITLE = "Tiers-lieux : ce que la mairie de Riom-ès-Montagnes a appris"
LONG_SENTENCE = (
    "Le tiers-lieu a été installé par la commune dans les murs de l’ancienne poste, que la "
    "communauté de communes avait rachetée il y a dix ans sans savoir quoi en faire, ni qui "
    "paierait le chauffage."
)
LEAD_IMAGE = "Registres et écrans"  # a demo image
LEAD_ALT = "L’ancienne poste de Riom-ès-Montagnes, devenue tiers-lieu, un matin de marché."
LEAD_CREDIT = "Photo : mairie de Riom-ès-Montagnes"
# « ZAN », an acronym the glossary does not know, spelled out nowhere: the editor says so.
CHAPO = "Un tiers-lieu dans l’ancienne poste : qui vient, à quel coût, et ce que le ZAN y change."
# Four sentences where three are advised: the editor says so after saving, and saves anyway.
EN_BREF = (
    "Le tiers-lieu a ouvert en mars. Il accueille une permanence France Services. "
    "Les associations y tiennent leurs réunions. Le coût de fonctionnement reste à partager."
)


def _click_link(session, name):
    with session.page.expect_navigation(wait_until="load"):
        session.page.get_by_role("link", name=name, exact=True).first.click()


def _readability_panel_follows_the_writing(session):
    """The « Lisibilité » panel scores what is typed, lists the long sentence, and its button
    leads to the block where it is written."""
    page = session.page
    paragraph = session.add_block("body", "Paragraphe")
    session.type_rich_text(paragraph, LONG_SENTENCE)
    panel = page.locator("[data-readability]")
    panel.get_by_text("Phrases de plus de 25 mots").wait_for()
    assert "Score de lisibilité (Kandel et Moles)" in panel.inner_text()
    assert re.search(r"Sigle à expliciter .*: ZAN\.", panel.inner_text()), panel.inner_text()
    panel.get_by_role("button", name="Corps, bloc 1").click()
    focused = page.evaluate("document.activeElement.closest('[data-streamfield-child]') !== null")
    assert focused, "le bouton de la phrase longue ne mène pas au bloc où elle est écrite"


def test_an_article_started_from_the_dashboard_is_followed_to_the_board(admin_as):
    contributrice = admin_as("contributrice")
    contributrice.goto("/admin/")
    _click_link(contributrice, "Nouvel article")
    page = contributrice.page
    assert re.search(r"/admin/pages/add/articles/articlepage/\d+/$", page.url), page.url
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_chapo").fill(CHAPO)
    page.get_by_role("textbox", name="En bref").fill(EN_BREF)
    _readability_panel_follows_the_writing(contributrice)
    lead = page.locator("[data-contentpath=lead_image]")
    contributrice.choose(lead, re.compile(r"Choisir une image", re.IGNORECASE), LEAD_IMAGE)
    page.get_by_role("textbox", name=re.compile(r"^Texte alternatif")).first.fill(LEAD_ALT)
    page.get_by_role("textbox", name=re.compile(r"^Crédit")).first.fill(LEAD_CREDIT)
    step = "« Enregistrer le brouillon » d’un article commencé depuis le tableau de bord"
    contributrice.succeed(contributrice.click_action, step, "Enregistrer le brouillon", step)
    advice = " ".join(text for _kind, text in contributrice.messages("info"))
    assert "l’« En bref » compte 4 phrases" in advice, contributrice.messages()
    assert "ni développés ni dans le glossaire : ZAN." in advice, contributrice.messages()

    # What was typed for the lead image is this article's, kept by the server.
    assert page.locator("#id_lead_image_alt").input_value() == LEAD_ALT
    assert page.locator("#id_lead_image_credit").input_value() == LEAD_CREDIT

    contributrice.goto("/admin/")
    mine = page.locator("#my-articles-content, [id^=my-articles]").first
    drafts = mine.locator("table").filter(has=page.locator("caption", has_text="Brouillon"))
    assert drafts.get_by_role("link", name=TITLE).count() == 1, (
        f"« Mes articles » ne range pas le nouvel article parmi les brouillons : "
        f"{' '.join(mine.inner_text().split())[:600]}"
    )
    contributrice.close()

    redaction = admin_as("redaction")
    _click_link(redaction, "Rédaction")
    board = redaction.page
    assert board.get_by_role("heading", name="Tableau de la rédaction").count()
    section = board.locator("section").filter(
        has=board.get_by_role("heading", name=re.compile(r"^Brouillon"))
    )
    row = section.locator("tr").filter(has=board.get_by_role("link", name=TITLE))
    assert row.count() == 1, f"le tableau ne montre pas le brouillon : {section.inner_text()[:400]}"
    assert "Aminata Diallo" in row.inner_text()

    _click_link(redaction, "Articles")
    listing_row = board.locator("tr").filter(has_text=TITLE)
    assert listing_row.count() == 1, "la liste des articles ne montre pas le brouillon"
    cells = " ".join(listing_row.inner_text().split())
    assert "Brouillon" in cells and "Aminata Diallo" in cells, cells
    redaction.assert_no_server_error("tableau de la rédaction et liste des articles")


def test_each_quality_gate_problem_leads_to_the_field_to_fix(admin_as):
    contributrice = admin_as("contributrice")
    contributrice.goto("/admin/")
    _click_link(contributrice, "Nouvel article")
    page = contributrice.page
    page.locator("#id_title").fill("Un article soumis trop tôt")
    contributrice.click_action(re.compile(r"^Soumettre à"), "soumettre un article vide")
    problems = page.locator(".messages [data-goto-field]")
    problems.first.wait_for()
    names = [" ".join(link.inner_text().split()) for link in problems.all()]
    assert "Classement › Thèmes" in names and "Contenu › Chapô" in names, names

    problems.filter(has_text="Classement › Thèmes").first.click()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'themes'"
    )
    assert page.get_by_role("tab", name="Classement").get_attribute("aria-selected") == "true"
    problems.filter(has_text="Contenu › Chapô").first.click()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'id_chapo'"
    )
    assert page.get_by_role("tab", name="Contenu").get_attribute("aria-selected") == "true"
    contributrice.assert_no_server_error("liens du contrôle qualité")


JARGON = (
    "L’interopérabilité des systèmes d’information intercommunaux conditionne la "
    "mutualisation opérationnelle des infrastructures numériques départementales, "
    "particulièrement concernant l’administration électronique dématérialisée."
)


def test_the_redaction_makes_an_audience_target_a_rule_and_the_writer_meets_it(admin_as):
    """« Publics et lisibilité »: the rédaction makes the target of « Élu·es et agents » (the
    default audience) a rule; the contributrice's hard article is refused at submission with
    the reason, and the panel measures against the audience she picks."""
    redaction = admin_as("redaction")
    redaction.goto("/admin/")
    settings_menu = redaction.page.get_by_role("button", name="Paramètres")
    settings_menu.click()
    _click_link(redaction, "Publics et lisibilité")
    _click_link(redaction, "Élu·es et agents")
    redaction.page.get_by_role("checkbox", name="Objectif obligatoire").check()
    redaction.succeed(redaction.click_action, "rédaction : objectif obligatoire", "Enregistrer")
    redaction.close()

    contributrice = admin_as("contributrice")
    contributrice.goto("/admin/")
    _click_link(contributrice, "Nouvel article")
    page = contributrice.page
    page.locator("#id_title").fill("Un article difficile à lire")
    page.locator("#id_chapo").fill(JARGON)
    audience = page.get_by_role("combobox", name="Public visé")
    chosen = audience.evaluate("select => select.selectedOptions[0].textContent")
    assert chosen == "Par défaut : Élu·es et agents", chosen
    panel = page.locator("[data-readability]")
    panel.get_by_text("pour le public « Élu·es et agents » : 50 ou plus").wait_for()
    assert "l’article ne peut pas être soumis" in panel.inner_text()

    contributrice.click_action(re.compile(r"^Soumettre à"), "soumettre un article difficile")
    problems = " ".join(page.locator(".messages").inner_text().split())
    assert "fixé pour le public « Élu·es et agents »" in problems, problems

    audience.select_option(label="Spécialistes")
    panel.get_by_text("pour le public « Spécialistes » : 40 ou plus").wait_for()
    assert "ne peut pas être soumis" not in panel.inner_text()
    contributrice.assert_no_server_error("publics et lisibilité")
