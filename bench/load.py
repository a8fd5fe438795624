"""`make bench`: load on `make serve`'s production stack (gunicorn + worker, DEBUG off) with wrk.

Scenarios (issue 6, « Load »), each against a demo article on 127.0.0.1:
  a  uncached article (LEMAG_PAGE_CACHE=0): req/s, CPU ms per request, SQL queries per render;
     twice: with the fragments each article keeps per revision (magazine.caching.fragments: the
     render after another article's publication), then rendered from scratch
     (LEMAG_FRAGMENT_CACHE=0: after its own publication, or a change of structure)
  b  article from the application's page cache (warm), --connections connections
  c  the same through Debian's nginx configured by deploy/nginx.conf (adapted: plain HTTP on
     127.0.0.1, no TLS, its cache in a temporary directory); skipped without nginx
  d  --readers readers for --duration seconds while an editor publishes a new revision every
     --publish-every seconds: errors, and the delay until each publication is visible; through
     the application, then through nginx
SQLite in a temporary directory by default. With DATABASE_URL=postgres://… the run is on
PostgreSQL, in a throw-away `<name>_load` database beside it; --postgres runs SQLite, then
PostgreSQL (DATABASE_URL's server, else a throw-away cluster from tools/pg-throwaway).

The database is migrated and the demo magazine loaded first (one to two minutes); every
process started (gunicorn, worker, nginx, editor) is stopped at the end, on Ctrl-C and on errors.

Usage: python bench/load.py [--only a,b,c,d] [--duration 60] [--connections 64] [--json]
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_PATH = "/articles/etat-civil-mairie-rurale/"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
WRK_TIMEOUT = "10s"  # a request slower than this counts as a socket error
START_TIMEOUT = 300  # the first start collects and compresses the static files
SCENARIOS = "abcd"
TARGETS = {
    "a": "≥ 150 req/s, ≤ 10 ms CPU/req",
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


# --- processes -----------------------------------------------------------------------------


def wait_until_ok(url, process, name, logfile, timeout, fetch_timeout=10):
    """Poll url until it answers 200 (returned); fail if `process` dies, another status comes or
    `timeout` seconds pass, showing the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name} s’est arrêté :\n{tail(logfile)}")
        with contextlib.suppress(OSError):
            status, _, _ = fetch(url, timeout=fetch_timeout)
            if status == 200:
                return url
            raise BenchError(f"{url} ({name}) répond HTTP {status} au lieu de 200")
        time.sleep(0.3)
    raise BenchError(f"{url} ({name}) ne répond pas après {timeout} s :\n{tail(logfile)}")


def start_group(command, env, logfile):
    """A process in its own process group, output to `logfile`: stopped with all its children."""
    with open(logfile, "ab") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_group(process, grace=15, first_signal=signal.SIGTERM):
    """Stop the process and its whole group: `first_signal`, then SIGKILL after `grace` s."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    # The group may outlive its leader (gunicorn workers finishing a request).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def children():
    """{parent pid: [child pids]} from /proc."""
    tree = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid, tree=None):
    tree = children() if tree is None else tree
    result = []
    for child in tree.get(pid, []):
        result += [child, *descendants(child, tree)]
    return result


def cpu_seconds(pids):
    """{pid: user + system CPU seconds} from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    result = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            result[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return result


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# --- the stack -----------------------------------------------------------------------------


def base_environment(workdir, database_url):
    """The environment of `make serve` in production, pointed at the throw-away data."""
    env = dict(os.environ)
    env.pop("DJANGO_SECURE_PROXY_SSL_HEADER", None)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        LEMAG_VAR_DIR=str(workdir),
        LEMAG_MEDIA_ROOT=str(Path(workdir) / "media"),
        DATABASE_URL=database_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        LEMAG_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare(env, logfile):
    """Migrate, collect the static files and load the demo magazine. The static files first:
    with DEBUG off, the quality gate's preview of each demo article needs their manifest."""
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
    ):
        with open(logfile, "ab") as output:
            result = subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode:
            raise BenchError(f"manage.py {command[0]} a échoué :\n{tail(logfile)}")


