from django.core.management import call_command
from django.core.management.base import BaseCommand

from magazine.editorial.scheduling import publish_due_pages, start_scheduler
from magazine.newsletter.delivery import start_sender
from magazine.operations.models import WorkerHeartbeat
from magazine.sourcecheck.checking import start_checker


class Command(BaseCommand):
    help = (
        "Travailleur de fond : exécute les tâches (e-mails, indexation…), publie chaque minute "
        "les articles programmés, envoie la lettre ; vérifie aussi, à son rythme, les adresses "
        "des sources citées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2, help="Attente entre deux tâches.")

    def handle(self, *args, interval, **options):
        WorkerHeartbeat.beat()  # /sante/ sees the worker at once, not a minute later
        publish_due_pages()  # catch up with anything that came due while stopped
        stops = [start_scheduler(), start_checker(), start_sender()]
        try:
            call_command("db_worker", interval=interval, reload=False)
        finally:
            for stop in filter(None, stops):
                stop.set()
