"""Sending the lettre (issue 14): an alert for what was just published, to whoever follows it,
grouped in one e-mail; the week's digest; a numéro to everyone, then public. The e-mails'
headers (RFC 8058 one-click unsubscribe, List-Id, a stable Message-ID) and their parts (plain
text and HTML, no remote image, links as they are). Sent through Django's test outbox."""

import re

import pytest
import time_machine
from django.utils import timezone

from magazine.newsletter import delivery, queueing
from magazine.newsletter.models import Delivery, Issue, IssueArticle, Send, Subscriber
from magazine.taxonomy.models import Theme

pytestmark = pytest.mark.django_db


def _new_article(source, slug, title, themes):
    """A copy of a demo article, published now with `themes`."""
    copy = source.copy(
        update_attrs={"slug": slug, "title": title, "first_published_at": None},
        keep_live=False,
    )
    copy.themes.set(themes)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def _deliver_all():
    while delivery.deliver(size=50, rate=0):
        pass


def _to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


@pytest.fixture
def themes():
    return Theme.objects.get(slug="inclusion-numerique"), Theme.objects.exclude(
        slug="inclusion-numerique"
    ).first()


def test_an_alert_groups_what_was_just_published_for_whoever_follows_it(
    only, themes, article, mailoutbox
):
    followed, other = themes
    fan = only("fan@example.org", "each", themes=[followed])
    everything = only("tout@example.org", "each")
    elsewhere = only("ailleurs@example.org", "each", themes=[other])
    weekly = only("hebdo@example.org", "weekly")
    gone = only("parti@example.org", "each", state="unsubscribed")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert queueing.queue_alerts() is None  # the first run: from now on
    with time_machine.travel(now + timezone.timedelta(minutes=1), tick=False):
        first = _new_article(article, "alerte-un", "Un guichet numérique à Murat", [followed])
        second = _new_article(article, "alerte-deux", "Les données de la métropole", [])
    with time_machine.travel(now + timezone.timedelta(minutes=2), tick=False):
        send = queueing.queue_alerts()
        assert queueing.queue_alerts() is None  # nothing new since
    assert set(send.deliveries.values_list("subscriber__email", flat=True)) == {
        fan.email,
        everything.email,
    }
    with time_machine.travel(now + timezone.timedelta(minutes=3), tick=False):
        _deliver_all()

    (to_fan,) = _to(mailoutbox, fan.email)
    assert first.title in to_fan.body and second.title not in to_fan.body
    assert to_fan.subject == f"Nouveau dans Le Mag : {first.title}"
    (to_everything,) = _to(mailoutbox, everything.email)
    assert first.title in to_everything.body and second.title in to_everything.body
    for nobody in (elsewhere, weekly, gone):
        assert not _to(mailoutbox, nobody.email)
    assert set(Delivery.objects.filter(send=send).values_list("state", flat=True)) == {"sent"}


def test_each_email_says_how_to_unsubscribe_in_one_click_and_tracks_nothing(
    only, article, mailoutbox
):
    reader = only("lectrice@example.org", "each")
    issue = Issue.objects.create(subject="Les secrétaires de mairie et le numérique")
    IssueArticle.objects.create(issue=issue, article=article)
    assert queueing.send_issue(issue)
    _deliver_all()

    (message,) = _to(mailoutbox, reader.email)
    headers = message.message()
    unsubscribe = re.fullmatch(r"<(http\S+/lettre/desabonner/\S+/)>", headers["List-Unsubscribe"])
    assert unsubscribe, headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"].endswith(">") and "lettre." in headers["List-Id"]
    assert headers["Message-ID"] == f"<lettre-{issue.sends.get().pk}-{reader.pk}@127.0.0.1>"
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    assert "<img" not in html and "<script" not in html
    assert f'href="http://127.0.0.1:8000{article.url}"' in html  # the article's own address
    assert f"http://127.0.0.1:8000{article.url}" in message.body
    assert unsubscribe.group(1) in html and unsubscribe.group(1) in message.body
    assert "/lettre/mon-abonnement/" in message.body

    # The one-click unsubscribe a mail program sends: one POST, from anywhere, no cookie.
    from django.test import Client

    path = unsubscribe.group(1).split("8000", 1)[1]
    response = Client().post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.state == Subscriber.State.UNSUBSCRIBED


def test_a_numero_goes_to_every_subscriber_once_then_is_public(only, article, mailoutbox, client):
    readers = [only(f"lecteur{n}@example.org", "weekly" if n % 2 else "each") for n in range(5)]
    issue = Issue.objects.create(
        subject="Spécial état civil", introduction="<p>Ce mois-ci, l’état civil.</p>"
    )
    IssueArticle.objects.create(issue=issue, article=article)
    assert queueing.send_issue(issue)
    assert not queueing.send_issue(issue)  # a second click sends nothing
    issue.refresh_from_db()
    assert issue.number == 1 and issue.state == Issue.State.SENT
    _deliver_all()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in readers)
    assert all(m.subject == "La lettre du Mag n° 1 : Spécial état civil" for m in mailoutbox)
    assert "http://127.0.0.1:8000/lettre/numeros/1/" in mailoutbox[0].body

    page = client.get("/lettre/numeros/1/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Spécial état civil" in html and "Ce mois-ci, l’état civil." in html
    assert article.title in html
    assert not any(reader.email in html for reader in readers)
    assert "Set-Cookie" not in page.headers
    listing = client.get("/lettre/numeros/").content.decode()
    assert "/lettre/numeros/1/" in listing
    feed = client.get("/lettre/numeros/flux.atom")
    assert feed.status_code == 200 and "Spécial état civil" in feed.content.decode()
    assert client.get("/lettre/numeros/2/").status_code == 404


def test_a_subscriber_who_leaves_before_their_turn_gets_nothing(only, article, mailoutbox):
    staying, leaving = only("reste@example.org"), only("part@example.org")
    issue = Issue.objects.create(subject="Un numéro")
    IssueArticle.objects.create(issue=issue, article=article)
    queueing.send_issue(issue)
    leaving.unsubscribe()
    _deliver_all()
    assert [m.to for m in mailoutbox] == [[staying.email]]
    assert Delivery.objects.get(subscriber=leaving).state == Delivery.State.SKIPPED


def test_the_weekly_digest_comes_once_a_week_with_the_weeks_articles(
    only, themes, article, mailoutbox, settings
):
    settings.NEWSLETTER_DIGEST_WEEKDAY, settings.NEWSLETTER_DIGEST_HOUR = 0, 8
    followed, _ = themes
    weekly = only("hebdo@example.org", "weekly", themes=[followed])
    monday = timezone.make_aware(timezone.datetime(2026, 12, 7, 8, 0))
    with time_machine.travel(monday - timezone.timedelta(days=7), tick=False):
        queueing.queue_digest()  # last week's (the first: nothing before it)
    with time_machine.travel(monday - timezone.timedelta(days=2), tick=False):
        _new_article(article, "semaine-un", "Le cadastre solaire de Figeac", [followed])
    with time_machine.travel(monday - timezone.timedelta(minutes=1), tick=False):
        assert queueing.queue_digest() is None  # not yet Monday 8:00
    with time_machine.travel(monday + timezone.timedelta(minutes=1), tick=False):
        send = queueing.queue_digest()
        assert queueing.queue_digest() is None  # once a week
        assert send.kind == Send.Kind.DIGEST
        _deliver_all()
    (message,) = _to(mailoutbox, weekly.email)
    assert "Le cadastre solaire de Figeac" in message.body
    assert message.subject == "La semaine du Mag : 1 article"
