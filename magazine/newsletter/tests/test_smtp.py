"""The lettre handed to a real mail server on 127.0.0.1 (aiosmtpd): one connection for a batch,
a refusal for now tried again later, a refusal for good recorded and, repeated, suspending the
address; a DKIM signature that a receiving server verifies (issue 14)."""

import base64
import re
import subprocess

import dkim
import pytest
from django.utils import timezone

from magazine.newsletter import delivery, queueing
from magazine.newsletter.models import Delivery, Issue, IssueArticle, Subscriber
from magazine.newsletter.tests.smtp import MailServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def _issue(article, subject="Un numéro"):
    issue = Issue.objects.create(subject=subject)
    IssueArticle.objects.create(issue=issue, article=article)
    queueing.send_issue(issue)
    return issue


def test_a_batch_goes_over_one_connection_and_refusals_are_told_apart(
    only, article, mail_server, caplog
):
    readers = [only(f"lecteur{n}@example.org") for n in range(6)]
    for_good, for_now = "inconnu@example.org", "plein@example.org"
    refused = only(for_good)
    busy = only(for_now)
    mail_server.handler.refuse = {
        for_good: "550 5.1.1 Adresse inconnue",
        for_now: "451 4.2.2 Boîte pleine, réessayez",
    }
    _issue(article)
    assert delivery.deliver(size=50, rate=0) == 8
    assert sorted(mail_server.handler.recipients()) == sorted(r.email for r in readers)
    assert len(mail_server.handler.peers) == 1  # one connection for the batch

    failed = Delivery.objects.get(subscriber=refused)
    assert failed.state == Delivery.State.FAILED and failed.error.startswith("550")
    later = Delivery.objects.get(subscriber=busy)
    assert later.state == Delivery.State.PENDING and later.error.startswith("451")
    assert later.next_attempt_at > timezone.now() + timezone.timedelta(seconds=50)
    assert delivery.deliver(size=50, rate=0) == 0  # not yet due

    # The box has room again: the next try, once due, gets through.
    mail_server.handler.refuse = {for_good: "550 5.1.1 Adresse inconnue"}
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver(size=50, rate=0) == 1
    assert mail_server.handler.recipients().count(for_now) == 1

    # Refused for good three numéros in a row: no more e-mails to that address.
    _issue(article, "Deuxième")
    _issue(article, "Troisième")
    while delivery.deliver(size=50, rate=0):
        pass
    refused.refresh_from_db()
    assert refused.state == Subscriber.State.SUSPENDED and refused.failures == 3
    _issue(article, "Quatrième")
    assert not Delivery.objects.filter(subscriber=refused, send__issue__subject="Quatrième")
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("magazine")]
    assert any("refusé" in message for message in ours), ours
    assert not [message for message in ours if "@" in message]  # by number, no address


def test_every_email_carries_a_dkim_signature_a_receiver_verifies(
    only, article, mail_server, settings, tmp_path
):
    key = tmp_path / "lettre.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    settings.NEWSLETTER_DKIM_KEY_FILE = str(key)
    settings.NEWSLETTER_DKIM_SELECTOR, settings.NEWSLETTER_DKIM_DOMAIN = "lettre", "lemag.example"
    only("lectrice@example.org")
    _issue(article, "Signé : état civil, « données » et élu·es")
    delivery.deliver(size=50, rate=0)
    ((_, raw),) = mail_server.handler.received
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    def dns(name, timeout=5):
        assert name == b"lettre._domainkey.lemag.example."
        return record

    assert re.search(rb"^DKIM-Signature: .*d=lemag\.example", raw, re.M)
    assert dkim.verify(raw, dnsfunc=dns)
    tampered = raw.replace(b"\nSubject: ", b"\nSubject: Re: ", 1)
    assert tampered != raw
    assert not dkim.verify(tampered, dnsfunc=dns)
