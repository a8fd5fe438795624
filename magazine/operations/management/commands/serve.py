"""`make serve`: the production way — gunicorn and the background worker, stopped together.

Settings come from the environment (DJANGO_DEBUG=0, DJANGO_SECRET_KEY, … see .env.example).
Before starting, the database is migrated (which also creates the cache table), the static
files are collected, hashed and compressed for WhiteNoise, and the pages stored in the full-page
cache by the previous version of the code are forgotten.
"""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from magazine.operations.management.commands.run import Command as RunCommand


def default_web_workers():
    """WEB_CONCURRENCY, as Gunicorn and hosting platforms name it; else 2 per core, plus one."""
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)


class Command(RunCommand):
    help = (
        "Mode production : prépare la base et les fichiers statiques, puis lance gunicorn et le "
        "travailleur de tâches de fond ; Ctrl-C ou SIGTERM arrête les deux."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_web_workers(),
            help="Processus gunicorn (par défaut : WEB_CONCURRENCY, sinon 2 par cœur + 1).",
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError(
                "manage.py serve est le mode production : définissez DJANGO_DEBUG=0 et "
                "DJANGO_SECRET_KEY (voir .env.example) ; pour développer, utilisez make run."
            )
        # migrate also starts a new cache generation: nothing rendered by the previous version of
        # the code is served (magazine.core.apps).
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Le Mag (production) : http://{options['addrport']}/")
        super().handle(*args, **options)

    def web_server_command(self, addrport, workers, **options):
        return [
            *[sys.executable, "-m", "gunicorn", "magazine.wsgi"],
            # Gunicorn's synchronous workers close each connection after one answer; its
            # threaded ones (gthread) keep them alive, yet cost more per request on a page-cache
            # hit (bench/load, scenario b, 2 cores: 1.1-1.3 against 0.9-1.1 ms of CPU, p99
            # 250-390 against 60-150 ms): nginx in front keeps the readers' connections alive.
            *["--bind", addrport, "--workers", str(workers)],
            *["--graceful-timeout", "8"],  # within the 10 s the supervisor waits
            "--no-control-socket",  # no socket in $HOME: this command supervises gunicorn
        ]
