"""Who an article is written for, and how easy to read the rédaction wants it for them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel


class AudienceQuerySet(models.QuerySet):
    def default(self):
        """The audience of an article that names none: the one marked so, else the first."""
        return self.order_by("-is_default", "sort_order", "pk").first()


class Audience(models.Model):
    """A readership (« Élu·es et agents », « Grand public »…) with the readability targets the
    rédaction sets for it: the editor's « Lisibilité » panel measures against them, and, when
    the rédaction turns the target into a rule, an article below it cannot be submitted."""

    name = models.CharField("public", max_length=80, unique=True)
    description = models.CharField("qui c’est", max_length=255, blank=True)
    target_score = models.PositiveSmallIntegerField(
        "objectif de lisibilité",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Score de Kandel et Moles à atteindre, de 0 (très difficile) à 100 (très "
        "facile) ; un quotidien généraliste est vers 50 à 60.",
    )
    long_sentence_words = models.PositiveSmallIntegerField(
        "phrase longue au-delà de (mots)",
        default=25,
        validators=[MinValueValidator(8), MaxValueValidator(80)],
        help_text="Le panneau « Lisibilité » liste les phrases plus longues.",
    )
    gate = models.BooleanField(
        "objectif obligatoire",
        default=False,
        help_text="Coché : un article de ce public sous l’objectif ne peut pas être soumis ni "
        "publié (contrôle qualité). Décoché : un conseil, jamais un blocage.",
    )
    is_default = models.BooleanField(
        "public par défaut", default=False, help_text="Celui des articles qui n’en choisissent pas."
    )
    sort_order = models.PositiveSmallIntegerField("ordre", default=0)

    objects = AudienceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("target_score"),
        FieldPanel("long_sentence_words"),
        FieldPanel("gate"),
        FieldPanel("is_default"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "public"
        verbose_name_plural = "publics et lisibilité"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_default:  # one default at most
            Audience.objects.exclude(pk=self.pk).filter(is_default=True).update(is_default=False)
