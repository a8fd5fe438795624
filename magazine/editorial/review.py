"""The magazine's promise, « relu par un autre membre », as one rule checked on every path.

A review counts when it was approved by someone who is neither an author of the revision under
review, nor among the authors at submission, nor an author of the latest draft, nor the person
who submitted it. The rule reads the revisions themselves, so it holds whatever object Wagtail
passes (a specific article or a plain `Page`), and whatever the draft says *now* (a reviewer who
removes themself from the authors is still an author of the revision they were asked to review).
`magazine.editorial.publication` applies it to every publication.
"""

from wagtail.models import Revision

AUTHOR = "vous êtes auteur·rice de cet article"
SUBMITTER = "c’est vous qui l’avez soumis à la relecture"


def _authors(revision):
    """Accounts of the authors named in `revision` (an article's revision)."""
    if revision is None:
        return set()
    links = getattr(revision.as_object(), "article_authors", None)
    if links is None:
        return set()
    return {link.author.user_id for link in links.all() if link.author.user_id}


def _submitted_revision(workflow_state):
    first = workflow_state.task_states.order_by("started_at", "pk").first()
    return first.revision if first else None


def _latest_revision(workflow_state):
    return (
        Revision.objects.filter(
            base_content_type_id=workflow_state.base_content_type_id,
            object_id=workflow_state.object_id,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def refusal(user_id, task_state):
    """Why `user_id` may not review at `task_state` (French), or None when they may."""
    workflow_state = task_state.workflow_state
    revisions = {
        task_state.revision,
        _submitted_revision(workflow_state),
        _latest_revision(workflow_state),
    }
    if any(user_id in _authors(revision) for revision in revisions):
        return AUTHOR
    if user_id == workflow_state.requested_by_id:
        return SUBMITTER
    return None
