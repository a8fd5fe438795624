"""Scheduled publishing, run every minute by the background worker (`manage.py worker`), which
also leaves a heartbeat for the health endpoint (/sante/) at each run."""

import datetime
import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.utils import timezone

from magazine.newsletter import queueing
from magazine.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def publish_due_pages():
    """Publish approved revisions whose date has come, unpublish expired pages.

    Idempotent: a revision is published once, then no longer scheduled. Dates are stored in
    UTC and entered in Europe/Paris time, so daylight-saving changes need no special case.
    """
    with transaction.atomic():
        call_command("publish_scheduled", verbosity=0)


def seconds_until_next_minute(now=None):
    now = now or timezone.now()
    following = (now + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    return (following - now).total_seconds()


def run_minute():
    """One run of the scheduler: show the worker is alive, publish due pages, then the lettre's
    minute (numéros due, alerts for what was just published, the weekly digest, subscriptions
    to forget)."""
    try:
        WorkerHeartbeat.beat()
        publish_due_pages()
        queueing.run_minute()
    except Exception:  # the worker must survive a failed run; the next one retries
        logger.exception("La publication programmée a échoué ; nouvel essai dans une minute.")


def run_every_minute(stop_event):
    """Loop of the scheduler thread: a run at the start of every minute."""
    while not stop_event.wait(seconds_until_next_minute()):
        close_old_connections()
        try:
            run_minute()
        finally:
            close_old_connections()


def start_scheduler():
    stop_event = threading.Event()
    thread = threading.Thread(
        target=run_every_minute, args=(stop_event,), name="publication-programmee", daemon=True
    )
    thread.start()
    return stop_event
