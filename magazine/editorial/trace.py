"""The public trace of the method: who reviewed a published article, and when."""

from wagtail.models import TaskState, WorkflowState

from magazine.editorial.models import ReviewTask


def display_name(user):
    author = getattr(user, "author", None)
    return author.name if author else (user.get_full_name() or user.get_username())


def reviews_of(page):
    """[(name, date)] of the approved relectures of the workflow that last published the page,
    in one query."""
    return [(display_name(state.finished_by), state.finished_at) for state in relectures_of(page)]


def relectures_of(page):
    """The approved review task states of the workflow that last published the page, with
    their reviewers and the reviewers' author records, in the order they were approved."""
    last_approved = (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .order_by("-created_at")
        .values("pk")[:1]
    )
    return (
        TaskState.objects.filter(
            workflow_state__in=last_approved,
            status=TaskState.STATUS_APPROVED,
            task__in=ReviewTask.objects.all(),
            finished_by__isnull=False,
        )
        .select_related("finished_by__author")
        .order_by("finished_at")
    )
