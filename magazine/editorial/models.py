"""The two steps of the « Relecture » workflow as Wagtail task types."""

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask, TaskState

from magazine.editorial.checks import quality_problems
from magazine.editorial.review import refusal as review_refusal


def article_authors_users(page):
    """Accounts of the authors named on the latest draft of the article (`page` may be the
    plain `Page`: the revision is the specific article)."""
    links = getattr(page.get_latest_revision_as_object(), "article_authors", None)
    if links is None:
        return set()
    return {link.author.user_id for link in links.all() if link.author.user_id}


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
        """Why `user` may not review `page` (French), None when they may. `page` may be the
        specific article or the plain `Page` Wagtail passes from its workflow views."""
        state = page.current_workflow_task_state
        if state is None or state.task_id != self.pk:
            return None
        return review_refusal(user.pk, state)

    def get_actions(self, obj, user):
        if self.refusal_reason(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Every path to an action (edit form, workflow action URL, dashboard modal) ends
        here: the rule is enforced whatever the buttons showed."""
        if reason := review_refusal(user.pk, task_state):
            raise PermissionDenied(f"Vous ne pouvez pas relire cet article : {reason}.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if not review_refusal(user.pk, state)
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
