"""Sites played on this machine for the source checker's tests: each address answers as real
sites do (200, 301, 302, 404, 410, 500, 403, a HEAD refused, a slow answer), and every request
is written down (method, path, User-Agent, when)."""

import datetime
import http.server
import threading
import time

from magazine.articles.models import ArticlePage, ArticleSource

CONSULTED = datetime.date(2025, 3, 14)

ROUTES = {
    "/ok": (200, {}),
    "/ancienne": (301, {"Location": "/nouvelle"}),
    "/nouvelle": (200, {}),
    "/detour": (302, {"Location": "/ok"}),
    "/boucle": (301, {"Location": "/boucle"}),
    "/introuvable": (404, {}),
    "/supprimee": (410, {}),
    "/panne": (500, {}),
    "/refus": (403, {}),
    "/prive/note": (200, {}),
}


class Site:
    """A site on 127.0.0.1: `site.url("/ok")`; `site.requests` lists what it was asked;
    `site.routes` and `site.robots` may be changed by the test."""

    def __init__(self, robots="User-agent: *\nDisallow: /prive/\n", robots_status=200):
        self.routes = dict(ROUTES)
        self.robots, self.robots_status = robots, robots_status
        self.slow_seconds = 2.0
        self.requests = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self):
                site.answer(self, head=True)

            def do_GET(self):
                site.answer(self, head=False)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def paths(self, method=None):
        return [path for verb, path, *_ in self.requests if method in (None, verb)]

    def answer(self, handler, head):
        self.requests.append(
            (handler.command, handler.path, handler.headers.get("User-Agent"), time.monotonic())
        )
        body = b""
        if handler.path == "/robots.txt":
            status, headers, body = self.robots_status, {}, self.robots.encode()
        elif handler.path == "/lente":
            time.sleep(self.slow_seconds)
            status, headers = 200, {}
        elif handler.path == "/sans-head" and head:
            status, headers = 405, {}
        elif handler.path == "/sans-head":
            status, headers = 200, {}
        else:
            status, headers = self.routes.get(handler.path, (404, {}))
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if not head:
                handler.wfile.write(body)
        except OSError:  # the checker gave up waiting (the slow page)
            pass

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def cite(*urls):
    """A demo article published citing `urls` (and the demo's own sources lose their
    addresses, so that nothing else is checked)."""
    ArticleSource.objects.update(url="")
    article = ArticlePage.objects.live().order_by("pk").first()
    for number, url in enumerate(urls):
        article.sources.add(
            ArticleSource(title=f"Source {number}", url=url, consulted_on=CONSULTED)
        )
    article.save_revision().publish()
    return article
