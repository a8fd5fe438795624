"""Dossiers: ordered series of articles with their own landing page."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from magazine.core.forms import PageForm
from magazine.core.panels import SETTINGS_PANELS
from magazine.core.restrictions import RememberedRestrictionsMixin


class DossierIndexPage(RememberedRestrictionsMixin, Page):
    """/dossiers/: every published dossier."""

    intro = models.TextField("présentation", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["dossiers.DossierPage"]
    max_count = 1
    template = "pages/dossier_index_page.html"

    class Meta:
        verbose_name = "rubrique des dossiers"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["dossiers"] = (
            DossierPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("-first_published_at")
        )
        return context


class DossierPage(RememberedRestrictionsMixin, Page):
    intro = RichTextField("présentation", blank=True, features=["bold", "italic", "link"])
    image = models.ForeignKey(
        "images.MagazineImage",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("dossier_articles", label="Articles, dans l’ordre de lecture"),
    ]
    settings_panels = SETTINGS_PANELS
    base_form_class = PageForm
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["dossiers.DossierIndexPage"]
    subpage_types = []
    template = "pages/dossier_page.html"

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"

    def published_articles(self):
        """The dossier's live articles, in reading order."""
        from magazine.articles.models import ArticlePage

        ids = [link.article_id for link in self.dossier_articles.all()]
        articles = ArticlePage.objects.filter(pk__in=ids).published().for_listing().in_bulk()
        return [articles[pk] for pk in ids if pk in articles]


class DossierArticle(Orderable):
    dossier = ParentalKey(DossierPage, on_delete=models.CASCADE, related_name="dossier_articles")
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="article",
        on_delete=models.CASCADE,
        related_name="dossier_links",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = "article du dossier"
        verbose_name_plural = "articles du dossier"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "article"], name="unique_article_per_dossier"
            )
        ]
