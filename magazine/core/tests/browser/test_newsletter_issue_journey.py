"""The rédaction composes a numéro of the lettre in Chromium (issue 14): the new numéro proposes
the articles published since the last one; she writes its subject and introduction, previews it
as the e-mail, sends herself a test, then sends it; the worker's batch delivers it to each
subscriber, and the numéro is public at /lettre/numeros/1/. A contributrice cannot send it."""

import pytest

from magazine.core.tests.browser.test_accessibility import AXE_TAGS, RUN_AXE, _format

pytestmark = pytest.mark.browser

SUBJECT = "Spécial état civil : les mairies rurales s’équipent"
INTRODUCTION = "Ce mois-ci, trois communes racontent leur passage au numérique."


def _from_the_menu(session, item, button):
    """Lettre › `item` in the admin's menu, then its header's `button`."""
    page = session.page
    session.goto("/admin/")
    page.get_by_role("button", name="Lettre").click()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=item).click()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=button).first.click()


def test_the_redaction_composes_previews_tests_and_sends_a_numero(
    admin_as, admin_server, browser, axe_script, mailoutbox
):
    from magazine.newsletter import delivery
    from magazine.newsletter.models import Subscriber

    with admin_server.lock:
        subscribers = set(Subscriber.objects.receiving().values_list("email", flat=True))
    assert subscribers, "la démo n’a aucun·e abonné·e confirmé·e"

    redaction = admin_as("redaction")
    page = redaction.page
    _from_the_menu(redaction, "Numéros", "Ajouter")
    proposed = page.locator("[id^='inline_child_items-']:not([id$='__prefix__'])")
    assert proposed.count() > 0, "le nouveau numéro ne propose aucun article"
    page.get_by_role("textbox", name="Objet").fill(SUBJECT)
    redaction.type_rich_text(page.locator("[data-contentpath='introduction']"), INTRODUCTION)

    text, errors = redaction.preview()
    assert not errors, errors
    assert INTRODUCTION in text and "Se désabonner" in text

    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Enregistrer").first.click()
    redaction.assert_no_server_error("(a) numéro enregistré")
    assert page.get_by_role("heading", name=f"Envoyer : {SUBJECT}").is_visible()

    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="M’envoyer un essai").click()
    (test,) = mailoutbox
    assert test.subject.startswith("[Essai]") and test.to == ["redaction@example.org"]
    assert INTRODUCTION in test.body

    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Envoyer maintenant").click()
    assert any("part vers ses abonné·es" in text for _, text in redaction.messages("success"))
    with admin_server.lock:
        while delivery.deliver(size=50, rate=0):
            pass
    received = {message.to[0] for message in mailoutbox[1:]}
    assert received == subscribers
    redaction.goto(page.url)
    assert f"Envoyé\u00a0: {len(subscribers)}" in redaction.text()
    redaction.assert_no_server_error("(b) numéro envoyé")

    reader = browser.new_context(locale="fr-FR", bypass_csp=True)
    try:
        public = reader.new_page()
        public.goto(f"{admin_server.url}/lettre/numeros/1/", wait_until="load")
        assert public.get_by_role("heading", name=SUBJECT).is_visible()
        assert INTRODUCTION in public.locator("main").inner_text()
        public.add_script_tag(path=str(axe_script))
        violations = public.evaluate(RUN_AXE, AXE_TAGS)
        assert not violations, f"axe-core sur le numéro public :\n{_format(violations)}"
    finally:
        reader.close()

    contributrice = admin_as("contributrice")
    contributrice.goto(page.url)
    assert "/envoyer/" not in contributrice.page.url, "la contributrice ouvre l’envoi d’un numéro"
    assert contributrice.messages("error"), "aucun message ne dit à la contributrice pourquoi"


def test_the_redaction_imports_a_list_kept_elsewhere_and_nothing_is_sent(
    admin_as, admin_server, tmp_path, mailoutbox
):
    from magazine.newsletter.models import Subscriber

    listing = tmp_path / "abonnes-mailpoet.csv"
    listing.write_bytes(
        "Prénom;Courriel;Inscrit le\n"
        "Hélène;helene.maire@example.org;2024-03-01\n"
        "Marc;marc.agent@example.org;2024-05-12\n"
        "Inès;pas-une-adresse;2024-06-01\n"
        "Agent;AGENT.METROPOLE@example.org;2023-01-01\n".encode("cp1252")
    )
    redaction = admin_as("redaction")
    page = redaction.page
    _from_the_menu(redaction, "Abonné·es", "Importer")
    page.get_by_label("Fichier CSV").set_input_files(str(listing))
    page.get_by_label("Origine du consentement").fill("Liste MailPoet de l’ancien site, 2024")
    page.get_by_label("Fréquence").select_option(label="une fois par semaine")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Importer").click()
    (message,) = redaction.messages("success")
    assert "2 abonné·e(s) importé·e(s), 1 déjà connu·e(s)" in message[1]
    assert "Ligne 4 (« pas-une-adresse ») : adresse invalide" in " ".join(
        redaction.text().split()
    ).replace("\u00a0", " ")
    with admin_server.lock:
        imported = Subscriber.objects.get(email="helene.maire@example.org")
        assert imported.state == Subscriber.State.CONFIRMED
        assert imported.origin == "Liste MailPoet de l’ancien site, 2024"
        assert imported.frequency == Subscriber.Frequency.WEEKLY
    assert not mailoutbox, "l’import a envoyé des courriels"
    redaction.assert_no_server_error("import d’abonné·es")
