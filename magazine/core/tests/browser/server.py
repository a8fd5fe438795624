"""A test server whose writes stay in the test's transaction, for the admin journeys.

pytest-django's `LiveServer` hands its threads the test's database connection only for an
in-memory SQLite database; with PostgreSQL each request thread opens its own connection, so
what the admin saves is committed and outlives the test. This server hands the test's
connection to its request threads for every database vendor, and lets one request at a time use
it (a lock around the application; static files, read from disk, are served beside it): each
request then runs inside the test's transaction, which is rolled back at the end of the test like
any other change the test made.

Sharing one connection has three consequences, handled here:

- Django closes the connections of a request when it ends (`close_old_connections`, connected to
  `request_started` and `request_finished`); with PostgreSQL closing the shared connection would
  end the test's transaction. As Django's test client does, the server disconnects that
  handler while it runs (and it is not a `ThreadedWSGIServer`, whose `close_request` closes
  them too).
- A request never commits: what it leaves for `transaction.on_commit` (cache invalidation, tasks
  enqueued after the commit) would never run. The server runs those callbacks at the end of
  each request, as `TestCase.captureOnCommitCallbacks(execute=True)` does, which is what the
  commit of the request would have done.
- The test itself must not use the connection while a request does: `with server.lock:` around
  its own queries. At the end of a test, `close()` waits for the request being served and
  refuses (503, without touching the database) every request that comes after, until `open()`
  at the start of the next test: a browser context being closed still sends requests (an
  autosave, the release of an editing session, as a beacon) that could otherwise reach the
  connection while the test's transaction is being rolled back.

It also remembers every server error it answers (`errors`), with the traceback behind it
(`tracebacks`, in the same order): a background request sent as a page is left (an autosave) is
answered after the browser has moved on, and no browser sees it; and a failure in CI must say
where the server failed, not only that it did.
"""

import contextlib
import socketserver
import threading
import traceback

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, connections
from django.test import TestCase
from django.test.testcases import LiveServerThread


class _OneRequestAtATimeServer(socketserver.ThreadingMixIn, WSGIServer):
    """Reads requests in threads (Chromium keeps connections open), runs Django for one at a
    time, on the connections it was given."""

    daemon_threads = True

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override or {}
        self.lock = threading.Lock()
        self.errors = []  # "500 POST /admin/…": even those no browser waited for
        self.tracebacks = []  # the exception behind each error ("" when none was raised)
        self._exception = ""  # of the request being served (one at a time)
        self.serving = True  # False between two tests: requests are refused

    def remember_exception(self, **kwargs):
        self._exception = traceback.format_exc()

    def process_request_thread(self, request, client_address):
        for alias, connection in self.connections_override.items():
            connections[alias] = connection
        super().process_request_thread(request, client_address)

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            def start(status, headers, exc_info=None):
                if int(status.split()[0]) >= 500:
                    self.errors.append(
                        f"{status.split()[0]} {environ['REQUEST_METHOD']} {environ['PATH_INFO']}"
                    )
                    self.tracebacks.append(self._exception)
                return start_response(status, headers, exc_info)

            if environ["PATH_INFO"].startswith(settings.STATIC_URL):
                return application(environ, start)  # files from disk, no database

            with self.lock, contextlib.ExitStack() as commit:
                if not self.serving:  # a test is over: its transaction is not ours any more
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"Between two tests."]
                self._exception = ""
                for alias in self.connections_override:
                    commit.enter_context(
                        TestCase.captureOnCommitCallbacks(using=alias, execute=True)
                    )
                response = application(environ, start)
                try:
                    return list(response)  # the body is made while the request holds the lock
                finally:
                    if hasattr(response, "close"):
                        response.close()  # sends request_finished, as the server would

        super().set_app(one_at_a_time)


class _ServerThread(LiveServerThread):
    server_class = _OneRequestAtATimeServer


class SharedConnectionServer:
    """Started with the connections of the calling thread (the test's)."""

    def __init__(self, host="localhost"):
        shared = {connection.alias: connection for connection in connections.all()}
        self.thread = _ServerThread(
            host, static_handler=StaticFilesHandler, connections_override=shared
        )
        self.thread.daemon = True
        for connection in shared.values():
            connection.inc_thread_sharing()
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            self.stop()
            raise self.thread.error
        got_request_exception.connect(self.thread.httpd.remember_exception)

    @property
    def url(self):
        return f"http://{self.thread.host}:{self.thread.port}"

    @property
    def lock(self):
        """Held by the request being served; hold it to use the database from the test."""
        return self.thread.httpd.lock

    @property
    def errors(self):
        """Every server error it answered, background requests included (an autosave sent
        as the page is left, whose answer no browser reads)."""
        return self.thread.httpd.errors

    @property
    def tracebacks(self):
        """The traceback behind each of `errors`, in the same order."""
        return self.thread.httpd.tracebacks

    def assert_no_error_since(self, since):
        """Every test answers for the server errors met while it ran, even those of a
        background request sent as its last page was left (an autosave), which no step of
        the test waited for: otherwise the next test to look would be blamed."""
        errors = self.errors[since:]
        tracebacks = "".join(f"\n\n{text}" for text in self.tracebacks[since:] if text)
        assert not errors, f"le serveur a répondu par une erreur : {', '.join(errors)}{tracebacks}"

    def open(self):
        """Serve requests, in the transaction of the test that starts."""
        with self.lock:
            self.thread.httpd.serving = True

    def close(self):
        """Wait for the request being served, then refuse the next ones until `open()`."""
        with self.lock:
            self.thread.httpd.serving = False

    def stop(self):
        if httpd := getattr(self.thread, "httpd", None):  # absent when it failed to start
            got_request_exception.disconnect(httpd.remember_exception)
        self.thread.terminate()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        for connection in self.thread.connections_override.values():
            connection.dec_thread_sharing()
