"""Settings, errors and the measure of one line of the table."""

import http.client
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
DEFAULT_PATH = "/articles/etat-civil-mairie-rurale/"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
WRK_TIMEOUT = "10s"  # a request slower than this counts as a socket error
START_TIMEOUT = 300  # the first start collects and compresses the static files
SCENARIOS = "abcd"
TARGETS = {
    "a": "≤ 5 ms CPU/req compilé",
    "b": "≥ 2000 req/s, p99 ≤ 50 ms",
    "c": "≥ 20000 req/s",
    "d": "0 erreur, visible ≤ 1 s",
}

# Counts the responses that are not 2xx (wrk itself only counts ≥ 400) and prints the summary,
# latency percentiles included, as one JSON line.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do non2xx = non2xx + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non2xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, non2xx, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

NGINX_MAIN = """
worker_processes {workers};
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
daemon off;
{user}
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include /etc/nginx/mime.types;
{server}
}}
"""


class BenchError(Exception):
    """A problem that stops the bench, with a message for the person running it."""


@dataclass
class Measure:
    """One line of the table: a wrk run against one URL."""

    scenario: str
    label: str
    database: str
    url: str
    connections: int
    seconds: float
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    non2xx: int = 0
    socket_errors: int = 0
    cpu_ms_per_request: float | None = None
    sql_queries: int | None = None
    render_ms: float | None = None
    cache: str = ""  # which cache answered after the warm-up
    publications: list = field(default_factory=list)
    load_before: float = 0.0
    load_after: float = 0.0
    target: str = ""
    ok: bool | None = None

    @property
    def errors(self):
        return self.non2xx + self.socket_errors

    @property
    def publications_visible(self):
        return [p for p in self.publications if p["visible_after_s"] is not None]

    @property
    def max_visible_s(self):
        delays = [p["visible_after_s"] for p in self.publications_visible]
        return max(delays) if delays else None


def log(message):
    print(message, file=sys.stderr, flush=True)  # noqa: T201


def load_average():
    return os.getloadavg()[0]


def fetch(url, timeout=10):
    """(status, headers, body) of a GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
