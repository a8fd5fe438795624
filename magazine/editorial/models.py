"""The two steps of the « Relecture » workflow as Wagtail task types."""

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask, TaskState

from magazine.editorial.checks import quality_problems


def article_authors_users(page):
    """Accounts of the authors named on the latest draft of the article."""
    draft = page.get_latest_revision_as_object() if hasattr(page, "article_authors") else page
    links = getattr(draft, "article_authors", None)
    if links is None:
        return set()
    return {link.author.user_id for link in links.all() if link.author.user_id}


def submitter_id(page):
    state = page.current_workflow_state
    return state.requested_by_id if state else None


def quality_gate_message(problems):
    return "Le contrôle qualité a échoué : " + " ; ".join(map(str, problems))


class QualityGateMixin:
    """Approving runs the quality gate again on the revision under review."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            revision = task_state.revision.as_object()
            if hasattr(revision, "chapo") and (problems := quality_problems(revision)):
                raise PermissionDenied(quality_gate_message(problems))
        return super().on_action(task_state, user, action_name, **kwargs)


class ReviewTask(QualityGateMixin, AbstractGroupApprovalTask):
    """Relecture: by a member of the groups who is neither an author nor the submitter."""

    def refusal_reason(self, page, user):
        """Why `user` may not review `page`, in French; None when they may."""
        if user.pk in article_authors_users(page):
            return "vous êtes auteur·rice de cet article"
        if user.pk == submitter_id(page):
            return "c’est vous qui l’avez soumis à la relecture"
        return None

    def get_actions(self, obj, user):
        if self.refusal_reason(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if not self.refusal_reason(state.workflow_state.content_object, user)
        ]
        return TaskState.objects.filter(pk__in=allowed)

    @classmethod
    def get_description(cls):
        return (
            "Un·e membre des groupes choisis relit l’article ; ni ses auteur·rices ni la "
            "personne qui l’a soumis ne peuvent l’approuver."
        )

    class Meta:
        verbose_name = "relecture par un·e autre membre"
        verbose_name_plural = "relectures par un·e autre membre"


class ValidationTask(QualityGateMixin, AbstractGroupApprovalTask):
    """Validation by the rédaction en chef; its approval publishes (now or when scheduled)."""

    @classmethod
    def get_description(cls):
        return "La rédaction en chef valide ; l’approbation publie l’article ou le programme."

    class Meta:
        verbose_name = "validation par la rédaction en chef"
        verbose_name_plural = "validations par la rédaction en chef"
