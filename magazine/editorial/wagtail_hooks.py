from django.contrib import messages
from wagtail import hooks

from magazine.editorial.models import ReviewTask


@hooks.register("before_edit_page")
def explain_why_you_cannot_review(request, page):
    """Tell a reviewer, in French, why the approval buttons are missing on their own article."""
    state = page.current_workflow_task_state
    task = state.task.specific if state else None
    if not isinstance(task, ReviewTask) or not task._user_in_groups(request.user):
        return
    if reason := task.refusal_reason(page, request.user):
        messages.warning(
            request,
            f"Vous ne pouvez pas relire cet article : {reason}. "
            "Un·e autre relecteur·rice du collectif doit s’en charger.",
        )
