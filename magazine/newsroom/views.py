"""« Tableau de la rédaction » (every article in progress, by stage), « Sources à vérifier » and the
editor's readability panel."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from magazine.articles.models import ArticlePage, ArticleSource, Audience
from magazine.editorial import readability
from magazine.glossary import acronyms
from magazine.newsroom import stages
from magazine.newsroom.panels import follows_the_newsroom
from magazine.sourcecheck.models import CheckedLink, LinkCheck, cited_urls
from magazine.sourcecheck.tasks import check_now


class NewsroomView(WagtailAdminTemplateMixin, TemplateView):
    """A screen of the rédaction's, for the accounts that work on articles."""

    def dispatch(self, request, *args, **kwargs):
        if not follows_the_newsroom(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]


class BoardView(NewsroomView):
    page_title = "Tableau de la rédaction"
    header_icon = "tasks"
    template_name = "newsroom/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        working = stages.standings(
            stages.in_progress(ArticlePage.objects.all()).order_by("latest_revision_created_at")
        )
        columns = stages.by_stage(working)
        for stage, rows in columns:
            if stage is stages.SCHEDULED:
                rows.sort(key=lambda standing: standing.scheduled_for)
        context.update(
            columns=columns,
            total=len(working),
            sources_to_look_at=CheckedLink.objects.cited().to_look_at().count(),
        )
        return context


class SourcesView(NewsroomView):
    """The cited addresses that are gone, failing, moved or refused to the checker, worst first,
    with the articles citing them and their last checks; « Vérifier maintenant » for each."""

    page_title = "Sources à vérifier"
    header_icon = "link"
    template_name = "newsroom/sources.html"
    per_page = 50
    history = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cited = CheckedLink.objects.cited()
        page = Paginator(cited.to_look_at(), self.per_page).get_page(self.request.GET.get("p"))
        history = {}
        for check in LinkCheck.objects.latest_of(page.object_list, self.history):
            history.setdefault(check.link_id, []).append(check)
        citing = {}
        for url, pk, title in (
            ArticleSource.objects.filter(url__in=[link.url for link in page])
            .order_by("page__title")
            .values_list("url", "page_id", "page__title")
            .distinct()
        ):
            citing.setdefault(url, []).append({"pk": pk, "title": title})
        for link in page:
            link.citing = citing.get(link.url, [])
            link.history = history.get(link.pk, [])
        context.update(page_obj=page, links=page.object_list, **cited.tally())
        return context

    def post(self, request):
        """« Vérifier maintenant »: the address is checked by the worker, due or not."""
        url = request.POST.get("url", "")
        if not cited_urls().filter(url=url).exists():
            messages.error(request, "Cette adresse n’est citée par aucune source.")
        else:
            check_now.enqueue([url])
            messages.success(
                request, f"Vérification de {url} demandée : son résultat s’affichera ici."
            )
        return HttpResponseRedirect(reverse("newsroom:sources"))


class ReadabilityView(View):
    """The readability panel of the editor, for the text being written (POST, JSON:
    {"parts": [[where, text], …], "audience": id}); its script sends the text as the person
    types, with the audience chosen (none, or one that is not: the default audience)."""

    http_method_names = ["post"]
    max_characters = 500_000

    def post(self, request):
        if not follows_the_newsroom(request.user):
            raise PermissionDenied
        try:
            sent = json.loads(request.body)
            parts = [(str(where)[:80], str(text)) for where, text in sent["parts"]]
            chosen = str(sent.get("audience") or "")
        except (ValueError, KeyError, TypeError, AttributeError):
            return HttpResponseBadRequest(
                'Texte illisible : le panneau de lisibilité attend {"parts": [[partie, texte]…]}.',
                content_type="text/plain; charset=utf-8",
            )
        if sum(len(text) for _where, text in parts) > self.max_characters:
            return HttpResponseBadRequest(
                "Texte trop long pour le panneau de lisibilité.",
                content_type="text/plain; charset=utf-8",
            )
        audience = (
            chosen.isdigit() and Audience.objects.filter(pk=chosen).first()
        ) or Audience.objects.default()
        target = audience.target_score if audience else readability.TARGET_SCORE
        long_sentence = (
            audience.long_sentence_words if audience else readability.LONG_SENTENCE_WORDS
        )
        result = readability.analyse(parts, long_sentence)
        return TemplateResponse(
            request,
            "newsroom/readability.html",
            {
                "result": result,
                "audience": audience,
                "target": target,
                "meets_target": result.meets(target),
                "long_sentence": long_sentence,
                "unexplained": acronyms.unexplained(
                    " ".join(readability.plain(text) for _where, text in parts)
                ),
            },
        )
