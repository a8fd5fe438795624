"""Sending the lettre, in the background worker: batches of deliveries over one SMTP
connection, at a bounded rate, each e-mail recorded before and after the mail server takes it.

At most once: a delivery is marked `sending` (committed) before its e-mail is handed to the
server and `sent` once the server accepted it. A worker killed in between leaves that one
delivery `sending`: perhaps received, it is never sent again, and recorded as interrupted — the
price of never sending anything twice. Deliveries claimed but not yet handed over go back to the
queue when their claim lapses. Workers share the queue without sending twice: claiming locks the
rows (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's IMMEDIATE transactions let one
writer claim at a time).

A temporary refusal (4xx, connection lost) is tried again later (`RETRY_AFTER`); a permanent one
(5xx) is recorded, and an address refused `SUSPEND_AFTER_FAILURES` times in a row is suspended.
Nothing about the subscriber is logged but their number."""

import logging
import smtplib
import threading
import time
import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from magazine.newsletter.composing import Composer
from magazine.newsletter.models import (
    SUSPEND_AFTER_FAILURES,
    Delivery,
    Send,
    Subscriber,
    lease_seconds,
)

logger = logging.getLogger(__name__)

# Minutes before each new try of an e-mail refused for now; then it is given up.
RETRY_AFTER = [1, 5, 30, 120, 720]
INTERRUPTED = "Envoi interrompu (arrêt du travailleur) : non renvoyé, peut-être reçu."


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def recover(now=None):
    """Deliveries of workers taken for dead: those never handed over go back to the queue;
    the one each was handing over is recorded as interrupted (never sent twice)."""
    now = now or timezone.now()
    lapsed = now - timezone.timedelta(seconds=lease_seconds())
    back = Delivery.objects.filter(state=Delivery.State.CLAIMED, claimed_at__lt=lapsed).update(
        state=Delivery.State.PENDING, claim="", claimed_at=None
    )
    interrupted = Delivery.objects.filter(
        state=Delivery.State.SENDING, claimed_at__lt=lapsed
    ).update(state=Delivery.State.FAILED, error=INTERRUPTED)
    if back or interrupted:
        logger.warning(
            "Lettre : %s envoi(s) repris, %s interrompu(s) par l’arrêt d’un travailleur.",
            back,
            interrupted,
        )
    return back, interrupted


