"""`make run` and `make serve` start the web server and the worker; Ctrl-C stops both, leaving
no orphan. `make serve` is production: gunicorn, static files hashed, compressed, cached a year."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from magazine.testing import free_port

# Starts processes (not in the quick loop), on SQLite installations of their own whatever the
# test database: make test runs them on its SQLite side only.
pytestmark = [pytest.mark.system, pytest.mark.database_neutral]

BASE_DIR = Path(settings.BASE_DIR)


def _children(pid):
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in result.stdout.split()]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _get(url, **headers):
    """Status, headers and body of a GET, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _wait_for(url, status=200, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _get(url)[0] == status:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} n’a pas répondu {status} en {timeout} s")


def _stop_with_ctrl_c(process):
    """Ctrl-C in a terminal signals the whole group; nothing may be left running after."""
    descendants = _children(process.pid)
    descendants += [pid for child in descendants for pid in _children(child)]
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in descendants):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in descendants)


def _start(command, tmp_path, migrated_database, **env):
    """`manage.py COMMAND 127.0.0.1:<free port>` on a copy of the migrated database and its
    media, in its own process group; its output goes to tmp_path/output.txt."""
    shutil.copy(migrated_database, tmp_path / "db.sqlite3")
    if (migrated_database.parent / "media").is_dir():
        shutil.copytree(migrated_database.parent / "media", tmp_path / "media")
    environment = {**os.environ, "LEMAG_VAR_DIR": str(tmp_path), **env}
    environment.pop("DATABASE_URL", None)
    environment.pop("REDIS_URL", None)
    port = free_port()
    with open(tmp_path / "output.txt", "w") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *command, f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=environment,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


@pytest.mark.skipif(sys.platform != "linux", reason="uses ps and process groups")
def test_run_demo_serves_the_magazine_and_ctrl_c_stops_server_and_worker(
    tmp_path, migrated_database
):
    process, site = _start(["run", "--demo"], tmp_path, migrated_database, DJANGO_DEBUG="1")
    try:
        _wait_for(f"{site}/static/css/lemag.css", timeout=180)
        status, _, body = _get(f"{site}/")
        assert status == 200 and "Le Mag qui Connecte les Territoires" in body.decode()
        output = (tmp_path / "output.txt").read_text()
        assert "Magazine de démonstration prêt." in output
        assert f"administration : {site}/admin/" in output
        assert "contributrice" in output  # the demo accounts, to log in
        assert len(_children(process.pid)) == 2  # the web server and the worker
        _stop_with_ctrl_c(process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        print((tmp_path / "output.txt").read_text())  # noqa: T201 (pytest shows it on failure)


def test_serve_refuses_debug_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "serve"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "manage.py serve est le mode production : définissez DJANGO_DEBUG=0" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="uses ps and process groups")
def test_serve_runs_gunicorn_and_worker_with_production_settings(tmp_path, migrated_database):
    process, site = _start(
        ["serve"],
        tmp_path,
        migrated_database,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="test-" + "s" * 60,
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        WEB_CONCURRENCY="2",
    )
    var_dir, port = tmp_path, site.rpartition(":")[2]
    try:
        # Healthy once the worker, another process, has left its heartbeat in the database.
        _wait_for(f"{site}/sante/", timeout=120)
        health = json.loads(_get(f"{site}/sante/")[2])
        assert health["verifications"]["cache"]["moteur"] == "DatabaseCache"

        manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())
        css = f"{site}/static/{manifest['paths']['css/lemag.css']}"
        for encoding in ["br", "gzip"]:
            status, headers, _ = _get(
                css, **{"Accept-Encoding": encoding, "X-Forwarded-Proto": "https"}
            )
            assert status == 200
            assert headers["Content-Encoding"] == encoding
            assert headers["Cache-Control"] == "max-age=31536000, public, immutable"

        status, headers, _ = _get(f"{site}/robots.txt")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/robots.txt"
        status, headers, _ = _get(f"{site}/robots.txt", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert headers["Content-Security-Policy"].startswith("default-src 'none'")

        gunicorn = [pid for pid in _children(process.pid) if _children(pid)]
        assert len(gunicorn) == 1 and len(_children(gunicorn[0])) == 2  # WEB_CONCURRENCY
        _stop_with_ctrl_c(process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        print((tmp_path / "output.txt").read_text())  # noqa: T201 (pytest shows it on failure)
