"""`python -m bench.load`: the command line."""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import bench.load
from bench.load.common import DEFAULT_PATH, PYTHON, ROOT, SCENARIOS, BenchError
from bench.load.databases import is_postgres
from bench.load.measures import Wrk
from bench.load.output import print_json, print_table
from bench.load.scenarios import run_database
from magazine.testing import free_port


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=bench.load.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
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
