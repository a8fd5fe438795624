"""Several workers share one send without sending anything twice (issue 14): on PostgreSQL,
each claims its batches with `SELECT … FOR UPDATE SKIP LOCKED`. Three `manage.py worker`
processes drain a numéro to 300 subscribers through a mail server on 127.0.0.1, on a database
of their own made from the tests' demo snapshot."""

import collections
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from magazine.newsletter.tests.smtp import MailServer, queue_numero
from magazine.test_snapshot import PostgreSQLSnapshot

pytestmark = pytest.mark.system

SUBSCRIBERS = 300


@pytest.fixture
def own_database(request):
    snapshot = request.getfixturevalue("_demo_snapshot")
    if not isinstance(snapshot, PostgreSQLSnapshot) or not snapshot.exists():
        pytest.skip("plusieurs travailleurs : PostgreSQL, avec l’instantané de la démo")
    name = f"lemag_workers_{uuid.uuid4().hex[:8]}"
    import psycopg

    with snapshot._server() as server:
        for _ in range(60):  # another test process may be copying the template at that moment
            try:
                server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{snapshot.template}"')
                break
            except psycopg.errors.ObjectInUse:
                time.sleep(0.5)
        else:
            raise AssertionError("le modèle de la base de démonstration reste occupé")
    dsn = connection.settings_dict
    url = (
        f"postgres://{dsn['USER'] or ''}:{dsn['PASSWORD'] or ''}@{dsn['HOST'] or 'localhost'}"
        f":{dsn['PORT'] or 5432}/{name}"
    )
    yield url, snapshot
    with snapshot._server() as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _states(snapshot, url):
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        rows = db.execute("SELECT state, count(*) FROM newsletter_delivery GROUP BY state")
        return dict(rows.fetchall())


def test_three_workers_drain_one_send_and_nobody_gets_it_twice(own_database, tmp_path):
    url, snapshot = own_database
    server = MailServer()
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "LEMAG_VAR_DIR": str(tmp_path),
        "LEMAG_MEDIA_ROOT": str(snapshot.media),
        "LEMAG_SOURCECHECK": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "LEMAG_NEWSLETTER_BATCH": "10",
        "LEMAG_NEWSLETTER_RATE": "0",
    }
    queue_numero(environment, SUBSCRIBERS, "Partagé entre travailleurs")
    output = (tmp_path / "workers.txt").open("w")
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.5"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _states(snapshot, url) != {"sent": SUBSCRIBERS}:
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        server.stop()
        output.close()
    assert _states(snapshot, url) == {"sent": SUBSCRIBERS}, (tmp_path / "workers.txt").read_text()[
        -3000:
    ]
    counts = collections.Counter(server.handler.recipients())
    assert len(counts) == SUBSCRIBERS and set(counts.values()) == {1}
    assert len(server.handler.peers) >= 3  # each worker its own connections: they shared it
