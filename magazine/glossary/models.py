from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class GlossaryEntry(index.Indexed, models.Model):
    term = models.CharField(
        "terme",
        max_length=80,
        unique=True,
        help_text="Tel qu’il s’écrit dans les articles : « EPCI », « France Services », "
        "« illectronisme » (en minuscules, il est reconnu aussi en début de phrase).",
    )
    slug = models.SlugField("identifiant d’ancre", max_length=80, unique=True, blank=True)
    expansion = models.CharField(
        "forme développée",
        max_length=200,
        blank=True,
        help_text="Pour un sigle : ce qu’il veut dire, en minuscules sauf les noms propres "
        "(« établissement public de coopération intercommunale »). Vide pour un terme.",
    )
    definition = models.TextField(
        "définition",
        max_length=600,
        help_text="Une ou deux phrases simples, pour qui ne connaît pas le sujet.",
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("expansion"),
        FieldPanel("definition"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("expansion"),
    ]

    class Meta:
        verbose_name = "entrée du glossaire"
        verbose_name_plural = "glossaire"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} ({self.expansion})" if self.expansion else self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.term)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('glossary:index')}#{self.slug}"

    @property
    def letter(self):
        """The letter it is filed under, without its accent."""
        return slugify(self.term[:1]).upper() or "#"

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        entry.term_as_loaded = entry.__dict__.get("term")  # a new term may be used anywhere
        return entry

    @property
    def term_changed(self):
        return self.term != getattr(self, "term_as_loaded", None)
