"""`make bench`: what each page type of the demo magazine costs, measured in Chromium.

Loads the demo magazine into a throw-away SQLite database, serves it as in production
(DJANGO_DEBUG=0: WhiteNoise's precompressed static files, gzip, the page cache) on 127.0.0.1,
visits every page type the browser tests visit (magazine/core/tests/browser/demo_pages.py) on
a first visit with an empty cache, 1,280 px wide, and prints requests, transferred bytes, DOM
elements, EcoIndex and grade, and the CO₂e of the Sustainable Web Design model. The figures are
written to magazine/sobriety/data/sobriety.json, which the déclaration d'écoconception shows.

Usage: python bench/pages.py [--no-write]
"""

import argparse
import logging
import os
import secrets
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(workdir):
    """Production settings on a throw-away database, media and static files."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "magazine.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "LEMAG_SERVE_MEDIA": "1",
            "LEMAG_VAR_DIR": workdir,
            "LEMAG_MEDIA_ROOT": f"{workdir}/media",
            "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        }
    )
    import django

    django.setup()
    # One log line per request would drown the table.
    logging.getLogger("magazine.requests").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)


def load_demo():
    from django.core.management import call_command

    print("Chargement du magazine de démonstration…", flush=True)  # noqa: T201
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)


def start_server():
    """The WSGI application on a free port of 127.0.0.1, in a thread; returns (url, thread)."""
    from django.test.testcases import LiveServerThread

    # No static files handler: WhiteNoise, in the middleware, serves them as in production.
    server = LiveServerThread("127.0.0.1", static_handler=lambda application: application)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return f"http://127.0.0.1:{server.port}", server


def measure_pages(site_url):
    from playwright.sync_api import sync_playwright

    from magazine.core.tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from magazine.core.tests.browser.demo_pages import DEMO_PAGES
    from magazine.core.tests.browser.visits import Visits
    from magazine.sobriety.weight import footprint_grams

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        version = f"Chromium {browser.version.split('.')[0]}"
        visits = Visits(browser, site_url)
        try:
            for demo_page in DEMO_PAGES:
                measure = visits.measure(demo_page)
                ecoindex = measure.ecoindex
                rows.append(
                    {
                        "name": demo_page.name,
                        "path": demo_page.path,
                        "requests": len(measure.requests),
                        "bytes": measure.transferred_bytes,
                        "html_bytes": measure.html_body_bytes,
                        "dom": measure.dom_elements,
                        "ecoindex": round(ecoindex.score, 1),
                        "grade": ecoindex.grade,
                        "co2e_g": round(footprint_grams(measure.transferred_bytes), 5),
                    }
                )
        finally:
            visits.close()
            browser.close()
    return rows, version


def print_table(rows, version):
    lines = [
        f"\nSobriété par type de page — {version}, 1 280 px, premier chargement, cache vide",
        f"{'page':<20} {'requêtes':>8} {'octets':>8} {'HTML gz':>8} {'DOM':>5} "
        f"{'EcoIndex':>10} {'g CO₂e':>8}",
    ]
    lines += [
        f"{row['name']:<20} {row['requests']:>8} {row['bytes']:>8} {row['html_bytes']:>8} "
        f"{row['dom']:>5} {row['ecoindex']:>8.1f} {row['grade']} {row['co2e_g']:>8.4f}"
        for row in rows
    ]
    print("\n".join(lines))  # noqa: T201


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-write", action="store_true", help="print only, leave sobriety.json as it is"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lemag-bench-pages-") as workdir:
        configure(workdir)
        load_demo()
        site_url, server = start_server()
        try:
            rows, version = measure_pages(site_url)
        finally:
            server.terminate()
    print_table(rows, version)
    if not arguments.no_write:
        from magazine.sobriety.data.sobriety import MEASURES_FILE, write_measures

        write_measures(rows, date.today(), version)
        print(f"\nÉcrit dans {MEASURES_FILE.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
