"""Subscribing to the newsletter at /lettre/: double opt-in, from a page that sets no cookie,
protected without a CSRF token; confirming and unsubscribing by signed link (issue 14)."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from magazine.newsletter.models import CONSENT_VERSION, Subscriber
from magazine.taxonomy.models import Theme

URL = "/lettre/"
HOST = "testserver"
ADDRESS = "elue.allanche@example.org"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # the per-client and per-address counters


@pytest.fixture
def unchanged():
    """Asserts that no subscriber was added (the demo has its own)."""
    before = set(Subscriber.objects.values_list("pk", "state"))
    return lambda: set(Subscriber.objects.values_list("pk", "state")) == before


def _post(client, url=URL, origin=f"http://{HOST}", **data):
    fields = {"email": ADDRESS, "frequency": "weekly", "consent": "on", **data}
    headers = {"Origin": origin} if origin else {}
    return client.post(url, {k: v for k, v in fields.items() if v is not None}, headers=headers)


def _link(message, name):
    return re.search(rf"http://{HOST}(/lettre/{name}/[^/\s]+/)", message.body).group(1)


def test_the_form_page_sets_no_cookie_and_asks_for_consent_unticked(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in html
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert "J’accepte de recevoir la lettre du Mag" in html


def test_a_reader_subscribes_confirms_and_unsubscribes_in_one_click(client):
    theme = Theme.objects.first()
    response = _post(client, themes=[theme.pk])
    assert response.status_code == 200
    assert "Vérifiez votre boîte aux lettres" in response.content.decode()
    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.consent_version == CONSENT_VERSION
    assert list(subscriber.themes.all()) == [theme]
    (message,) = mail.outbox
    assert message.to == [ADDRESS] and "Confirmez" in message.subject
    assert message.alternatives and "<img" not in message.alternatives[0][0]

    confirm = _link(message, "confirmer")
    page = client.get(confirm)  # a mail scanner's visit confirms nothing
    assert page.status_code == 200 and "Confirmer mon abonnement" in page.content.decode()
    assert "private" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert Subscriber.objects.get(email=ADDRESS).state == Subscriber.State.PENDING
    done = client.post(confirm, headers={"Origin": f"http://{HOST}"})
    assert "Abonnement confirmé" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED and subscriber.confirmed_at

    # RFC 8058: the mail client posts from elsewhere; the signed link is the authority.
    unsubscribe = _link(message, "desabonner")
    gone = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}, headers={"Origin": "null"})
    assert gone.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED and subscriber.unsubscribed_at


def test_a_known_address_gets_the_same_answer(client):
    first = _post(client).content
    Subscriber.objects.filter(email=ADDRESS).update(state=Subscriber.State.CONFIRMED)
    again = _post(client).content
    assert first == again
    assert Subscriber.objects.filter(email=ADDRESS).count() == 1
    assert Subscriber.objects.get(email=ADDRESS).state == Subscriber.State.CONFIRMED


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Indiquez votre adresse électronique."),
        ("pas-une-adresse", "Cette adresse électronique n’est pas valide"),
        ("a" * 500 + "@example.org", "254 caractères"),
        ("'; DROP TABLE newsletter_subscriber; --@example.org", "n’est pas valide"),
        ("🦊@🦊.fr", "n’est pas valide"),
    ],
)
def test_a_bad_address_is_refused_in_french_and_nothing_is_sent(client, unchanged, email, message):
    response = _post(client, email=email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert unchanged() and not mail.outbox


def test_without_consent_nothing_is_recorded(client, unchanged):
    response = _post(client, consent=None)
    assert response.status_code == 400
    assert "Cochez la case pour confirmer votre accord." in response.content.decode()
    assert unchanged() and not mail.outbox


def test_a_form_posted_from_another_site_is_refused(client, unchanged):
    response = _post(client, origin="https://ailleurs.example")
    assert response.status_code == 403
    assert "ne s’envoie que depuis les pages du Mag" in response.content.decode()
    assert unchanged() and not mail.outbox


def test_a_robot_filling_the_hidden_field_is_told_the_same_and_nothing_is_done(client, unchanged):
    response = _post(client, website="https://spam.example")
    assert "Vérifiez votre boîte aux lettres" in response.content.decode()
    assert unchanged() and not mail.outbox


def test_an_address_cannot_be_flooded_with_confirmations(client):
    answers = {_post(client).content for _ in range(5)}
    assert len(answers) == 1  # the same answer every time
    assert len(mail.outbox) == 3


def test_a_client_asking_too_often_is_told_to_wait(client):
    for number in range(10):
        _post(client, email=f"lecteur{number}@example.org")
    response = _post(client, email="encore@example.org")
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()


def test_a_confirmation_link_expires_after_a_week_and_a_forged_one_is_refused(client):
    _post(client)
    confirm = _link(mail.outbox[0], "confirmer")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        late = client.post(confirm, headers={"Origin": f"http://{HOST}"})
    assert late.status_code == 400 and "a expiré" in late.content.decode()
    forged = client.post(confirm[:-6] + "abcde/", headers={"Origin": f"http://{HOST}"})
    assert forged.status_code == 400
    assert Subscriber.objects.get(email=ADDRESS).state == Subscriber.State.PENDING


@pytest.fixture
def confirmed(client):
    """A confirmed subscriber and the links of their confirmation e-mail."""
    _post(client)
    message = mail.outbox[-1]
    client.post(_link(message, "confirmer"), headers={"Origin": f"http://{HOST}"})
    return Subscriber.objects.get(email=ADDRESS), _link(message, "mon-abonnement")


def test_the_subscriber_changes_what_they_follow_on_their_own_page(client, confirmed):
    subscriber, manage = confirmed
    page = client.get(manage)
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    theme = Theme.objects.last()
    saved = client.post(
        manage,
        {"frequency": "each", "themes": [theme.pk]},
        headers={"Origin": f"http://{HOST}"},
        follow=True,
    )
    assert "Vos choix sont enregistrés." in saved.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == "each" and list(subscriber.themes.all()) == [theme]
    bad = client.post(manage, {"frequency": "jamais"}, headers={"Origin": f"http://{HOST}"})
    assert bad.status_code == 400 and "Vos choix n’ont pas été enregistrés" in bad.content.decode()
    elsewhere = client.post(
        manage, {"frequency": "weekly"}, headers={"Origin": "https://ailleurs.example"}
    )
    assert elsewhere.status_code == 403
    assert Subscriber.objects.get(pk=subscriber.pk).frequency == "each"


def test_the_subscriber_downloads_then_deletes_their_data(client, confirmed):
    subscriber, manage = confirmed
    data = client.get(manage + "donnees.json")
    assert data["Content-Disposition"].startswith("attachment;")
    kept = data.json()
    assert kept["adresse"] == ADDRESS and kept["etat"] == "abonné·e"
    assert kept["consentement"]["version"] == CONSENT_VERSION and kept["confirme_le"]
    assert set(kept) == {  # all that is kept: no IP address, no user agent, no reading
        "adresse", "etat", "frequence", "themes_suivis", "territoires_suivis",
        "consentement", "demande_le", "confirme_le", "desabonne_le",
    }  # fmt: skip

    asked = client.get(manage + "supprimer/")
    assert "C’est définitif." in asked.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # asking is not deleting
    done = client.post(manage + "supprimer/", headers={"Origin": f"http://{HOST}"})
    assert "Données supprimées" in done.content.decode()
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert client.get(manage).status_code == 400  # the link leads nowhere now


def test_a_forged_link_to_a_personal_page_is_refused(client, confirmed):
    _, manage = confirmed
    for url in (manage[:-6] + "abcde/", manage[:-6] + "abcde/donnees.json"):
        response = client.get(url)
        assert response.status_code == 400
        assert "n’est pas valable" in response.content.decode()


def test_the_worker_forgets_subscriptions_never_confirmed_after_a_week(client):
    from magazine.editorial.scheduling import run_minute

    _post(client)
    _post(client, email="confirmee@example.org")
    client.post(_link(mail.outbox[-1], "confirmer"), headers={"Origin": f"http://{HOST}"})
    with time_machine.travel(timezone.now() + timezone.timedelta(days=6)):
        run_minute()
    assert Subscriber.objects.filter(email=ADDRESS).exists()  # its link still works
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        run_minute()
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert Subscriber.objects.get(email="confirmee@example.org").state == "confirmed"


def test_the_home_page_offers_the_short_form_which_subscribes_weekly(client):
    home = client.get("/")
    html = home.content.decode()
    assert not home.cookies and 'name="csrfmiddlewaretoken"' not in html
    form = re.search(r'<form method="post" action="/lettre/">.*?</form>', html, re.S).group(0)
    assert 'name="email"' in form and 'name="consent"' in form
    assert "checked" not in re.search(r'<input[^>]*name="consent"[^>]*>', form).group(0)
    response = _post(client, frequency=None, website="")
    assert "Vérifiez votre boîte aux lettres" in response.content.decode()
    assert Subscriber.objects.get(email=ADDRESS).frequency == Subscriber.Frequency.WEEKLY


def test_an_oversized_form_is_refused_in_french(client, unchanged):
    response = _post(client, website="x" * 20_000)
    assert response.status_code == 413
    assert "Le formulaire envoyé est trop long." in response.content.decode()
    assert unchanged() and not mail.outbox


def test_the_home_page_with_its_form_stays_in_the_page_cache(client, settings):
    from django.core.cache import caches

    settings.LEMAG_PAGE_CACHE = True
    caches["pages"].clear()
    first, second = client.get("/"), client.get("/")
    assert 'action="/lettre/"' in second.content.decode()
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Set-Cookie" not in first and "Set-Cookie" not in second
