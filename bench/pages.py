"""`make bench`: what each page type of the demo magazine costs, measured in Chromium.

Loads the demo magazine into a throw-away SQLite database with production settings
(DJANGO_DEBUG=0: WhiteNoise's precompressed static files, gzip, the page cache), then runs
`manage.py measure_sobriety` on it, which visits every page type in Chromium, prints the table
and writes magazine/sobriety/data/sobriety.json (the déclaration d'écoconception shows it).

Usage: python bench/pages.py [--no-write]
"""

import argparse
import logging
import os
import secrets
import sys
import tempfile
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-write", action="store_true", help="print only, leave sobriety.json as it is"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lemag-bench-pages-") as workdir:
        configure(workdir)
        load_demo()
        from django.core.management import call_command

        call_command("measure_sobriety", no_write=arguments.no_write)


if __name__ == "__main__":
    main()