class AppServer:
    """`manage.py serve` (gunicorn + worker) on 127.0.0.1:port, stopped with all its processes."""

    def __init__(self, env, port, workers, logfile):
        self.env, self.port, self.workers, self.logfile = env, port, workers, logfile
        self.process = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def __enter__(self):
        command = [PYTHON, "manage.py", "serve", self.address]
        if self.workers:
            command += ["--workers", str(self.workers)]
        self.process = start_group(command, self.env, self.logfile)
        return self

    def __exit__(self, *exc):
        stop_group(self.process)

    def wait_ready(self, path):
        return wait_until_ok(
            f"http://{self.address}{path}",
            self.process,
            "manage.py serve",
            self.logfile,
            START_TIMEOUT,
            fetch_timeout=30,
        )

    def web_pids(self):
        """The gunicorn processes (not the background worker)."""
        tree = children()
        pids = descendants(self.process.pid, tree)
        worker = [pid for pid in pids if "manage.py worker" in cmdline(pid)]
        excluded = set(worker)
        for pid in worker:
            excluded.update(descendants(pid, tree))
        return [pid for pid in pids if pid not in excluded]


def adapt_nginx_conf(text, app, listen, var_dir, workdir):
    """deploy/nginx.conf for this run: plain HTTP on `listen` (the server that only redirects to
    HTTPS is left out, TLS directives dropped), the application at `app`, the cache in
    `workdir`, static files and media from `var_dir`."""
    lines = []
    for chunk in top_level_chunks(text):
        block = "\n".join(chunk)
        if re.match(r"\s*server\s*\{", block) and "return 301 https" in block:
            continue
        lines += [adapt_line(line, app, listen, var_dir, workdir) for line in chunk]
    return "\n".join(line for line in lines if line is not None)


def top_level_chunks(text):
    """The lines of an nginx configuration, grouped by top-level directive or block."""
    chunks, current, depth = [], [], 0
    for line in text.splitlines():
        current.append(line)
        code = re.sub(r'"[^"]*"|#.*', "", line)  # braces in quotes or comments don't count
        depth += code.count("{") - code.count("}")
        if depth == 0:
            chunks.append(current)
            current = []
    return [*chunks, current] if current else chunks


def adapt_line(line, app, listen, var_dir, workdir):
    stripped = line.strip()
    if re.match(r"(ssl_\w+|http2)\b", stripped) or re.match(r"listen\s+\[", stripped):
        return None
    line = re.sub(r"^(\s*)listen\s+[^;]+;", rf"\1listen {listen};", line)
    line = re.sub(r"\b(127\.0\.0\.1|localhost):8000\b", app, line)
    line = re.sub(r"(proxy_cache_path\s+)\S+", rf"\1{workdir}/cache", line)
    return re.sub(r"((?:root|alias)\s+)/srv/lemag/var\b", rf"\1{var_dir}", line)


def nginx_available():
    if not NGINX:
        log("nginx est absent : scénarios via nginx ignorés (apt-get install nginx-light)")
    elif not NGINX_CONF.exists():
        log(f"{NGINX_CONF} est absent : scénarios via nginx ignorés")
    else:
        return True
    return False


