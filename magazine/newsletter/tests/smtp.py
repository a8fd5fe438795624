"""A mail server on 127.0.0.1 for the tests (aiosmtpd): it keeps what it receives, counts the
connections, and refuses the addresses it is told to refuse, for now (4xx) or for good (5xx);
and a numéro queued in an installation that worker processes then send."""

import socket
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from django.conf import settings


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []  # (recipient, raw bytes)
        self.peers = set()  # one (host, port) per connection
        self.refuse = {}  # address -> "550 …" or "451 …"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if answer := self.refuse.get(address):
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.peers.add(session.peer)
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, envelope.original_content))
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [recipient for recipient, _ in self.received]


class MailServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def queue_numero(environment, subscribers, subject):
    """In a `manage.py shell` of the installation `environment` points at: `subscribers`
    confirmed subscribers (lecteurN@example.org) and a numéro queued for them, as the rédaction
    sends it."""
    script = f"""
from django.utils import timezone
from magazine.articles.models import ArticlePage
from magazine.newsletter import queueing
from magazine.newsletter.models import Issue, IssueArticle, Subscriber
Subscriber.objects.all().delete()
now = timezone.now()
Subscriber.objects.bulk_create(
    Subscriber(email=f"lecteur{{n}}@example.org", state="confirmed", consent_version="t",
               confirmed_at=now, last_active_at=now)
    for n in range({subscribers})
)
issue = Issue.objects.create(subject={subject!r})
IssueArticle.objects.create(issue=issue, article=ArticlePage.objects.live().first())
queueing.send_issue(issue)
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=120,
    )
