"""The Django side of `bench/load`, run in its own process with the bench's environment.

python bench/editor.py publish --url http://127.0.0.1:8111/articles/x/ --path /articles/x/
    An editor publishes a new revision of the article every `--every` seconds for
    `--duration` seconds (its title gets a unique marker), then reads the public URL over
    HTTP until the marker shows; prints one JSON document with every publication's delays.
python bench/editor.py queries --path /articles/x/
    Renders the article with Django's test client: SQL queries per render and render time;
    prints one JSON document.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    import django

    django.setup()


def find_page(path):
    """The live page served at `path` on the default site."""
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    return Page.objects.live().get(url_path=root.url_path.rstrip("/") + path).specific


def editor_user():
    """The demo editor-in-chief when present: publishing goes through the same signals."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="redaction").first()


def fetch(url, timeout=10):
    """(status, body) of a plain GET, redirects not followed, a new connection each time."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/", headers={"Accept": "text/html"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def publish(page_id, title, user):
    """Publish a new revision with this title, as the admin's « Publish » button does."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    page.title = title
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)


def wait_visible(url, marker, timeout, interval=0.02):
    """Seconds until a GET of `url` answers 200 with `marker` in the body (None if never);
    also the number of requests made and the non-200 statuses seen."""
    started = time.monotonic()
    polls, statuses = 0, []
    while time.monotonic() - started < timeout:
        polls += 1
        try:
            status, body = fetch(url, timeout=timeout)
        except OSError as error:
            statuses.append(type(error).__name__)
        else:
            if status == 200 and marker.encode() in body:
                return time.monotonic() - started, polls, statuses
            if status != 200:
                statuses.append(status)
        time.sleep(interval)
    return None, polls, statuses


def run_publisher(options):
    setup_django()
    from django.core.wsgi import get_wsgi_application

    # Editors publish from the admin, in a web process: load the application as gunicorn does
    # (its middleware connect what a publication triggers, such as the page cache's invalidation).
    get_wsgi_application()
    page = find_page(options.path)
    user = editor_user()
    base_title = page.title
    started = time.monotonic()
    publications = []
    number = 0
    # First publication half a period in, so that readers are already at full speed.
    while (slot := options.every * (number + 0.5)) < options.duration:
        time.sleep(max(0.0, started + slot - time.monotonic()))
        number += 1
        marker = f"bench{uuid.uuid4().hex[:10]}"
        before = time.monotonic()
        publish(page.pk, f"{base_title} {marker}", user)
        published = time.monotonic()
        delay, polls, statuses = wait_visible(options.url, marker, options.visible_timeout)
        publications.append(
            {
                "number": number,
                "at_s": round(before - started, 3),
                "publish_s": round(published - before, 3),
                "visible_after_s": None if delay is None else round(delay, 3),
                "polls": polls,
                "errors": statuses,
            }
        )
    publish(page.pk, base_title, user)  # leave the article as it was
    json.dump({"publications": publications}, sys.stdout)


def run_queries(options):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(options.path)  # warm-up: imports, template loading, site settings
    if response.status_code != 200:
        sys.exit(f"{options.path} : HTTP {response.status_code} avec le client de test")
    with CaptureQueriesContext(connection) as context:
        client.get(options.path)
    queries = len(context.captured_queries)  # before the next request resets the log
    wall, cpu = [], []
    for _ in range(options.renders):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        client.get(options.path)
        wall.append((time.perf_counter() - wall_start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    json.dump(
        {
            "queries": queries,
            "render_ms": round(statistics.median(wall), 2),
            "render_cpu_ms": round(statistics.median(cpu), 2),
        },
        sys.stdout,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    publisher = commands.add_parser("publish", help="publish every N seconds, measure visibility")
    publisher.add_argument("--url", required=True, help="public URL polled for the marker")
    publisher.add_argument("--path", required=True, help="path of the article on the site")
    publisher.add_argument("--every", type=float, default=5.0)
    publisher.add_argument("--duration", type=float, default=60.0)
    publisher.add_argument("--visible-timeout", type=float, default=10.0)
    queries = commands.add_parser("queries", help="SQL queries and render time of one page")
    queries.add_argument("--path", required=True)
    queries.add_argument("--renders", type=int, default=30)
    options = parser.parse_args()
    {"publish": run_publisher, "queries": run_queries}[options.command](options)


if __name__ == "__main__":
    main()
