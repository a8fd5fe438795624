from django.core.management.base import BaseCommand

from magazine.editorial.setup import ensure_relecture_workflow
from magazine.users.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Crée les rôles et le circuit « Relecture » sur les articles (sans effet s’ils existent)."
    )

    def handle(self, *args, **options):
        setup_roles()
        workflow = ensure_relecture_workflow()
        steps = " puis ".join(task.name for task in workflow.tasks)
        self.stdout.write(self.style.SUCCESS(f"Circuit « {workflow.name} » prêt : {steps}."))
