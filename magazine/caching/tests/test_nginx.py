"""deploy/nginx.conf in front of the application: pages come from nginx's cache, a publication is
visible through it within a second, static files come from disk.

Design: the application is pytest-django's `LiveServer`, in a thread of this process, given this
process's connection to the in-memory test database — as the browser tests do (see
browser/conftest.py), and for the same reason: `live_server` would make the test transactional and
empty the demo magazine loaded once per session. The test publishes on that same connection, so
the server sees the new revision at once, and the commit hooks (page-cache generation) run through
`django_capture_on_commit_callbacks`. nginx runs from a temporary configuration derived from
deploy/nginx.conf: the same cache and proxy rules, the addresses, paths and ports replaced, and
plain HTTP instead of TLS (no certificate here).

Without /usr/sbin/nginx (Debian: apt-get install nginx-light) the tests are skipped; in CI
(CI=true) they fail instead.
"""

import gzip
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from magazine.articles.models import ArticlePage
from magazine.caching import pagecache
from magazine.testing import free_port, unavailable

pytestmark = pytest.mark.system  # starts processes: not in the quick loop

NGINX = Path("/usr/sbin/nginx")
CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
ARTICLE = "/articles/etat-civil-mairie-rurale/"


def _replace(text, pattern, replacement):
    """Replace what must be in deploy/nginx.conf: fail loudly if the file changed shape."""
    text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count, f"deploy/nginx.conf ne contient plus {pattern!r}"
    return text


def site_config(upstream_port, http_port, https_port, directory):
    text = CONFIG.read_text()
    text = _replace(text, r"/var/cache/nginx/lemag", str(directory / "cache"))
    text = _replace(text, r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};")
    text = _replace(text, r"^\s*listen \[::\].*\n", "")
    text = _replace(text, r"listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace(text, r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port};")
    text = _replace(text, r"^\s*ssl_.*\n", "")
    return _replace(text, r"root /srv/lemag/var;", f"root {directory / 'var'};")


def main_config(site, directory):
    temp_paths = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp directory
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp_paths}\n"
        f"{site}\n}}\n"
    )


@pytest.fixture(scope="module")
def upstream(django_db_setup, django_db_blocker):
    from django.test.utils import modify_settings
    from pytest_django.live_server_helper import LiveServer

    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        server = LiveServer("127.0.0.1")
        # The first rendering makes the images' renditions (seconds): once, kept like the demo,
        # rather than in each test's transaction, under new file names each time.
        with django_db_blocker.unblock():
            get(server.url + ARTICLE)
        yield server
        server.stop()


@pytest.fixture(scope="module")
def nginx(upstream):
    """The address of nginx, started with the derived configuration."""
    if not NGINX.exists():
        unavailable(
            f"nginx est absent ({NGINX}) : installez-le avec « apt-get install nginx-light » "
            "(nginx is missing: apt-get install nginx-light)."
        )
    with tempfile.TemporaryDirectory(prefix="lemag-nginx-") as temp:
        directory = Path(temp)
        static = directory / "var" / "static" / "css"
        static.mkdir(parents=True)
        (static / "lemag.0123456789ab.css").write_text("body { color: #222; }\n" * 50)
        (static / "lemag.0123456789ab.css.gz").write_bytes(
            gzip.compress((static / "lemag.0123456789ab.css").read_bytes())
        )
        port = free_port()
        site = site_config(upstream.url.rsplit(":", 1)[1], free_port(), port, directory)
        (directory / "nginx.conf").write_text(main_config(site, directory))
        process = subprocess.Popen(
            [NGINX, "-p", directory, "-c", directory / "nginx.conf", "-e", directory / "error.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for_port(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for_port(port, process):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx ne démarre pas : {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx n’écoute pas au bout de 10 s")


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.LEMAG_PAGE_CACHE = True
    pagecache.generation.forget_local_copies()
    yield
    pagecache.generation.forget_local_copies()


def test_pages_come_from_nginx_cache(nginx):
    statuses = []
    for _ in range(3):  # the two requests may straddle the end of a second, when the copy expires
        status, first, _ = get(nginx + ARTICLE)
        _, second, _ = get(nginx + ARTICLE)
        statuses.append((first["X-Cache-Status"], second["X-Cache-Status"]))
        if second["X-Cache-Status"] == "HIT":
            break
    assert status == 200
    assert statuses[-1][1] == "HIT", statuses
    assert "X-Accel-Expires" not in second  # for nginx only
    assert "public" in second["Cache-Control"]


def test_an_expired_copy_is_revalidated_with_a_304(nginx):
    statuses = set()
    deadline = time.monotonic() + 3
    while "REVALIDATED" not in statuses and time.monotonic() < deadline:
        statuses.add(get(nginx + ARTICLE)[1]["X-Cache-Status"])
        time.sleep(0.05)
    assert "REVALIDATED" in statuses, statuses


def test_a_publication_is_visible_through_nginx_within_a_second(
    upstream, nginx, django_capture_on_commit_callbacks
):
    if connection.vendor != "sqlite":
        pytest.skip(
            "Sur PostgreSQL, le serveur de test a sa propre connexion et ne voit pas la "
            "publication faite dans la transaction du test ; « make bench » (bench/load, "
            "scénario d) mesure la même chose sur PostgreSQL avec de vrais processus."
        )
    get(nginx + ARTICLE)
    assert get(nginx + ARTICLE)[1]["X-Cache-Status"] in {"HIT", "REVALIDATED", "EXPIRED"}
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    title = "Un état civil enfin numérique, vu de la mairie"
    with django_capture_on_commit_callbacks(execute=True):
        article.title = title
        article.save_revision().publish()
    published = time.monotonic()
    # nginx keeps its copy to the end of the current second, then asks the application, which
    # must render the new revision once: the second is counted from when it has.
    assert title in get(upstream.url + ARTICLE)[2].decode()
    rendered = time.monotonic()
    while title not in get(nginx + ARTICLE)[2].decode():
        assert time.monotonic() - rendered < 1, "publication invisible après 1 s"
        time.sleep(0.02)
    assert time.monotonic() - rendered < 1
    assert rendered - published < 5  # a render, not a cache lifetime


def test_editors_and_the_admin_bypass_nginx_cache(nginx):
    get(nginx + ARTICLE)
    status, headers, _ = get(nginx + ARTICLE, Cookie="sessionid=abc")
    assert headers["X-Cache-Status"] == "BYPASS"
    status, headers, _ = get(nginx + "/admin/login/")
    assert status == 200
    assert "X-Cache-Status" not in headers
    assert "no-store" in headers["Cache-Control"]


def test_static_files_are_served_by_nginx_compressed_and_immutable(nginx):
    status, headers, body = get(
        nginx + "/static/css/lemag.0123456789ab.css", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(body).startswith(b"body { color: #222; }")
    status, headers, _ = get(nginx + "/media/documents/rapport.pdf")
    assert status == 404  # documents go through the application
