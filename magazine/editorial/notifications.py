"""E-mails in French: to reviewers when a draft awaits them, to authors when it is sent back,
approved with a comment or published. Sent by the background worker.

Links point to LEMAG_BASE_URL (settings.WAGTAILADMIN_BASE_URL), the one address of the site
(`manage.py run` sets it to the address it serves). An e-mail that cannot be sent is logged,
recorded in the article's history and listed on the dashboard of those who publish
(« Notifications non envoyées »), so that they can pass the news on themselves.
"""

import contextlib
import contextvars
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import (
    page_published,
    task_approved,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

logger = logging.getLogger(__name__)

FAILED = "lemag.notification_failed"  # the action of a failed e-mail in a page's history
FAILURES_SHOWN_FOR = datetime.timedelta(days=7)
FAILURES_SHOWN = 10
# What each e-mail is, in the history and on the dashboard.
NAMES = {
    "awaiting_review": "À relire",
    "sent_back": "Renvoyé avec commentaires",
    "approved": "Approuvé avec un commentaire",
    "published": "Publié",
}

_muted = contextvars.ContextVar("editorial_notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """No e-mail while the block runs (the demo loader replays a whole history)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def one_line(text):
    """`text` with every run of whitespace, line breaks included, as one space: an e-mail
    header cannot hold a line break (a title may)."""
    return " ".join(text.split())


@task()
def send_notification(template, context, recipients, page_id=None):
    subject = one_line(render_to_string(f"editorial/emails/{template}_subject.txt", context))
    body = render_to_string(f"editorial/emails/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:
        _record_failure(template, page_id, recipients, error)
        raise


def _record_failure(template, page_id, recipients, error):
    logger.exception(
        "E-mail « %s » non envoyé (page %s, %d destinataire(s))",
        NAMES.get(template, template),
        page_id,
        len(recipients),
    )
    page = Page.objects.filter(pk=page_id).first() if page_id else None
    if page is not None:
        log(
            instance=page,
            action=FAILED,
            data={
                "notification": NAMES.get(template, template),
                "recipients": len(recipients),
                "error": one_line(f"{type(error).__name__} : {error}")[:300],
            },
        )


def _notify(template, context, users, page, exclude=None):
    addresses = sorted(
        {
            user.email
            for user in users
            if user.email and user.is_active and (exclude is None or user.pk != exclude.pk)
        }
    )
    if addresses and not _muted.get():
        send_notification.enqueue(template, context, addresses, page.pk)


def absolute_url(path):
    """`path` on the site's public address (LEMAG_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _article_context(page):
    url_parts = page.get_url_parts()
    return {
        "title": page.title,
        "admin_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "public_url": absolute_url(url_parts[2]) if url_parts else "",
    }


def _author_users(page):
    from magazine.editorial.models import article_authors_users

    return get_user_model().objects.filter(pk__in=article_authors_users(page))


def _approvals(workflow_state):
    """The steps approved so far in this round of review, with their comments."""
    states = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
    return [
        {"step": state.task.name, "by": str(state.finished_by or ""), "comment": state.comment}
        for state in states.select_related("task", "finished_by").order_by("finished_at", "pk")
    ]


def _eligible_reviewers(task_state, candidates):
    from magazine.editorial.models import ReviewTask
    from magazine.editorial.review import refusal

    if not isinstance(task_state.task.specific, ReviewTask):
        return list(candidates)
    # The task state just started is not yet the workflow's current one: ask about it directly.
    return [member for member in candidates if not refusal(member.pk, task_state)]


def on_task_submitted(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if not hasattr(task, "groups"):
        return
    workflow_state = instance.workflow_state
    page = workflow_state.content_object.specific
    candidates = get_user_model().objects.filter(groups__in=task.groups.all()).distinct()
    _notify(
        "awaiting_review",
        {
            **_article_context(page),
            "step": task.name,
            # `user` started this step: the reviewer who approved the previous one, for the
            # second step. The submitter is whoever asked for the review.
            "submitter": str(workflow_state.requested_by or ""),
            "approvals": _approvals(workflow_state),
        },
        _eligible_reviewers(instance, candidates),
        page,
    )


def on_task_approved(sender, instance, user=None, **kwargs):
    """An approval with a comment reaches the authors and the submitter."""
    comment = (instance.comment or "").strip()
    if not comment:
        return
    workflow_state = instance.workflow_state
    page = workflow_state.content_object.specific
    next_state = workflow_state.current_task_state
    next_step = (
        next_state.task.name
        if workflow_state.status == workflow_state.STATUS_IN_PROGRESS and next_state != instance
        else ""
    )
    recipients = [*_author_users(page), workflow_state.requested_by]
    _notify(
        "approved",
        {
            **_article_context(page),
            "step": instance.task.name,
            "approver": str(user or ""),
            "comment": comment,
            "next_step": next_step,
        },
        [recipient for recipient in recipients if recipient is not None],
        page,
        exclude=user,
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
        page,
    )


def on_page_published(sender, instance, **kwargs):
    if not hasattr(instance, "article_authors"):
        return
    _notify("published", _article_context(instance), _author_users(instance), instance)


class NotificationFailed(LogFormatter):
    """A failed e-mail in the page's history (registered in wagtail_hooks)."""

    label = "Notification non envoyée"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"E-mail « {data.get('notification', '')} » non envoyé à "
            f"{data.get('recipients', '?')} destinataire(s) : {data.get('error', '')}"
        )


def recent_failures():
    since = timezone.now() - FAILURES_SHOWN_FOR
    return PageLogEntry.objects.filter(action=FAILED, timestamp__gte=since)


class FailedNotificationsPanel(Component):
    """« Notifications non envoyées », on the dashboard of those who publish, when any failed
    in the last days."""

    name = "failed_notifications"
    template_name = "editorial/panels/failed_notifications.html"
    order = 50  # above everything: someone was not told

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["failures"] = recent_failures().order_by("-timestamp", "-pk")[:FAILURES_SHOWN]
        context["days"] = FAILURES_SHOWN_FOR.days
        return context


def add_failed_notifications_panel(request, panels):
    if not PagePermissionPolicy().user_has_permission(request.user, "publish"):
        return
    if recent_failures().exists():
        panels.append(FailedNotificationsPanel())


def connect():
    from wagtail.models import WorkflowState

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
    task_approved.connect(on_task_approved, dispatch_uid="lemag_task_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="lemag_workflow_rejected")
    page_published.connect(on_page_published, dispatch_uid="lemag_page_published")
