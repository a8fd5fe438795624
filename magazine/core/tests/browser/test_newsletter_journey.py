"""A reader subscribes to the newsletter in Chromium (issue 14): the form of /lettre/, the
confirmation e-mail, its link, the button that confirms; then the one-click unsubscribe page.
No cookie on the way. Served by the journeys' server, whose writes stay in the test's
transaction on both databases."""

import json
import re
from pathlib import Path

import pytest

from magazine.core.tests.browser.test_accessibility import AXE_TAGS, RUN_AXE, _format

pytestmark = pytest.mark.browser

ADDRESS = "secretaire.mairie@example.org"


@pytest.fixture
def reader(browser, admin_server, _database):
    admin_server.open()
    since = len(admin_server.errors)
    context = browser.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe-core
    yield context.new_page()
    context.close()
    admin_server.close()
    admin_server.assert_no_error_since(since)


def _axe(page, axe_script):
    """axe-core's violations on the page as it is."""
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(RUN_AXE, AXE_TAGS)


def _state(admin_server):
    from magazine.newsletter.models import Subscriber

    with admin_server.lock:
        return Subscriber.objects.filter(email=ADDRESS).values_list("state", flat=True).first()


def test_a_reader_subscribes_confirms_from_the_email_and_unsubscribes(
    reader, admin_server, mailoutbox, axe_script
):
    from django.core.cache import cache

    cache.clear()
    page = reader
    page.goto(f"{admin_server.url}/lettre/", wait_until="load")
    page.get_by_label("Votre adresse électronique").fill(ADDRESS)
    page.get_by_label("Inclusion numérique").check()
    page.get_by_label("à chaque publication").check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="M’abonner").click()
    assert "Cochez la case pour confirmer votre accord." in page.locator("main").inner_text()
    assert page.title().startswith("Erreur")
    violations = _axe(page, axe_script)
    assert not violations, f"axe-core sur le formulaire refusé :\n{_format(violations)}"
    assert _state(admin_server) is None and not mailoutbox

    page.get_by_label(re.compile("^J’accepte de recevoir la lettre")).check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="M’abonner").click()
    assert page.get_by_role("heading", name="Vérifiez votre boîte aux lettres").is_visible()
    assert _state(admin_server) == "pending"
    (message,) = mailoutbox
    confirm = re.search(r"https?://\S+/lettre/confirmer/\S+/", message.body).group(0)
    unsubscribe = re.search(r"https?://\S+/lettre/desabonner/\S+/", message.body).group(0)

    path = confirm.split("/lettre/", 1)[1]
    page.goto(f"{admin_server.url}/lettre/{path}", wait_until="load")
    assert _state(admin_server) == "pending"  # opening the link is not enough
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Confirmer mon abonnement").click()
    assert page.get_by_role("heading", name="Abonnement confirmé").is_visible()
    assert _state(admin_server) == "confirmed"

    # Their own page, from the link the confirmation gives: less often, their data.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="votre abonnement").click()
    page.get_by_label("une fois par semaine").check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Enregistrer mes choix").click()
    assert page.get_by_role("status").inner_text() == "Vos choix sont enregistrés."
    violations = _axe(page, axe_script)
    assert not violations, f"axe-core sur la page de l’abonnement :\n{_format(violations)}"
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Télécharger mes données").click()
    kept = json.loads(Path(downloading.value.path()).read_text())
    assert kept["adresse"] == ADDRESS and kept["frequence"] == "une fois par semaine"
    assert kept["themes_suivis"] == ["Inclusion numérique"]

    path = unsubscribe.split("/lettre/", 1)[1]
    page.goto(f"{admin_server.url}/lettre/{path}", wait_until="load")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Me désabonner").click()
    assert page.get_by_role("heading", name="Désabonnement effectué").is_visible()
    assert _state(admin_server) == "unsubscribed"
    assert not page.context.cookies(), page.context.cookies()
