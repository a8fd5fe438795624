"""No article goes live without a counted review (`magazine.editorial.review`).

An article goes live only through a person's publication (edit form, workflow, bulk action)
that this rule allows: the first publication needs a counted review in the workflow that brings
it there; later changes of an article published after such a review (a typo, a dated public
correction) are published by the rédaction en chef without a new one. Scheduled publishing
makes live only a revision a person approved, checked then. Code that publishes with no user
(test fixtures, the demo loader's set-up) is not a person's publication.
"""

from wagtail.models import TaskState, WorkflowState

from magazine.editorial.models import ReviewTask
from magazine.editorial.review import refusal

NOT_REVIEWED = (
    "cet article n’a pas été relu. Soumettez-le à la relecture : un·e membre qui n’en est ni "
    "auteur·rice ni la personne qui l’a soumis doit l’approuver avant sa publication"
)


def counted_reviews(workflow_state):
    """The approved relectures of `workflow_state` that the rule counts."""
    approved = TaskState.objects.filter(
        workflow_state=workflow_state,
        status=TaskState.STATUS_APPROVED,
        task__in=ReviewTask.objects.all(),
        finished_by__isnull=False,
    ).select_related("workflow_state", "revision")
    return [state for state in approved if refusal(state.finished_by_id, state) is None]


def publication_refusal(page):
    """Why `page` (an article) may not be published by a person now, or None."""
    states = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk")
    current = states.filter(
        status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_APPROVED)
    ).first()
    if current is not None and counted_reviews(current):
        return None
    if page.first_published_at is not None and any(
        counted_reviews(state) for state in states.filter(status=WorkflowState.STATUS_APPROVED)
    ):
        return None  # a reviewed article, corrected afterwards
    return NOT_REVIEWED
