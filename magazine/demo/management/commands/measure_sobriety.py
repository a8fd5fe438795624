"""`manage.py measure_sobriety`: what each page type of the demo magazine weighs in Chromium.

Serves this database on a free port of 127.0.0.1, in this process, and visits every page type
the browser tests visit (`magazine.demo.pages`) on a first visit with an empty cache, 1,280 px
wide: requests, transferred bytes, DOM elements, EcoIndex and grade, and the CO₂e of the
Sustainable Web Design model. The figures are written to magazine/sobriety/data/sobriety.json,
which the déclaration d'écoconception shows, unless --no-write.

Run it on the demo magazine with production settings (DJANGO_DEBUG=0: WhiteNoise's compressed
static files, gzip, the page cache): `make bench` does it on a throw-away database
(bench/pages.py). It needs Chromium (`apt-get install chromium`) and Playwright (a development
dependency).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread

from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.browser import CHROMIUM, CHROMIUM_ARGS, Visits
from magazine.sobriety.data.sobriety import MEASURES_FILE, write_measures
from magazine.sobriety.weight import footprint_grams


class Command(BaseCommand):
    help = (
        "Mesure dans Chromium chaque type de page du magazine de démonstration (requêtes, "
        "octets, éléments, EcoIndex, CO₂e) et écrit sobriety.json, que la déclaration "
        "d’écoconception affiche."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-write",
            action="store_true",
            help="affiche seulement, sans modifier sobriety.json",
        )

    def handle(self, *args, no_write=False, **options):
        if not CHROMIUM.exists():
            raise CommandError(
                f"Chromium est absent ({CHROMIUM}) : installez-le avec "
                "« apt-get install chromium »."
            )
        # No static files handler: WhiteNoise, in the middleware, serves them as in production.
        server = LiveServerThread("127.0.0.1", static_handler=lambda application: application)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Le serveur n’a pas démarré : {server.error}")
        try:
            rows, version = self.measure(f"http://127.0.0.1:{server.port}")
        finally:
            server.terminate()
        self.print_table(rows, version)
        if not no_write:
            write_measures(rows, date.today(), version)
            self.stdout.write(f"\nÉcrit dans {MEASURES_FILE}")

    def measure(self, site_url):
        from playwright.sync_api import sync_playwright  # a development dependency

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

    def print_table(self, rows, version):
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
        self.stdout.write("\n".join(lines))
