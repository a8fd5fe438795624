"""What is to be sent, and to whom: a numéro when the rédaction sends it (or when its time
comes), an alert for what was just published, the week's digest. Each becomes a `Send` and one
`Delivery` per subscriber it is for; the worker's batches then send them (delivery.py)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from magazine.articles.models import ArticlePage
from magazine.newsletter.models import Delivery, Issue, Send, Subscriber

# An article published less than this long ago waits for the next alert (its transaction may
# not be committed yet when the alert is made).
SETTLE = timezone.timedelta(seconds=30)


def _deliver_to(send, subscribers):
    ids = subscribers.order_by("pk").values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        (Delivery(send=send, subscriber_id=pk) for pk in ids.iterator(chunk_size=2000)),
        batch_size=1000,
    )
    return send.deliveries.count()


def send_issue(issue):
    """Sends a numéro now: its number, then one delivery per subscriber. False if it was
    already sent (two clicks, or the worker's minute and a click)."""
    with transaction.atomic():
        number = (Issue.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        sending = Issue.objects.filter(
            pk=issue.pk, state__in=[Issue.State.DRAFT, Issue.State.SCHEDULED]
        ).update(state=Issue.State.SENT, number=number, sent_at=timezone.now())
        if not sending:
            return False
        send = Send.objects.create(kind=Send.Kind.ISSUE, issue=issue)
        _deliver_to(send, Subscriber.objects.receiving())
    issue.refresh_from_db()
    return True


def schedule_issue(issue, when):
    return bool(
        Issue.objects.filter(
            pk=issue.pk, state__in=[Issue.State.DRAFT, Issue.State.SCHEDULED]
        ).update(state=Issue.State.SCHEDULED, scheduled_for=when)
    )


def unschedule_issue(issue):
    return bool(
        Issue.objects.filter(pk=issue.pk, state=Issue.State.SCHEDULED).update(
            state=Issue.State.DRAFT, scheduled_for=None
        )
    )


def send_due_issues(now=None):
    for issue in Issue.objects.due(now):
        send_issue(issue)


def _published_between(start, end):
    return list(
        ArticlePage.objects.published()
        .filter(first_published_at__gt=start, first_published_at__lte=end)
        .order_by("first_published_at", "pk")
    )


def _last_until(kind):
    return Send.objects.filter(kind=kind).aggregate(last=Max("until"))["last"]


def queue_alerts(now=None):
    """One alert for everything published since the last one, to each subscriber who wants
    every publication and follows one of its articles' themes or territories (or all)."""
    end = (now or timezone.now()) - SETTLE
    with transaction.atomic():
        start = _last_until(Send.Kind.ALERT)
        if start is None:  # the first run: from now on (no alert for the archives)
            Send.objects.create(kind=Send.Kind.ALERT, until=end)
            return None
        articles = _published_between(start, end)
        if not articles:
            return None
        send = Send.objects.create(kind=Send.Kind.ALERT, until=end)
        send.articles.set(articles)
        subscribers = Subscriber.objects.receiving().filter(frequency=Subscriber.Frequency.EACH)
        _deliver_to(send, subscribers.following_any(articles))
        return send


def last_digest_time(now=None):
    """The latest weekly digest time at or before `now` (NEWSLETTER_DIGEST_WEEKDAY, _HOUR)."""
    now = timezone.localtime(now or timezone.now())
    days_back = (now.weekday() - settings.NEWSLETTER_DIGEST_WEEKDAY) % 7
    slot = (now - timezone.timedelta(days=days_back)).replace(
        hour=settings.NEWSLETTER_DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    return slot if slot <= now else slot - timezone.timedelta(days=7)


def queue_digest(now=None):
    """The week's digest, once its time has come, to the weekly subscribers following one of
    its articles (or all)."""
    slot = last_digest_time(now)
    with transaction.atomic():
        start = _last_until(Send.Kind.DIGEST)
        if start is not None and start >= slot:
            return None  # this week's is made
        send = Send.objects.create(kind=Send.Kind.DIGEST, until=slot)
        if start is None:  # the first run: from this week on (no digest of the archives)
            return None
        start = max(start, slot - timezone.timedelta(days=7))
        articles = _published_between(start, slot)
        if not articles:
            return None
        send.articles.set(articles)
        subscribers = Subscriber.objects.receiving().filter(frequency=Subscriber.Frequency.WEEKLY)
        _deliver_to(send, subscribers.following_any(articles))
        return send


def run_minute(now=None):
    """The worker's minute: numéros whose time has come, alerts, the weekly digest, and the
    subscriptions to forget (never confirmed; no sign of life for years)."""
    now = now or timezone.now()
    send_due_issues(now)
    queue_alerts(now)
    queue_digest(now)
    Subscriber.objects.expired(now).delete()
    limit = now - timezone.timedelta(days=settings.NEWSLETTER_RETENTION_DAYS)
    Subscriber.objects.inactive_since(limit).delete()
