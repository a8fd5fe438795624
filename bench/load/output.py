"""The results: a table for people, JSON for machines."""

import json
import os
import sys
from dataclasses import asdict

from bench.load.common import WRK_TIMEOUT


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
