"""Crash safety, for real (issue 14): `manage.py worker` sends a numéro to 400 subscribers
through a mail server on 127.0.0.1, is killed (SIGKILL) in the middle, then started again.
Nobody receives the numéro twice, and nobody is forgotten: each subscriber received it, or is
one of the e-mails being handed over at the kill (one per SMTP connection of the worker),
recorded as interrupted."""

import collections
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

from magazine.newsletter.delivery import INTERRUPTED
from magazine.newsletter.tests.smtp import MailServer, queue_numero

pytestmark = [pytest.mark.system, pytest.mark.database_neutral]

SUBSCRIBERS = 400


def _states(database):
    with sqlite3.connect(database) as db:
        return dict(
            db.execute("SELECT state, count(*) FROM newsletter_delivery GROUP BY state").fetchall()
        )


def _interrupted(database):
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT s.email FROM newsletter_delivery d JOIN newsletter_subscriber s"
            " ON s.id = d.subscriber_id WHERE d.state = 'failed' AND d.error = ?",
            (INTERRUPTED,),
        )
        return [email for (email,) in rows]


def _start(environment, output):
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.5"],
        cwd=settings.BASE_DIR,
        env=environment,
        start_new_session=True,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"attendu en {seconds} s : {what}")


def test_a_worker_killed_while_sending_a_numero_sends_it_to_everyone_once(
    tmp_path, migrated_database
):
    if not (migrated_database.parent / "media").is_dir():
        pytest.skip("sans l’instantané de la démo (LEMAG_TEST_SNAPSHOT), aucun article")
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, database)
    shutil.copytree(migrated_database.parent / "media", tmp_path / "media")
    server = MailServer()
    environment = {
        **os.environ,
        "LEMAG_VAR_DIR": str(tmp_path),
        "LEMAG_SOURCECHECK": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "LEMAG_NEWSLETTER_BATCH": "50",
        "LEMAG_NEWSLETTER_RATE": "200",
        "LEMAG_NEWSLETTER_LEASE": "2",
        "LEMAG_NEWSLETTER_CONNECTIONS": "2",
    }
    environment.pop("DATABASE_URL", None)
    queue_numero(environment, SUBSCRIBERS, "Le numéro du test")
    assert _states(database) == {"pending": SUBSCRIBERS}
    received = server.handler.recipients
    output = (tmp_path / "worker.txt").open("w")
    first = _start(environment, output)
    try:
        _wait_for(lambda: len(received()) >= SUBSCRIBERS // 4, 60, "un quart des envois")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = len(received())
        assert at_kill < SUBSCRIBERS, "tué trop tard : tout était parti"
        assert _states(database).get("pending"), "tué trop tard : plus rien à envoyer"

        second = _start(environment, output)
        try:
            _wait_for(
                lambda: not {"pending", "claimed", "sending"} & set(_states(database)),
                90,
                f"la fin de l’envoi ; {_states(database)}",
            )
        finally:
            os.killpg(second.pid, signal.SIGINT)
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        server.stop()
        output.close()

    counts = collections.Counter(received())
    twice = [address for address, count in counts.items() if count > 1]
    assert not twice, f"reçu deux fois : {twice}"
    interrupted = _interrupted(database)
    assert len(interrupted) <= 2, interrupted  # two connections: two e-mails in flight at most
    everyone = {f"lecteur{n}@example.org" for n in range(SUBSCRIBERS)}
    forgotten = everyone - set(counts) - set(interrupted)
    assert not forgotten, f"{len(forgotten)} oublié·es ; {_states(database)}"
    assert _states(database).get("sent", 0) == len(counts) - len(set(interrupted) & set(counts))
