"""The lettre in the admin (issue 14): who may send a numéro (checked by the server, whatever
the path), a date of sending that is refused in French, a numéro sent that no longer changes,
the worker sending a numéro when its time comes, subscriber counts and a CSV export no
spreadsheet runs."""

import csv
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from magazine.newsletter import queueing
from magazine.newsletter.models import Issue, IssueArticle, Subscriber

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def issue(article):
    made = Issue.objects.create(subject="Un numéro de décembre")
    IssueArticle.objects.create(issue=made, article=article)
    return made


def _send_url(issue):
    return reverse("newsletter_admin:send", args=[issue.pk])


@pytest.mark.parametrize("username", ["contributrice", "relecteur"])
def test_only_the_redaction_sends_a_numero(client, issue, username):
    client.force_login(_user(username))
    for action in ("send", "schedule", "test"):
        response = client.post(_send_url(issue), {"action": action, "when": "2030-01-01T08:00"})
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response.url == "/admin/"
    edit = reverse("wagtailsnippets_newsletter_issue:edit", args=[issue.pk])
    assert client.post(edit, {"subject": "Changé"}).status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.state == Issue.State.DRAFT and issue.subject == "Un numéro de décembre"
    assert not issue.sends.exists()


def test_a_date_in_the_past_or_garbled_is_refused_in_french(client, issue):
    client.force_login(_user("redaction"))
    for typed, said in [
        ("demain matin", "Indiquez la date et l’heure de l’envoi"),
        ("2001-01-01T08:00", "Cette date est passée"),
    ]:
        response = client.post(_send_url(issue), {"action": "schedule", "when": typed})
        assert response.status_code == 400
        assert said in response.content.decode()
    issue.refresh_from_db()
    assert issue.state == Issue.State.DRAFT


def test_a_scheduled_numero_leaves_at_its_time_then_no_longer_changes(client, issue, only):
    only("lectrice@example.org")
    client.force_login(_user("redaction"))
    when = timezone.now() + timezone.timedelta(days=1)
    response = client.post(
        _send_url(issue),
        {"action": "schedule", "when": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.state == Issue.State.SCHEDULED
    queueing.run_minute()
    assert not issue.sends.exists()  # not yet
    with time_machine.travel(when + timezone.timedelta(minutes=1), tick=False):
        queueing.run_minute()
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT and issue.number == 1
    assert issue.sends.get().deliveries.count() == 1

    edit = reverse("wagtailsnippets_newsletter_issue:edit", args=[issue.pk])
    response = client.post(edit, {"subject": "Réécrit après coup"})
    assert response.status_code == 302 and response.url == _send_url(issue)
    issue.refresh_from_db()
    assert issue.subject == "Un numéro de décembre"
    response = client.post(_send_url(issue), {"action": "send"})
    assert issue.sends.count() == 1  # not sent twice


def test_subscribers_without_any_sign_of_life_for_years_are_forgotten(only, settings):
    settings.NEWSLETTER_RETENTION_DAYS = 3 * 365
    now = timezone.now()
    active = only("active@example.org")
    Subscriber.objects.filter(pk=active.pk).update(
        asked_at=now - timezone.timedelta(days=5 * 365),
        last_active_at=now - timezone.timedelta(days=2 * 365),
    )
    silent = only("silencieux@example.org")
    Subscriber.objects.filter(pk=silent.pk).update(
        asked_at=now - timezone.timedelta(days=4 * 365), last_active_at=None
    )
    queueing.run_minute()
    assert Subscriber.objects.filter(pk=active.pk).exists()
    assert not Subscriber.objects.filter(pk=silent.pk).exists()


def test_the_subscribers_page_counts_and_exports_without_formulas(client, only):
    only('=HYPERLINK("http://x.example")@example.org')
    only("normal@example.org", "weekly")
    client.force_login(_user("redaction"))
    url = reverse("wagtailsnippets_newsletter_subscriber:list")
    page = client.get(url).content.decode()
    assert "En chiffres" in page and "ni ouvertures ni clics" in page
    exported = client.get(url, {"export": "csv"})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], cells
    assert '\'=HYPERLINK("http://x.example")@example.org' in cells
    assert client.get(url, {"export": "csv"}).status_code == 200

    client.force_login(_user("contributrice"))
    response = client.get(url, {"export": "csv"})
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "content, said",
    [
        (b"", "fichier soumis est vide"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x81\x81\xff\xfe\x00", "pas un texte lisible"),
        (b"nom,ville\nHelene,Murat\n", "Aucune colonne d’adresses trouvée"),
        (b"email\n" + b"a@example.org\n" * 400_000, "dépasse 5 Mo"),
    ],
    ids=["vide", "binaire", "sans-adresse", "trop-gros"],
)
def test_a_file_that_cannot_be_imported_is_refused_in_french(client, content, said):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(_user("redaction"))
    before = Subscriber.objects.count()
    response = client.post(
        reverse("newsletter_admin:import"),
        {
            "file": SimpleUploadedFile("liste.csv", content, "text/csv"),
            "origin": "ancien outil",
            "frequency": "weekly",
        },
    )
    assert response.status_code == 400
    assert said in response.content.decode()
    assert Subscriber.objects.count() == before


def test_an_import_with_commas_and_headings_keeps_the_unsubscribed_unsubscribed(client, only):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gone = only("partie@example.org", state="unsubscribed")
    client.force_login(_user("redaction"))
    content = "email,name\nnouveau@example.org,Nouveau\npartie@example.org,Partie\n"
    response = client.post(
        reverse("newsletter_admin:import"),
        {
            "file": SimpleUploadedFile("liste.csv", content.encode(), "text/csv"),
            "origin": "listmonk",
            "frequency": "each",
        },
    )
    assert response.status_code == 200
    gone.refresh_from_db()
    assert gone.state == Subscriber.State.UNSUBSCRIBED
    added = Subscriber.objects.get(email="nouveau@example.org")
    assert (added.state, added.origin, added.consent_version) == ("confirmed", "listmonk", "import")
    client.force_login(_user("contributrice"))
    response = client.post(reverse("newsletter_admin:import"), {"origin": "x"})
    assert response.status_code in (302, 403) and Subscriber.objects.count() > 0
