"""What hangs off an article: its authors (ordered), sources (ordered) and public corrections."""

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from magazine.articles.models.querysets import in_private_section


class ArticleAuthor(Orderable):
    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        "people.Author", verbose_name="auteur·rice", on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "auteur·rice"
        verbose_name_plural = "auteur·rices"


class ArticleSource(Orderable):
    class Kind(models.TextChoices):
        RAPPORT = "rapport", "Rapport"
        LOI = "loi", "Loi ou texte réglementaire"
        DELIBERATION = "deliberation", "Délibération"
        DONNEES = "donnees", "Jeu de données"
        ARTICLE = "article", "Article"
        ENTRETIEN = "entretien", "Entretien"
        OUVRAGE = "ouvrage", "Ouvrage"
        SITE = "site", "Site web"

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="sources")
    title = models.CharField("titre", max_length=400)
    publisher = models.CharField("auteur ou éditeur", max_length=255, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.RAPPORT)
    date = models.DateField("date", null=True, blank=True)
    url = models.URLField("adresse", max_length=500, blank=True)
    consulted_on = models.DateField("consulté le", null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("url"),
        FieldPanel("consulted_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "source"
        verbose_name_plural = "sources"

    def __str__(self):
        return self.title


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Notes of the articles any reader may see, newest first (the corrections page).

        Conditions on each note's article, not a list of the published articles: at 10,000
        articles, building that list cost most of the page."""
        return (
            self.filter(page__live=True)
            .exclude(in_private_section("page__"))
            .select_related("page")
            .order_by("-date", "-pk")
        )


class ArticleCorrection(Orderable):
    """A dated public note: a correction of an error, or an update of the facts."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "mise-a-jour", "Mise à jour"

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    date = models.DateTimeField("date", default=timezone.now)
    text = models.TextField("note publique")

    objects = CorrectionQuerySet.as_manager()

    panels = [FieldPanel("kind"), FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"
        verbose_name_plural = "corrections"

    def __str__(self):
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


class RelatedArticle(Orderable):
    """An article the editors recommend at the end of another one, before the computed ones."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="article",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = "article à lire aussi"
        verbose_name_plural = "articles à lire aussi"
