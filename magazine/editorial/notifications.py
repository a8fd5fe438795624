"""E-mails in French: to reviewers when a draft awaits them, to authors when it is sent back
or published. Sent by the background worker."""

import contextlib
import contextvars

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

_muted = contextvars.ContextVar("editorial_notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """No e-mail while the block runs (the demo loader replays a whole history)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


@task()
def send_notification(template, context, recipients):
    subject = render_to_string(f"editorial/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"editorial/emails/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _notify(template, context, users):
    addresses = sorted({user.email for user in users if user.email and user.is_active})
    if addresses and not _muted.get():
        send_notification.enqueue(template, context, addresses)


def _article_context(page):
    return {
        "title": page.title,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/",
        "public_url": page.full_url or "",
    }


def _author_users(page):
    from magazine.editorial.models import article_authors_users

    return get_user_model().objects.filter(pk__in=article_authors_users(page))


def on_task_submitted(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if not hasattr(task, "groups"):
        return
    page = instance.workflow_state.content_object.specific
    candidates = get_user_model().objects.filter(groups__in=task.groups.all()).distinct()
    refusal = getattr(task, "refusal_reason", lambda page, user: None)
    reviewers = [member for member in candidates if not refusal(page, member)]
    _notify(
        "awaiting_review",
        {**_article_context(page), "step": task.name, "submitter": str(user or "")},
        reviewers,
    )


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    page = instance.content_object.specific
    state = instance.current_task_state
    comment = state.get_comment() if state else ""
    recipients = list(_author_users(page))
    if instance.requested_by:
        recipients.append(instance.requested_by)
    _notify(
        "sent_back",
        {**_article_context(page), "reviewer": str(user or ""), "comment": comment},
        recipients,
    )


def on_page_published(sender, instance, **kwargs):
    if not hasattr(instance, "article_authors"):
        return
    _notify("published", _article_context(instance), _author_users(instance))


def connect():
    from wagtail.models import TaskState, WorkflowState

    # Wagtail's own workflow e-mails are replaced by these French ones, sent to the right people
    # (this app is installed after wagtail.admin, which connects them).
    task_submitted.disconnect(
        sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    for signal, uid in [
        (workflow_submitted, "workflow_state_submitted_email_notification"),
        (workflow_rejected, "workflow_state_rejected_email_notification"),
        (workflow_approved, "workflow_state_approved_email_notification"),
    ]:
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
    task_submitted.connect(on_task_submitted, dispatch_uid="lemag_task_submitted")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="lemag_workflow_rejected")
    page_published.connect(on_page_published, dispatch_uid="lemag_page_published")
