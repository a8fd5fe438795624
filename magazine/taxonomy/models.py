"""What articles are about: themes, kinds of territory and named territories."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class Theme(index.Indexed, models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    slug = models.SlugField("identifiant d’URL", max_length=120, unique=True)
    intro = RichTextField("présentation", blank=True, features=["bold", "italic", "link"])
    sort_order = models.PositiveSmallIntegerField("ordre", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("intro"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "thème"
        verbose_name_plural = "thèmes"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:theme", kwargs={"slug": self.slug})


class TerritoryKind(index.Indexed, models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    slug = models.SlugField("identifiant d’URL", max_length=120, unique=True)
    description = models.TextField("description", blank=True)
    sort_order = models.PositiveSmallIntegerField("ordre", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "type de territoire"
        verbose_name_plural = "types de territoire"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:territory_kind", kwargs={"slug": self.slug})


class Territory(index.Indexed, models.Model):
    class CodeType(models.TextChoices):
        INSEE = "insee", "Code officiel géographique (Insee)"
        SIREN = "siren", "SIREN (groupement, EPCI)"

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d’URL", max_length=120, unique=True)
    kind = models.ForeignKey(
        TerritoryKind,
        verbose_name="type",
        on_delete=models.PROTECT,
        related_name="territories",
    )
    code_type = models.CharField("référentiel du code", max_length=10, choices=CodeType.choices)
    code = models.CharField(
        "code officiel",
        max_length=20,
        help_text="Code Insee (COG) pour une commune, un département ou une région ; "
        "numéro SIREN pour un EPCI.",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("code_type"),
        FieldPanel("code"),
        FieldPanel("population"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        constraints = [
            models.UniqueConstraint(fields=["code_type", "code"], name="unique_official_code")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "articles:territory", kwargs={"kind_slug": self.kind.slug, "slug": self.slug}
        )

    def clean(self):
        super().clean()
        code = (self.code or "").strip().upper()
        if self.code_type == self.CodeType.SIREN and not (code.isdigit() and len(code) == 9):
            raise ValidationError({"code": "Un numéro SIREN compte exactement 9 chiffres."})
        if self.code_type == self.CodeType.INSEE and not (
            1 <= len(code) <= 5 and code.replace("A", "").replace("B", "").isdigit()
        ):
            raise ValidationError(
                {"code": "Un code Insee compte de 2 à 5 caractères (chiffres, 2A ou 2B en Corse)."}
            )
        self.code = code

    @property
    def official_reference(self):
        label = "SIREN" if self.code_type == self.CodeType.SIREN else "code Insee"
        return f"{label} {self.code}"
