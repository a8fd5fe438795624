"""The « Relecture » workflow on the articles section, created idempotently."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from magazine.articles.models import ArticleIndexPage
from magazine.editorial.models import ReviewTask, ValidationTask
from magazine.users.roles import EDITOR_IN_CHIEF, REVIEWER

WORKFLOW_NAME = "Relecture"


def _task(model, name, group_name):
    task = model.objects.filter(name=name).first() or model.objects.create(name=name)
    task.groups.set([Group.objects.get(name=group_name)])
    return task


@transaction.atomic
def ensure_relecture_workflow():
    review = _task(ReviewTask, "Relecture par un·e autre membre", REVIEWER)
    validation = _task(ValidationTask, "Validation par la rédaction en chef", EDITOR_IN_CHIEF)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    for order, task in enumerate([review, validation]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    section = ArticleIndexPage.objects.first()
    if section:
        WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow
