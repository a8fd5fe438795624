"""The members of the collective who sign articles."""

from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index


class Author(index.Indexed, ClusterableModel):
    name = models.CharField("nom", max_length=150)
    slug = models.SlugField("identifiant d’URL", max_length=150, unique=True)
    role = models.CharField("rôle dans le collectif", max_length=150, blank=True)
    bio = RichTextField("biographie", blank=True, features=["bold", "italic", "link"])
    interests = models.TextField(
        "déclaration d’intérêts",
        blank=True,
        help_text="Liens d’intérêts avec les organisations dont le collectif parle.",
    )
    photo = models.ForeignKey(
        "images.MagazineImage",
        verbose_name="photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        "users.User",
        verbose_name="compte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="Compte d’administration de ce membre, s’il en a un.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("interests"),
        FieldPanel("photo"),
        FieldPanel("user"),
        InlinePanel("links", label="Liens"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "auteur·rice"
        verbose_name_plural = "auteur·rices"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:author", kwargs={"slug": self.slug})


class AuthorLink(Orderable):
    author = ParentalKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField("intitulé", max_length=100)
    url = models.URLField("adresse")

    panels = [FieldPanel("label"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = "lien"
        verbose_name_plural = "liens"

    def __str__(self):
        return self.label
