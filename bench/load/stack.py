"""The production stack under test: `manage.py serve` (gunicorn + worker) and nginx."""

import os
import re
import secrets
import shutil
import signal
import subprocess
from pathlib import Path

from bench.load.common import (
    NGINX,
    NGINX_CONF,
    NGINX_MAIN,
    PYTHON,
    ROOT,
    START_TIMEOUT,
    BenchError,
    log,
)
from bench.load.processes import (
    children,
    cmdline,
    descendants,
    start_group,
    stop_group,
    tail,
    wait_until_ok,
)


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
    """Migrate, collect the static files, load the demo magazine and compile its articles. The
    static files first:
    with DEBUG off, the quality gate's preview of each demo article needs their manifest."""
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
        ["compile_articles"],  # what the worker would do after the demo's publications
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
