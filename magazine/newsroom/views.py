"""« Tableau de la rédaction » (every article in progress, by stage) and the editor's readability
panel."""

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from magazine.articles.models import ArticlePage
from magazine.editorial import readability
from magazine.newsroom import stages
from magazine.newsroom.panels import follows_the_newsroom


class BoardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Tableau de la rédaction"
    header_icon = "tasks"
    template_name = "newsroom/board.html"

    def dispatch(self, request, *args, **kwargs):
        if not follows_the_newsroom(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        working = stages.standings(
            stages.in_progress(ArticlePage.objects.all()).order_by("latest_revision_created_at")
        )
        columns = stages.by_stage(working)
        for stage, rows in columns:
            if stage is stages.SCHEDULED:
                rows.sort(key=lambda standing: standing.scheduled_for)
        context.update(columns=columns, total=len(working))
        return context


class ReadabilityView(View):
    """The readability panel of the editor, for the text being written (POST, JSON:
    {"parts": [[where, text], …]}); its script sends the text as the person types."""

    http_method_names = ["post"]
    max_characters = 500_000

    def post(self, request):
        if not follows_the_newsroom(request.user):
            raise PermissionDenied
        try:
            parts = json.loads(request.body)["parts"]
            parts = [(str(where)[:80], str(text)) for where, text in parts]
        except (ValueError, KeyError, TypeError):
            return HttpResponseBadRequest(
                'Texte illisible : le panneau de lisibilité attend {"parts": [[partie, texte]…]}.',
                content_type="text/plain; charset=utf-8",
            )
        if sum(len(text) for _where, text in parts) > self.max_characters:
            return HttpResponseBadRequest(
                "Texte trop long pour le panneau de lisibilité.",
                content_type="text/plain; charset=utf-8",
            )
        return TemplateResponse(
            request,
            "newsroom/readability.html",
            {
                "result": readability.analyse(parts),
                "target": readability.TARGET_SCORE,
                "long_sentence": readability.LONG_SENTENCE_WORDS,
            },
        )