def claim(size, now=None):
    """Up to `size` deliveries due, for this worker alone."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = Delivery.objects.due(now).select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.PENDING).update(
            state=Delivery.State.CLAIMED, claim=token, claimed_at=now
        )
    return list(
        Delivery.objects.filter(claim=token, state=Delivery.State.CLAIMED)
        .select_related("send__issue", "subscriber")
        .order_by("pk")
    )


class Follows:
    """What the subscribers of a batch follow and what the articles of its sends are about,
    read once per batch: which articles of an alert or a digest each of them gets."""

    def __init__(self, deliveries):
        subscribers = {d.subscriber_id for d in deliveries if d.send.kind != Send.Kind.ISSUE}
        self.themes, self.territories = {}, {}
        for subscriber, theme in Subscriber.themes.through.objects.filter(
            subscriber_id__in=subscribers
        ).values_list("subscriber_id", "theme_id"):
            self.themes.setdefault(subscriber, set()).add(theme)
        for subscriber, territory in Subscriber.territories.through.objects.filter(
            subscriber_id__in=subscribers
        ).values_list("subscriber_id", "territory_id"):
            self.territories.setdefault(subscriber, set()).add(territory)
        self.sends = {}

    def _about(self, send):
        if send.pk not in self.sends:
            articles = list(
                send.articles.order_by("first_published_at", "pk").prefetch_related(
                    "themes", "territories"
                )
            )
            self.sends[send.pk] = [
                (
                    article,
                    {theme.pk for theme in article.themes.all()},
                    {territory.pk for territory in article.territories.all()},
                )
                for article in articles
            ]
        return self.sends[send.pk]

    def articles(self, delivery):
        """The articles of its alert or digest the subscriber follows; () for a numéro."""
        if delivery.send.kind == Send.Kind.ISSUE:
            return ()
        themes = self.themes.get(delivery.subscriber_id, set())
        territories = self.territories.get(delivery.subscriber_id, set())
        return tuple(
            article
            for article, about_themes, about_territories in self._about(delivery.send)
            if not (themes or territories)
            or themes & about_themes
            or territories & about_territories
        )


# The two writes of every e-mail, in plain SQL: the ORM's building of them cost more than the
# database's work (a third of a message's time; see bench/newsletter.py).
_DELIVERY, _SUBSCRIBER = Delivery._meta.db_table, Subscriber._meta.db_table
_START = (
    f"UPDATE {_DELIVERY} SET state = %s, claimed_at = %s, attempts = attempts + 1 "
    f"WHERE id = %s AND state = %s AND EXISTS "
    f"(SELECT 1 FROM {_SUBSCRIBER} WHERE id = %s AND state = %s)"
)
_SENT = f"UPDATE {_DELIVERY} SET state = %s, sent_at = %s, error = '' WHERE id = %s"


def _execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _start(delivery):
    """Marks the delivery as being handed over, if its subscriber still receives the lettre
    (an unsubscribe is seen up to the last moment)."""
    started = _execute(
        _START,
        [
            Delivery.State.SENDING,
            _now(),
            delivery.pk,
            Delivery.State.CLAIMED,
            delivery.subscriber_id,
            Subscriber.State.CONFIRMED,
        ],
    )
    if not started:
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.CLAIMED).update(
            state=Delivery.State.SKIPPED, claim=""
        )
    return bool(started)


def _skip(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED)


def _sent(delivery):
    _execute(_SENT, [Delivery.State.SENT, _now(), delivery.pk])
    if delivery.subscriber.failures:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(failures=0)


def _failed(delivery, error, permanent):
    attempts = delivery.attempts + 1
    if not permanent and attempts <= len(RETRY_AFTER):
        later = timezone.now() + timezone.timedelta(minutes=RETRY_AFTER[attempts - 1])
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.PENDING,
            claim="",
            claimed_at=None,
            next_attempt_at=later,
            error=error[:300],
        )
        return
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED, error=error[:300])
    if permanent:
        with transaction.atomic():
            Subscriber.objects.filter(pk=delivery.subscriber_id).update(failures=F("failures") + 1)
            Subscriber.objects.filter(
                pk=delivery.subscriber_id,
                failures__gte=SUSPEND_AFTER_FAILURES,
                state=Subscriber.State.CONFIRMED,
            ).update(state=Subscriber.State.SUSPENDED)


def _hand_over(connection, message):
    """Gives the e-mail to the mail server; raises TemporaryFailure or PermanentFailure."""
    try:
        if getattr(connection, "connection", False) is None:  # SMTP, not connected (yet, again)
            connection.open()  # kept open for the batch: send_messages would close its own
        if not connection.send_messages([message]):
            raise TemporaryFailure("le serveur de courrier n’a rien accepté")
    except smtplib.SMTPRecipientsRefused as error:
        (code, answer), *_ = error.recipients.values()
        failure = PermanentFailure if 500 <= code < 600 else TemporaryFailure
        raise failure(f"{code} {answer.decode(errors='replace')[:200]}") from error
    except smtplib.SMTPResponseException as error:
        failure = PermanentFailure if 500 <= error.smtp_code < 600 else TemporaryFailure
        message_text = error.smtp_error
        if isinstance(message_text, bytes):
            message_text = message_text.decode(errors="replace")
        raise failure(f"{error.smtp_code} {message_text[:200]}") from error
    except (smtplib.SMTPException, OSError) as error:
        connection.close()  # reopened by the next send_messages
        raise TemporaryFailure(f"{type(error).__name__} : {error}"[:300]) from error


def deliver(size=None, rate=None):
    """Sends one batch; returns how many deliveries it took (0: nothing due)."""
    size = size or settings.NEWSLETTER_BATCH
    rate = rate or settings.NEWSLETTER_RATE
    recover()
    deliveries = claim(size)
    if not deliveries:
        return 0
    composer, follows = Composer(), Follows(deliveries)
    connection = get_connection(fail_silently=False)
    gap = 1 / rate if rate else 0
    try:
        for delivery in deliveries:
            began = time.monotonic()
            articles = follows.articles(delivery)
            if delivery.send.kind != Send.Kind.ISSUE and not articles:
                _skip(delivery)  # follows changed since: nothing left for them in it
                continue
            if not _start(delivery):
                continue
            message = composer.message(delivery, articles)
            try:
                _hand_over(connection, message)
            except (TemporaryFailure, PermanentFailure) as error:
                _failed(delivery, str(error), isinstance(error, PermanentFailure))
                logger.warning(
                    "Lettre : envoi %s à l’abonné·e n° %s refusé : %s",
                    delivery.send_id,
                    delivery.subscriber_id,
                    error,
                )
            else:
                _sent(delivery)
            if (wait := gap - (time.monotonic() - began)) > 0:
                time.sleep(wait)
    finally:
        connection.close()
    return len(deliveries)


def run_forever(stop_event, idle=2.0):
    """Loop of the worker's sending thread: a batch after another while there are some."""
    while not stop_event.is_set():
        close_old_connections()
        try:
            took = deliver()
        except Exception:  # the thread must survive; the claims lapse and are taken again
            logger.exception("Lettre : un lot d’envois a échoué ; nouvel essai bientôt.")
            took = 0
        finally:
            close_old_connections()
        if not took:
            stop_event.wait(idle)


def start_sender():
    """The worker's sending threads (NEWSLETTER_CONNECTIONS): each claims its own batches and
    keeps its own SMTP connection, so one's wait for the mail server is another's work."""
    stop_event = threading.Event()
    for number in range(settings.NEWSLETTER_CONNECTIONS):
        threading.Thread(
            target=run_forever,
            args=(stop_event,),
            name=f"envoi-de-la-lettre-{number + 1}",
            daemon=True,
        ).start()
    return stop_event
