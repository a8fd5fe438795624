"""Browser tests: one Debian Chromium for the whole suite, driven by Playwright, against a server.

The server is pytest-django's `LiveServer`, started once, rather than its `live_server` fixture:
that fixture makes every test transactional, and a transactional test empties the database when
it ends, so the demo magazine that `django_db_setup` loads once per session (~20 s) would have to
be loaded again for every test. Each browser test keeps the ordinary `db` access instead (rolled
back at the end) and the server sees the demo, which is committed.

Playwright's sync API keeps an event loop running in this thread, so Django takes it for async
code: it hands out another database connection than before Playwright started, and refuses
database access unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Hence the order below: Playwright first,
then the server (given that connection, for the in-memory SQLite test database), then Chromium,
then the test's transaction on that same connection. Playwright and Chromium are scoped to this
package, which holds every browser test, so the rest of the session runs without that loop.

The admin journeys (test_admin_*.py) write: they save, submit, approve and publish through the
admin. That server above would not keep their writes in the test's transaction with PostgreSQL:
pytest-django hands its threads the test's connection only for an in-memory SQLite database, so
with PostgreSQL each request thread commits on its own connection and what one journey
published would leak into the next tests. They use a second server, `admin_server`
(`server.SharedConnectionServer`), that hands the test's connection to its request threads for
every vendor and runs one request at a time on it (a lock; Chromium still gets its parallel
connections), so every write is rolled back with the test, on SQLite and PostgreSQL alike. It
runs what a request leaves for `on_commit` at the end of the request, as its commit would have.
Rather than this, a transactional `live_server` would reload the demo (~20 s) after every
journey, and a server with connections of its own cannot see what the test sets up. The public
pages keep pytest-django's threaded server: their measures (bytes, requests) are those of a
server that keeps connections alive, as in production.

Without /usr/bin/chromium (or axe-core, for the axe tests) the tests are skipped; in CI (CI=true)
they fail instead.
"""

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings

from magazine.core.tests.browser.admin import AdminSession
from magazine.core.tests.browser.server import SharedConnectionServer
from magazine.sobriety.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, Visits
from magazine.testing import unavailable

WIDTHS = {"mobile": 320, "desktop": 1280}
_MEASURES = {}  # filled by the `visits` fixture, printed at the end of the run


@pytest.fixture(scope="package")
def playwright():
    if not CHROMIUM.exists():
        unavailable(
            f"Chromium est absent ({CHROMIUM}) : installez-le avec « apt-get install chromium » "
            f"(Chromium is missing: apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    allow_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as started:
            yield started
    finally:
        if allow_async_unsafe is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_async_unsafe


@pytest.fixture(scope="package")
def browser(playwright, site_url):
    """The one Chromium of the suite (closed before the server stops)."""
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="package")
def axe_script():
    """axe-core, installed from package-lock.json by `make browser-deps`."""
    path = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        unavailable(
            "axe-core est absent (node_modules/axe-core) : lancez « make browser-deps » "
            "(axe-core is missing: run make browser-deps)."
        )
    return path


class _RequestsInFlight:
    """The server's application, counting the requests being answered, so that a test's
    transaction is rolled back only once they are (see `_database`)."""

    def __init__(self, application):
        self.application = application
        self.running = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.running += 1
        try:
            response = self.application(environ, start_response)
            try:
                return list(response)  # the body is made while it counts
            finally:
                if hasattr(response, "close"):
                    response.close()  # sends request_finished, as the server would
        finally:
            with self.changed:
                self.running -= 1
                self.changed.notify_all()

    def wait(self, timeout=30):
        with self.changed:
            self.changed.wait_for(lambda: self.running == 0, timeout)


@pytest.fixture(scope="package")
def _public_server(playwright, django_db_setup):
    from django.test.utils import modify_settings
    from pytest_django.live_server_helper import LiveServer

    with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        server = LiveServer("localhost")
        in_flight = _RequestsInFlight(server.thread.httpd.get_app())
        server.thread.httpd.set_app(in_flight)
        yield server, in_flight
        # Let the request threads see Chromium's connections close while they may still use
        # the shared database connection, then stop.
        for thread in threading.enumerate():
            if thread.name.endswith("(process_request_thread)"):
                thread.join(timeout=5)
        server.stop()


@pytest.fixture(scope="package")
def site_url(_public_server):
    """The address of a server of the demo magazine, shared by every browser test."""
    return _public_server[0].url


@pytest.fixture(autouse=True)
def _database(_public_server, db):
    """The test's transaction opens on the connection the server was given (see above). It
    is rolled back once the server has answered what the test's pages asked (their browser
    contexts are closed by then): an editor's background request (a preview) still running
    on the shared connection as the transaction ended broke the next test's one (« An error
    occurred in the current transaction », a 500 on the next page read)."""
    yield
    _public_server[1].wait()


@pytest.fixture(scope="package")
def admin_server(playwright, django_db_setup):
    """The server of the admin journeys: their writes stay in each test's transaction."""
    server = SharedConnectionServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def admin_as(browser, admin_server, _database):
    """Log a demo account in the admin through its login form: `admin_as("relecteur")`.

    Each person gets a browser context of their own, closed at the end of the test; the test's
    transaction is rolled back once the server has finished what they asked."""
    sessions = []
    admin_server.open()
    since = len(admin_server.errors)

    def log_in(username):
        session = AdminSession(
            browser, admin_server.url, username, admin_server.errors, admin_server.tracebacks
        )
        sessions.append(session)
        return session

    yield log_in
    for session in sessions:
        session.close()
    admin_server.close()
    admin_server.assert_no_error_since(since)


@pytest.fixture(scope="package")
def visits(browser, site_url):
    """Each demo page, visited once for the whole suite and measured on arrival."""
    opened = Visits(browser, site_url)
    yield opened
    _MEASURES.update(opened.measures)
    opened.close()


@pytest.fixture
def open_page(browser, site_url):
    """Open a demo page afresh, for a test that acts on it (the keyboard)."""
    contexts = []

    def open_(demo_page):
        context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site_url + demo_page.path, wait_until="load")
        assert response.status == demo_page.status, f"{demo_page.path} : {response.status}"
        return page

    yield open_
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter):
    """Print what each page weighs, as measured by the sobriety tests."""
    if not _MEASURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("Sobriété mesurée dans Chromium (premier chargement, cache vide)")
    write(f"{'page':<20} {'requêtes':>8} {'octets':>8} {'HTML':>7} {'DOM':>5} {'EcoIndex':>9}")
    for demo_page, measure in _MEASURES.items():
        ecoindex = measure.ecoindex
        write(
            f"{demo_page.name:<20} {len(measure.requests):>8} {measure.transferred_bytes:>8} "
            f"{measure.html_bytes:>7} {measure.dom_elements:>5} "
            f"{ecoindex.score:>7.1f} {ecoindex.grade}"
        )
