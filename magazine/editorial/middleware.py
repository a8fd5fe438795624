"""The quality gate's refusals, explained in French wherever the approval comes from."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import TaskState

from magazine.editorial.checks import quality_problems
from magazine.editorial.models import quality_gate_message


class QualityGateMessageMiddleware:
    """An approval from the dashboard or the page listing (Wagtail's workflow action view,
    plain or in its modal) of a revision that fails the quality gate leads to the article's
    editor with the list of problems. (The task refuses such an approval anyway, but Wagtail's
    admin turns that refusal into its generic « permission denied ».)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not (
            request.method == "POST"
            and match.view_name == "wagtailadmin_pages:workflow_action"
            and view_kwargs.get("action_name") == "approve"
        ):
            return None
        state = TaskState.objects.filter(pk=view_kwargs.get("task_state_id")).first()
        if state is None or state.revision is None:
            return None  # Wagtail's view answers
        page, task = state.workflow_state.content_object, state.task.specific
        if not any(name == "approve" for name, *_ in task.get_actions(page, request.user)):
            return None  # not this user's step: Wagtail's view refuses
        revision = state.revision.as_object()
        if not hasattr(revision, "chapo") or not (problems := quality_problems(revision)):
            return None
        messages.error(request, quality_gate_message(problems))
        edit_url = reverse("wagtailadmin_pages:edit", args=[state.revision.object_id])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":  # the modal
            json_data = {"step": "success", "redirect": edit_url}
            return render_modal_workflow(request, "", None, {}, json_data=json_data)
        return redirect(edit_url)
