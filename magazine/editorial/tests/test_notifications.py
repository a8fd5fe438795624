"""The editorial e-mails: who receives them, what they say, where their links lead, and what
editors see when one cannot be sent (issue 11, defects 9, 15 and 16)."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry

from magazine.editorial import notifications
from magazine.editorial.tests.conftest import approve_url

TITLE_WITH_BREAK = "Le guichet numérique\r\nd’une commune de montagne"


def _message_to(address, subject_start):
    matching = [
        message
        for message in mail.outbox
        if address in message.to and message.subject.startswith(subject_start)
    ]
    assert matching, [(message.to, message.subject) for message in mail.outbox]
    return matching[-1]


def test_a_title_with_a_line_break_still_sends_the_review_emails(create_article, contributor):
    """Defect 9: a line break in a title made every subject an invalid header."""
    mail.outbox.clear()
    _, page = create_article(contributor, action="action-submit", title=TITLE_WITH_BREAK)
    assert "\n" in page.title
    message = _message_to("relecteur@example.org", "[Le Mag] À relire")
    assert message.subject == (
        "[Le Mag] À relire : « Le guichet numérique d’une commune de montagne »"
    )
    assert not PageLogEntry.objects.filter(action=notifications.FAILED).exists()


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(notifications, "send_mail", refuse)


def test_a_failed_email_is_shown_to_those_who_publish(
    smtp_down, create_article, client, contributor, chief
):
    """Defect 9: an e-mail that cannot be sent is not lost silently."""
    _, page = create_article(contributor, action="action-submit")
    entry = PageLogEntry.objects.get(action=notifications.FAILED, page=page)
    assert entry.data["notification"] == "À relire"

    client.force_login(chief)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Notifications non envoyées" in html
    assert "Le guichet numérique d’une commune de montagne" in html
    assert "SMTPServerDisconnected" in html
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "E-mail « À relire » non envoyé" in history.content.decode()

    client.force_login(contributor)  # who does not publish is not asked to act
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Notifications non envoyées" not in html


def test_no_failure_no_panel(client, chief):
    client.force_login(chief)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Notifications non envoyées" not in html


def test_the_validation_email_names_the_submitter_and_passes_the_review_on(
    create_article, client, contributor, reviewer
):
    """Defect 16: « soumis par » named the reviewer whose approval started the second step,
    and her comment was lost."""
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    mail.outbox.clear()
    response = client.post(approve_url(page), {"comment": "Très clair ; la date du conseil ?"})
    assert response.status_code == 302 and response.url != "/admin/"

    to_chief = _message_to("redaction@example.org", "[Le Mag] À relire")
    assert "soumis par Aminata Diallo" in to_chief.body
    assert "soumis par Yacine Belkacem" not in to_chief.body
    assert "approuvée par Yacine Belkacem" in to_chief.body
    assert "Très clair ; la date du conseil ?" in to_chief.body

    to_author = _message_to("contributrice@example.org", "[Le Mag] Approuvé avec un commentaire")
    assert "Très clair ; la date du conseil ?" in to_author.body
    assert "approuvé par Yacine Belkacem" in to_author.body
    assert "Il passe à l’étape « Validation par la rédaction en chef »." in to_author.body
    assert not any("relecteur@example.org" in message.to for message in mail.outbox)


def test_an_approval_without_comment_sends_nothing_more(
    create_article, client, contributor, reviewer
):
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    mail.outbox.clear()
    client.post(approve_url(page))
    assert not any(message.subject.startswith("[Le Mag] Approuvé") for message in mail.outbox)


def test_email_links_lead_to_the_base_url(
    settings, create_article, client, contributor, reviewer, chief
):
    """Defect 15: « est publié » e-mails led to http://localhost/… (the Site record)."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    mail.outbox.clear()
    _, page = create_article(contributor, action="action-submit")
    awaiting = _message_to("relecteur@example.org", "[Le Mag] À relire")
    assert f"http://127.0.0.1:8100/admin/pages/{page.pk}/edit/" in awaiting.body
    for user in (reviewer, chief):
        client.force_login(user)
        assert client.post(approve_url(page)).url != "/admin/"
    page.refresh_from_db()
    assert page.live
    published = _message_to("contributrice@example.org", "[Le Mag] Publié")
    assert f"http://127.0.0.1:8100{page.url}" in published.body
    assert "localhost" not in published.body
