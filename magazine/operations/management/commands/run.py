"""`make run`: the web server and the background worker, stopped together.

`manage.py serve` (`make serve`, production) extends this command with another web server.
Unless LEMAG_BASE_URL says otherwise, the address served is the site's address for this process
and those it starts: the links in e-mails and the banners lead there (`make run PORT=8100`).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def served_url(addrport):
    """The URL a browser on this machine reaches `addrport` (runserver's HOST:PORT) at."""
    host, _, port = addrport.rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):  # every interface (or the port alone): this machine
        host = "127.0.0.1"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = (
        "Lance le serveur web de développement et le travailleur de tâches de fond ; "
        "Ctrl-C arrête les deux."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Migre la base et charge le magazine de démonstration avant de servir.",
        )

    def handle(self, *args, addrport, demo=False, **options):
        url = served_url(addrport)
        if not os.environ.get("LEMAG_BASE_URL"):
            # Read by the settings of the worker and web server started below (the worker sends
            # the e-mails); this process's settings are already loaded (load_demo's banner).
            os.environ["LEMAG_BASE_URL"] = settings.WAGTAILADMIN_BASE_URL = url
        if demo:  # in this process: one Django start-up less than separate commands
            call_command("migrate", interactive=False, verbosity=0)
            call_command("load_demo", stdout=self.stdout)
        self.stdout.write(
            f"Le Mag : {url}/ — administration : {url}/admin/ (Ctrl-C pour tout arrêter)"
        )
        self.supervise(
            [
                [sys.executable, "manage.py", "worker"],
                self.web_server_command(addrport, **options),
            ]
        )

    def web_server_command(self, addrport, **options):
        return [sys.executable, "manage.py", "runserver", addrport, "--noreload"]

    def supervise(self, commands):
        """Run the commands until one stops, Ctrl-C or SIGTERM; then stop them all."""
        processes = [subprocess.Popen(command) for command in commands]
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(processes)

    def _stop(self, processes):
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.stdout.write("Serveur et travailleur arrêtés.")
