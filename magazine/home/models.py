"""The home page: latest articles, editors' picks, themes and current dossiers."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from magazine.articles.models import ArticlePage
from magazine.core.panels import SETTINGS_PANELS
from magazine.core.restrictions import RememberedRestrictionsMixin
from magazine.dossiers.models import DossierPage
from magazine.taxonomy.models import Theme


class HomePage(RememberedRestrictionsMixin, Page):
    """The front page: latest articles, editors' picks, themes and current dossiers."""

    intro = models.TextField("présentation", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = SETTINGS_PANELS
    subpage_types = [
        "articles.ArticleIndexPage",
        "dossiers.DossierIndexPage",
        "core.StandardPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "page d’accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().for_listing()
        picks = list(articles.editors_picks()[:3])
        context["editors_picks"] = picks
        context["latest_articles"] = articles.exclude(pk__in=[p.pk for p in picks])[:6]
        context["themes"] = Theme.objects.all()
        context["dossiers"] = (
            DossierPage.objects.live().public().order_by("-first_published_at")[:3]
        )
        return context
