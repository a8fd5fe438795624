"""A run of the source checker: the cited addresses that are due, checked and noted.

Run by the worker (`worker_thread`) every `LEMAG_SOURCECHECK_EVERY` seconds and by
`manage.py check_sources`. A run notes what it found only at its end, so that a machine that
lost its own network does not take every site for gone: when no site at all answered during
a run that tried several, its failures to connect are kept as inconclusive."""

import itertools
import logging
import threading
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections, transaction
from django.dispatch import Signal
from django.utils import timezone

from magazine.caching.generation import invalidate
from magazine.sourcecheck.fetching import Fetcher
from magazine.sourcecheck.models import CheckedLink, Outcome, cited_urls

logger = logging.getLogger(__name__)

# Sent once committed with the addresses found gone, or back: the articles citing them offer
# readers an archived copy, or stop offering it (magazine.compiling compiles them again).
gone_changed = Signal()


def note_cited_addresses():
    """A CheckedLink, due now, for each address cited as a source that has none."""
    urls = set(cited_urls().values_list("url", flat=True))
    known = set(CheckedLink.objects.filter(url__in=urls).values_list("url", flat=True))
    CheckedLink.objects.bulk_create(
        [CheckedLink(url=url) for url in sorted(urls - known)], ignore_conflicts=True
    )


def by_turns(links):
    """`links` reordered one site after another, so that waiting for one site is spent on
    the others."""
    per_host = defaultdict(list)
    for link in links:
        per_host[urlsplit(link.url).netloc.lower()].append(link)
    turns = itertools.zip_longest(*per_host.values())
    return [link for turn in turns for link in turn if link is not None]


def check_due(limit=None, urls=None, fetcher=None, now=None):
    """Check the cited addresses due (or `urls`, due or not), at most `limit` of them.
    Returns {outcome: count}."""
    note_cited_addresses()
    links = CheckedLink.objects.cited()
    links = links.filter(url__in=urls) if urls is not None else links.due(now)
    limit = limit or (len(urls) if urls is not None else settings.LEMAG_SOURCECHECK_BATCH)
    links = by_turns(links[:limit])
    fetcher = fetcher or Fetcher()
    results = [(link, fetcher.check(link.url)) for link in links]
    offline = not fetcher.reached_a_site and len(fetcher.hosts_tried) > 1
    counts = defaultdict(int)
    changed = []
    now = timezone.now()
    with transaction.atomic():
        for link, result in results:
            was_gone = link.gone
            conclusive = not (offline and result.outcome == Outcome.UNREACHABLE)
            link.record(result, now=now, conclusive=conclusive)
            counts[result.outcome] += 1
            if link.gone != was_gone:
                changed.append(link.url)
        if changed:
            invalidate()
            transaction.on_commit(lambda: gone_changed.send(sender=CheckedLink, urls=changed))
    if offline and results:
        logger.warning("Aucun site n’a répondu : le serveur semble hors ligne.")
    return dict(counts)


def run_forever(stop_event):
    """The worker's thread: a run now, then one every LEMAG_SOURCECHECK_EVERY seconds."""
    while True:
        close_old_connections()
        try:
            check_due()
        except Exception:  # the worker must survive a failed run; the next one retries
            logger.exception("La vérification des sources a échoué ; nouvel essai plus tard.")
        finally:
            close_old_connections()
        if stop_event.wait(settings.LEMAG_SOURCECHECK_EVERY):
            return


def start_checker():
    """Start the checker's thread (unless LEMAG_SOURCECHECK is off); its stop event, or None."""
    if not settings.LEMAG_SOURCECHECK:
        return None
    stop_event = threading.Event()
    threading.Thread(
        target=run_forever, args=(stop_event,), name="verification-des-sources", daemon=True
    ).start()
    return stop_event
