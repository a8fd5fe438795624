"""The worker checks the cited sources by itself: `manage.py worker`, started as `make run` and
`make serve` start it, runs the checker's thread, which checks the addresses due on a site played
on this machine, finds a deleted page gone, and stops with the worker."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

from magazine.sourcecheck.fetching import ROBOT_NAME

# Starts a process, on a SQLite installation of its own whatever the test database.
pytestmark = [pytest.mark.system, pytest.mark.database_neutral]


def _cite_only(database, urls):
    """Every source of the installation cites one of `urls` (nothing else may be reached)."""
    with sqlite3.connect(database) as db:
        sources = [row[0] for row in db.execute("SELECT id FROM articles_articlesource")]
        assert sources, "l’installation n’a aucune source"
        for number, source in enumerate(sources):
            db.execute(
                "UPDATE articles_articlesource SET url = ? WHERE id = ?",
                (urls[number % len(urls)], source),
            )


def _checks(database):
    with sqlite3.connect(database) as db:
        return dict(db.execute("SELECT url, gone FROM sourcecheck_checkedlink"))


def test_the_worker_checks_the_sources_and_stops_with_its_thread(tmp_path, migrated_database, site):
    if not (migrated_database.parent / "media").is_dir():
        pytest.skip("sans l’instantané de la démo (LEMAG_TEST_SNAPSHOT), aucune source à vérifier")
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, database)
    shutil.copytree(migrated_database.parent / "media", tmp_path / "media")
    alive, deleted = site.url("/ok"), site.url("/supprimee")
    _cite_only(database, [alive, deleted])
    environment = {
        **os.environ,
        "LEMAG_VAR_DIR": str(tmp_path),
        "LEMAG_SOURCECHECK": "1",
        "LEMAG_SOURCECHECK_DELAY": "0",
    }
    environment.pop("DATABASE_URL", None)
    output = tmp_path / "output.txt"
    with output.open("w") as written:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2"],
            cwd=settings.BASE_DIR,
            env=environment,
            start_new_session=True,
            stdout=written,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _checks(database).get(deleted) != 1:
            time.sleep(0.2)
        assert _checks(database) == {alive: 0, deleted: 1}, output.read_text()[-2000:]
        asked = {(verb, path) for verb, path, *_ in site.requests}
        assert {("GET", "/robots.txt"), ("HEAD", "/ok"), ("HEAD", "/supprimee")} <= asked
        assert all(agent.startswith(f"{ROBOT_NAME}/") for *_, agent, _ in site.requests)

        os.killpg(worker.pid, signal.SIGINT)
        assert worker.wait(timeout=30) is not None
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
