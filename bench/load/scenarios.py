"""The scenarios a–d, run against one database."""

import contextlib
import os
import tempfile
import time
from pathlib import Path

from bench.load.common import TARGETS, BenchError, Measure, log
from bench.load.databases import postgres_database, sqlite_database
from bench.load.measures import django_side, measure, publisher, warm_up
from bench.load.processes import tail
from bench.load.stack import AppServer, Nginx, base_environment, nginx_available, prepare


class Run:
    """One database: the prepared data, the stack started as each scenario needs it."""

    def __init__(self, options, database, database_url, workdir, wrk):
        self.options, self.database, self.workdir, self.wrk = options, database, workdir, wrk
        self.env = base_environment(workdir, database_url)
        self.logfile = Path(workdir) / "serve.log"
        self.path = options.path

    def environment(self, page_cache, compiled=True):
        return {
            **self.env,
            "LEMAG_PAGE_CACHE": "1" if page_cache else "0",
            "LEMAG_COMPILED_ARTICLES": "1" if compiled else "0",
        }

    def server(self, page_cache, compiled=True):
        return AppServer(
            self.environment(page_cache, compiled),
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
        """a: every request serves the article, from its compiled record, then rendered."""
        variants = [
            (True, "article, sans cache de pages"),
            (False, "article, rendu de zéro"),
        ]
        for compiled, label in variants:
            with self.server(page_cache=False, compiled=compiled) as server:
                url = server.wait_ready(self.path)
                log(f"[{self.database}] a : {label}")
                result = self.new_measure(
                    "a", label, url, self.options.connections, self.options.measure
                )
                self.check_cache(result, warm_up(url), expected="miss")
                measure(self.wrk, result, url, cpu_pids=server.web_pids)
                environment = self.environment(False, compiled)
                queries = django_side(environment, "queries", "--path", self.path)
                result.sql_queries, result.render_ms = queries["queries"], queries["render_ms"]
                result.ok = (result.cpu_ms_per_request or 0) <= (5 if compiled else 100)
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