class Nginx:
    """Debian's nginx in front of the application, in a temporary directory."""

    def __init__(self, app, port, var_dir, workdir):
        self.app, self.port, self.var_dir, self.workdir = app, port, var_dir, Path(workdir)
        self.process = None

    def __enter__(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        server = adapt_nginx_conf(
            NGINX_CONF.read_text(), self.app, f"127.0.0.1:{self.port}", self.var_dir, self.workdir
        )
        user = ""
        if os.geteuid() == 0:  # nginx workers drop to nobody: let them use the work directory
            user = "user nobody nogroup;"
            shutil.chown(self.workdir, "nobody", "nogroup")
        config = self.workdir / "nginx.conf"
        config.write_text(
            NGINX_MAIN.format(
                workers=os.cpu_count() or 1, workdir=self.workdir, user=user, server=server
            )
        )
        check = subprocess.run(
            [NGINX, "-t", "-q", *self.arguments(config)],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode:
            raise BenchError(f"{NGINX_CONF} adapté est refusé par nginx :\n{check.stderr}")
        self.process = start_group(
            [NGINX, *self.arguments(config)],
            os.environ.copy(),
            self.workdir / "nginx.log",
        )
        return self

    def arguments(self, config):
        return ["-c", str(config), "-p", str(self.workdir), "-e", str(self.workdir / "error.log")]

    def __exit__(self, *exc):
        stop_group(self.process, grace=5, first_signal=signal.SIGQUIT)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def wait_ready(self, path):
        url = f"http://127.0.0.1:{self.port}{path}"
        return wait_until_ok(url, self.process, "nginx", self.workdir / "error.log", 20)

    def pids(self):
        return [self.process.pid, *descendants(self.process.pid)]


# --- databases -----------------------------------------------------------------------------


def is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def sqlite_database(workdir):
    yield f"sqlite:///{workdir}/db.sqlite3"


@contextlib.contextmanager
def postgres_database(server_url):
    """A throw-away `<name>_load` database beside DATABASE_URL's, dropped at the end."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"{parts.path.lstrip('/') or 'lemag'}_load"
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- measures ------------------------------------------------------------------------------


class Wrk:
    def __init__(self, workdir):
        self.script = Path(workdir) / "report.lua"
        self.script.write_text(WRK_SCRIPT)

    def run(self, url, connections, seconds):
        threads = max(1, min(connections, os.cpu_count() or 1))
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", WRK_TIMEOUT, "-s", str(self.script), url]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if line.startswith("WRK_JSON "):
                return json.loads(line.removeprefix("WRK_JSON "))
        raise BenchError(f"wrk n’a pas rendu de résultat :\n{result.stdout}\n{result.stderr}")


def warm_up(url, requests=12):
    """Sequential GETs (no backlog left behind, unlike a short wrk run): every gunicorn process
    has loaded its templates, the caches are filled. The last response's headers."""
    headers = {}
    for _ in range(requests):
        status, headers, _ = fetch(url, timeout=60)
        if status != 200:
            raise BenchError(f"{url} répond HTTP {status} au lieu de 200")
    return headers


def measure(wrk, measure, url, cpu_pids=None):
    """Run wrk against `url` and fill in `measure`; CPU time of `cpu_pids()` per request."""
    pids = cpu_pids() if cpu_pids else []
    cpu_before = cpu_seconds(pids)
    measure.load_before = load_average()
    report = wrk.run(url, measure.connections, measure.seconds)
    measure.load_after = load_average()
    cpu_after = cpu_seconds(pids)
    fill(measure, report)
    if cpu_pids and measure.requests:
        spent = sum(cpu_after.get(pid, 0) - cpu_before.get(pid, 0) for pid in pids)
        measure.cpu_ms_per_request = round(spent * 1000 / measure.requests, 2)
    return measure


def fill(measure, report):
    measure.requests = report["requests"]
    measure.rps = round(report["requests"] / (report["duration_us"] / 1e6), 1)
    measure.p50_ms = round(report["p50_us"] / 1000, 2)
    measure.p99_ms = round(report["p99_us"] / 1000, 2)
    measure.max_ms = round(report["max_us"] / 1000, 2)
    measure.non2xx = report["non2xx"]
    measure.socket_errors = sum(report[key] for key in ("connect", "read", "write", "timeout"))


def django_side(env, *arguments, timeout=None):
    """Run bench/editor.py with the stack's environment; its JSON answer."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "editor.py"), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        raise BenchError(f"bench/editor.py {arguments[0]} a échoué :\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


@contextlib.contextmanager
def publisher(env, url, path, every, seconds):
    """The editor publishing in the background; yields a function that waits for its report."""
    command = [PYTHON, str(ROOT / "bench" / "editor.py"), "publish", "--url", url]
    command += ["--path", path, "--every", str(every), "--duration", str(seconds)]
    output = tempfile.TemporaryFile(mode="w+")
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=output, stderr=errors, start_new_session=True
    )

    def report():
        process.wait(timeout=seconds + 120)
        output.seek(0)
        errors.seek(0)
        lines = [line for line in output.read().splitlines() if line.startswith("{")]
        if process.returncode or not lines:
            raise BenchError(f"l’éditeur (bench/editor.py) a échoué :\n{errors.read()[-3000:]}")
        return json.loads(lines[-1])["publications"]

    try:
        yield report
    finally:
        stop_group(process, grace=5)
        output.close()
        errors.close()


# --- scenarios -----------------------------------------------------------------------------


class Run:
    """One database: the prepared data, the stack started as each scenario needs it."""

    def __init__(self, options, database, database_url, workdir, wrk):
        self.options, self.database, self.workdir, self.wrk = options, database, workdir, wrk
        self.env = base_environment(workdir, database_url)
        self.logfile = Path(workdir) / "serve.log"
        self.path = options.path

    def environment(self, page_cache, fragments=True):
        return {
            **self.env,
            "LEMAG_PAGE_CACHE": "1" if page_cache else "0",
            "LEMAG_FRAGMENT_CACHE": "1" if fragments else "0",
        }

    def server(self, page_cache, fragments=True):
        return AppServer(
            self.environment(page_cache, fragments),
            self.options.port,
            self.options.workers,
            self.logfile,
        )

    def nginx(self, server):
        # Its own directory: the workers (nobody when run as root) must reach the cache.
        workdir = tempfile.mkdtemp(prefix="lemag-nginx-")
        return Nginx(server.address, self.options.nginx_port, self.workdir, workdir)

    def new_measure(self, scenario, label, url, connections, seconds):
        return Measure(
            scenario=scenario,
            label=label,
            database=self.database,
            url=url,
            connections=connections,
            seconds=seconds,
            target=TARGETS[scenario],
        )

    def check_cache(self, result, headers, expected):
        """Note which cache answered after the warm-up (X-Page-Cache from the application,
        X-Cache-Status from nginx) and warn when it is not the one this scenario measures."""
        app, proxy = headers.get("X-Page-Cache", ""), headers.get("X-Cache-Status", "")
        result.cache = "/".join(filter(None, [app and f"app {app}", proxy and f"nginx {proxy}"]))
        seen = (proxy or app).lower()
        if seen and seen != expected:
            log(f"  attention : {result.label} — cache {result.cache}, attendu « {expected} »")

    def uncached(self, results):
        """a: every request renders the article, with its stored fragments, then without."""
        variants = [
            (True, "article, sans cache de pages"),
            (False, "article, rendu de zéro"),
        ]
        for fragments, label in variants:
            with self.server(page_cache=False, fragments=fragments) as server:
                url = server.wait_ready(self.path)
                log(f"[{self.database}] a : {label}")
                result = self.new_measure(
                    "a", label, url, self.options.connections, self.options.measure
                )
                self.check_cache(result, warm_up(url), expected="miss")
                measure(self.wrk, result, url, cpu_pids=server.web_pids)
                environment = self.environment(False, fragments)
                queries = django_side(environment, "queries", "--path", self.path)
                result.sql_queries, result.render_ms = queries["queries"], queries["render_ms"]
                result.ok = result.rps >= 150 and (result.cpu_ms_per_request or 0) <= 10
                results.append(result)

    def cached(self, scenarios, results):
        """b, c, d with the page cache on; nginx started for c and d when installed."""
        with contextlib.ExitStack() as stack:
            server = stack.enter_context(self.server(page_cache=True))
            url = server.wait_ready(self.path)
            if "b" in scenarios:
                results.append(self.from_page_cache(server, url))
            if "d" in scenarios:
                results.append(self.publishing(url, "d", "lecteurs + éditeur (app)"))
            if not ({"c", "d"} & set(scenarios)) or not nginx_available():
                return
            nginx = stack.enter_context(self.nginx(server))
            nginx_url = nginx.wait_ready(self.path)
            if "c" in scenarios:
                results.append(self.through_nginx(server, nginx, nginx_url))
            if "d" in scenarios:
                results.append(self.publishing(nginx_url, "d", "lecteurs + éditeur (nginx)"))

    def from_page_cache(self, server, url):
        log(f"[{self.database}] b : article depuis le cache de pages de l’application")
        result = self.new_measure(
            "b", "article, cache de l’app", url, self.options.connections, self.options.measure
        )
        self.check_cache(result, warm_up(url), expected="hit")
        measure(self.wrk, result, url, cpu_pids=server.web_pids)
        result.ok = result.rps >= 2000 and result.p99_ms <= 50
        return result

    def through_nginx(self, server, nginx, url):
        log(f"[{self.database}] c : article à travers nginx")
        result = self.new_measure(
            "c", "article, via nginx", url, self.options.connections, self.options.measure
        )
        self.check_cache(result, warm_up(url), expected="hit")
        measure(self.wrk, result, url, cpu_pids=lambda: server.web_pids() + nginx.pids())
        result.ok = result.rps >= 20000
        return result

    def publishing(self, url, scenario, label):
        options = self.options
        log(
            f"[{self.database}] d : {options.readers} lecteurs pendant {options.duration} s, "
            f"une publication toutes les {options.publish_every} s ({url})"
        )
        result = self.new_measure(scenario, label, url, options.readers, options.duration)
        self.check_cache(result, warm_up(url), expected="hit")
        with publisher(
            self.environment(True), url, self.path, options.publish_every, options.duration
        ) as report:
            measure(self.wrk, result, url)
            result.publications = report()
        visible = result.publications_visible
        result.ok = (
            result.errors == 0
            and len(visible) == len(result.publications) > 0
            and result.max_visible_s <= 1.0
        )
        return result


def run_database(options, database, server_url, wrk, results):
    """Prepare a database, run the scenarios against it; appends to `results` as it goes."""
    scenarios = options.only
    with contextlib.ExitStack() as stack:
        if options.data and database == "sqlite":
            workdir = options.data
            Path(workdir).mkdir(parents=True, exist_ok=True)
        else:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="lemag-load-"))
            os.chmod(workdir, 0o755)  # nginx's workers serve the static files from it
        if database == "postgresql":
            database_url = stack.enter_context(postgres_database(server_url))
        else:
            database_url = stack.enter_context(sqlite_database(workdir))
        run = Run(options, database, database_url, workdir, wrk)
        log(f"[{database}] migrate, load_demo, collectstatic…")
        started = time.monotonic()
        prepare(run.env, run.logfile)
        log(f"[{database}] prêt en {time.monotonic() - started:.0f} s")
        try:
            if "a" in scenarios:
                run.uncached(results)
            if set("bcd") & set(scenarios):
                run.cached(scenarios, results)
        except BenchError as error:
            raise BenchError(f"{error}\n(journal du serveur : {tail(run.logfile, 15)})") from None


# --- output --------------------------------------------------------------------------------


def verdict(result):
    return {True: "OK", False: "NON", None: "—"}[result.ok]


def optional(value, template):
    return "—" if value is None else template.format(value)


def print_table(results):
    header = (
        f"{'':2} {'scénario':<27} {'base':<10} {'conn':>4} {'req/s':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'err.':>5} {'CPU ms/req':>10} {'SQL':>4} {'cache':<18} "
        f"{'publ. max':>11} {'charge':>11}  objectif"
    )
    print(header)  # noqa: T201
    print("-" * len(header))  # noqa: T201
    for r in results:
        publications = "—"
        if r.publications:
            publications = f"{len(r.publications_visible)}/{len(r.publications)} " + optional(
                r.max_visible_s, "{:.2f}s"
            )
        print(  # noqa: T201
            f"{r.scenario:<2} {r.label:<27} {r.database:<10} {r.connections:>4} "
            f"{r.rps:>8.1f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} {r.errors:>5} "
            f"{optional(r.cpu_ms_per_request, '{:.2f}'):>10} {optional(r.sql_queries, '{}'):>4} "
            f"{r.cache or '—':<18} {publications:>11} {r.load_before:>5.1f}→{r.load_after:<5.1f}  "
            f"{r.target} : {verdict(r)}"
        )
    print(  # noqa: T201
        f"\n{os.cpu_count()} cœurs ; charge = moyenne sur 1 min avant→après la mesure ; "
        f"err. = réponses non 2xx + erreurs de socket (délai wrk {WRK_TIMEOUT}) ; CPU ms/req = "
        "processus gunicorn (et nginx) ; SQL = requêtes par rendu (client de test) ; "
        "publ. max = publications visibles / faites et plus long délai entre la fin de la "
        "publication et sa première lecture."
    )


def print_json(results, options):
    document = {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "options": {
            key: value for key, value in vars(options).items() if key not in {"json", "postgres"}
        },
        "results": [
            {**asdict(r), "errors": r.errors, "max_visible_s": r.max_visible_s} for r in results
        ],
    }
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    print()  # noqa: T201


# --- entry point ---------------------------------------------------------------------------


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=SCENARIOS, help="scénarios, ex. « a,b » (défaut : a–d)")
    parser.add_argument(
        "--duration", type=int, default=60, help="durée du scénario d, en s (défaut : 60)"
    )
    parser.add_argument(
        "--measure", type=int, default=15, help="durée des mesures a, b et c, en s (défaut : 15)"
    )
    parser.add_argument(
        "--connections", type=int, default=64, help="connexions pour a, b et c (défaut : 64)"
    )
    parser.add_argument(
        "--readers", type=int, default=200, help="lecteurs du scénario d (défaut : 200)"
    )
    parser.add_argument("--publish-every", type=float, default=5.0, help="en s (défaut : 5)")
    parser.add_argument(
        "--workers", type=int, default=None, help="processus gunicorn (défaut : ceux de serve)"
    )
    parser.add_argument(
        "--path", default=DEFAULT_PATH, help=f"article mesuré (défaut : {DEFAULT_PATH})"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port de l’application (défaut : un port libre)"
    )
    parser.add_argument(
        "--nginx-port", type=int, default=None, help="port de nginx (défaut : un port libre)"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="SQLite, puis PostgreSQL (voir plus haut)"
    )
    parser.add_argument(
        "--data",
        help="dossier de données SQLite à réutiliser d’une fois sur l’autre (défaut : temporaire)",
    )
    parser.add_argument("--json", action="store_true", help="résultats en JSON sur stdout")
    options = parser.parse_args()
    options.only = "".join(letter for letter in options.only if letter in SCENARIOS)
    if not options.only:
        parser.error(f"--only : choisissez parmi {','.join(SCENARIOS)}")
    options.port = options.port or free_port()
    options.nginx_port = options.nginx_port or free_port()
    return options


def databases(options):
    """[(name, server URL)]; may re-run this script inside tools/pg-throwaway."""
    url = os.environ.get("DATABASE_URL", "")
    if is_postgres(url):
        return [("sqlite", None)] * options.postgres + [("postgresql", url)]
    if not options.postgres:
        return [("sqlite", None)]
    throwaway = ROOT / "tools" / "pg-throwaway"
    if throwaway.exists() and subprocess.run([throwaway, "--available"]).returncode == 0:
        os.execv(throwaway, [str(throwaway), PYTHON, *sys.argv])  # comes back with DATABASE_URL
    raise BenchError(
        "--postgres : définissez DATABASE_URL=postgres://… ou installez PostgreSQL "
        "(apt-get install postgresql) pour un cluster jetable (tools/pg-throwaway)"
    )


def main():
    options = parse_arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C
    results, failure = [], None
    try:
        if not shutil.which("wrk"):
            raise BenchError("wrk est absent : installez wrk : apt-get install wrk")
        plan = databases(options)
        with tempfile.TemporaryDirectory(prefix="lemag-wrk-") as scratch:
            wrk = Wrk(scratch)
            for database, server_url in plan:
                run_database(options, database, server_url, wrk, results)
    except BenchError as error:
        failure = f"bench/load.py : {error}"
    except KeyboardInterrupt:
        failure = "bench/load.py : interrompu"
    if results and options.json:  # what was measured before a failure too
        print_json(results, options)
    elif results:
        print_table(results)
    if failure:
        sys.exit(failure)


if __name__ == "__main__":
    main()
