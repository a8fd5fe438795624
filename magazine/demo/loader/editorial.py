"""Replay the collective's method on the demo articles: submitted, relu by another member,
validated by the rédaction en chef, then published (or scheduled, or left awaiting review)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from magazine.articles.models import ArticleCorrection
from magazine.editorial.models import ReviewTask, article_authors_users
from magazine.editorial.notifications import muted
from magazine.users.roles import EDITOR_IN_CHIEF, REVIEWER


def _submitter(page):
    User = get_user_model()
    ids = list(article_authors_users(page))
    link = next((link for link in page.article_authors.all() if link.author.user_id), None)
    return User.objects.get(pk=link.author.user_id) if link else User.objects.get(pk=ids[0])


def _members(role):
    return get_user_model().objects.filter(groups__name=role).order_by("username")


def _reviewer(page, submitter):
    excluded = article_authors_users(page) | {submitter.pk}
    return next(user for user in _members(REVIEWER) if user.pk not in excluded)


def submit(page):
    """Save the draft and start the « Relecture » workflow as its first author."""
    submitter = _submitter(page)
    with muted():
        page.save_revision(user=submitter)
        return page.get_workflow().start(page, submitter)


def review_and_validate(page, workflow_state, reviewed_on=None):
    """Approve both steps; backdate the history to the publication date when given."""
    submitter = workflow_state.requested_by
    approvers = [_reviewer(page, submitter), _members(EDITOR_IN_CHIEF).first()]
    with muted():
        for approver in approvers:
            task_state = workflow_state.current_task_state
            task_state.task.specific.on_action(task_state, approver, "approve")
            workflow_state.refresh_from_db()
    if reviewed_on:
        _backdate(workflow_state, reviewed_on)


def _backdate(workflow_state, published):
    WorkflowState.objects.filter(pk=workflow_state.pk).update(
        created_at=published - datetime.timedelta(days=3)
    )
    for state in TaskState.objects.filter(workflow_state=workflow_state):
        is_review = isinstance(state.task.specific, ReviewTask)
        finished = published - datetime.timedelta(days=2 if is_review else 1)
        TaskState.objects.filter(pk=state.pk).update(
            started_at=finished - datetime.timedelta(hours=4), finished_at=finished
        )


def publish_reviewed(page, published):
    review_and_validate(page, submit(page), reviewed_on=published)


def schedule_reviewed(page, days):
    page.go_live_at = timezone.now() + datetime.timedelta(days=days)
    review_and_validate(page, submit(page))


def add_correction(page, correction):
    editor = _members(EDITOR_IN_CHIEF).first()
    page.corrections.add(
        ArticleCorrection(kind=correction["kind"], date=correction["date"], text=correction["text"])
    )
    with muted():
        page.save_revision(user=editor).publish(user=editor)
