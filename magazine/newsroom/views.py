"""« Tableau de la rédaction »: every article in progress, by stage, for the weekly meeting."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from magazine.articles.models import ArticlePage
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
        columns = [
            (stage, [standing for standing in working if standing.stage is stage])
            for stage in stages.STAGES
            if stage.in_progress
        ]
        for stage, rows in columns:
            if stage is stages.SCHEDULED:
                rows.sort(key=lambda standing: standing.scheduled_for)
        context.update(columns=columns, total=len(working))
        return context
