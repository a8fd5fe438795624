"""The shared cache on Redis (REDIS_URL): pages, the generation and the health check.

A throw-away redis-server (Debian: apt-get install redis-server) on a free port of 127.0.0.1,
saving nothing, is started for this module. Without it the tests are skipped; in CI (CI=true)
they fail instead.
"""

import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from django.core.cache import caches

from magazine.caching import generation
from magazine.testing import free_port, unavailable

pytestmark = pytest.mark.system  # starts processes: not in the quick loop

ARTICLE = "/articles/etat-civil-mairie-rurale/"


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable(
            "redis-server est absent : installez-le avec « apt-get install redis-server » "
            "(redis-server is missing)."
        )
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lemag-redis-") as directory:
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
            + ["no", "--dir", directory, "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not _answers(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server n’a pas démarré sur le port {port}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(autouse=True)
def on_redis(settings, redis_url):
    """The settings REDIS_URL gives (every shared alias on Redis), the page cache on, an empty
    Redis."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "default": redis, "pages": redis}
    settings.LEMAG_PAGE_CACHE = True
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_another_process_is_served_from_redis_without_any_query(client, django_assert_num_queries):
    first = client.get(ARTICLE)
    assert first["X-Page-Cache"] == "miss"
    generation.generation.forget_local_copies()  # as a fresh gunicorn worker
    with django_assert_num_queries(0):  # the generations, then the page: all from Redis
        second = client.get(ARTICLE)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_publication_is_served_at_once(client, article, publish):
    client.get(ARTICLE)
    publish(article, title="Un état civil enfin numérique")
    response = client.get(ARTICLE)
    assert response["X-Page-Cache"] == "miss"
    assert "<h1>Un état civil enfin numérique</h1>" in response.content.decode()


def test_the_generation_is_shared_through_redis(client, settings, django_assert_max_num_queries):
    settings.LEMAG_PAGE_CACHE = False
    first = client.get(ARTICLE)
    generation.generation.forget_local_copies()  # another process: its memory is empty
    with django_assert_max_num_queries(2):  # the article and its record; the generation: Redis
        second = client.get(ARTICLE)
    assert second.content == first.content


def test_the_health_check_reads_and_writes_redis(client):
    response = client.get("/sante/")
    assert response.json()["verifications"]["cache"]["etat"] == "ok"


def test_redis_url_selects_redis(manage, redis_url):
    result = manage(
        "shell",
        "-c",
        "from django.core.cache import caches; cache = caches['default']; "
        "cache.set('lemag-essai', 42); print(type(cache).__name__, cache.get('lemag-essai'))",
        REDIS_URL=redis_url,
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["RedisCache", "42"]
