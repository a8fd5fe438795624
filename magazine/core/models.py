"""The magazine's frame: site settings, licences and standard pages."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from magazine.core.blocks import StandardBodyBlock
from magazine.core.panels import SETTINGS_PANELS
from magazine.core.restrictions import RememberedRestrictionsMixin


class Licence(models.TextChoices):
    CC_BY_SA = "cc-by-sa-4.0", "Creative Commons BY-SA 4.0"
    CC_BY = "cc-by-4.0", "Creative Commons BY 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", "Creative Commons BY-NC-SA 4.0"
    ALL_RIGHTS = "tous-droits-reserves", "Tous droits réservés"


LICENCE_URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    Licence.ALL_RIGHTS: "",
}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    magazine_name = models.CharField(
        "nom du magazine", max_length=150, default="Le Mag qui Connecte les Territoires"
    )
    short_name = models.CharField("nom court", max_length=50, default="Le Mag")
    tagline = models.CharField("devise", max_length=255, blank=True)
    publisher_name = models.CharField("éditeur (personne morale)", max_length=255, blank=True)
    publisher_legal_form = models.CharField("forme juridique", max_length=255, blank=True)
    publisher_address = models.TextField("adresse de l’éditeur", blank=True)
    publisher_registration = models.CharField(
        "immatriculation (RNA, SIREN…)", max_length=255, blank=True
    )
    publication_director = models.CharField(
        "directeur·rice de la publication", max_length=150, blank=True
    )
    host_name = models.CharField("hébergeur", max_length=255, blank=True)
    host_address = models.TextField("adresse de l’hébergeur", blank=True)
    host_phone = models.CharField("téléphone de l’hébergeur", max_length=50, blank=True)
    contact_email = models.EmailField("adresse de contact", blank=True)
    licence = models.CharField(
        "licence par défaut des articles",
        max_length=40,
        choices=Licence.choices,
        default=Licence.CC_BY_SA,
    )
    mastodon_url = models.URLField("compte Mastodon (ou autre fédivers)", blank=True)
    peertube_url = models.URLField("chaîne PeerTube", blank=True)
    other_social_url = models.URLField("autre réseau", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("magazine_name"), FieldPanel("short_name"), FieldPanel("tagline")],
            heading="Le magazine",
        ),
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("publisher_legal_form"),
                FieldPanel("publisher_address"),
                FieldPanel("publisher_registration"),
                FieldPanel("publication_director"),
                FieldPanel("contact_email"),
            ],
            heading="Éditeur (mentions légales)",
        ),
        MultiFieldPanel(
            [FieldPanel("host_name"), FieldPanel("host_address"), FieldPanel("host_phone")],
            heading="Hébergeur (mentions légales)",
        ),
        FieldPanel("licence"),
        MultiFieldPanel(
            [
                FieldPanel("mastodon_url"),
                FieldPanel("peertube_url"),
                FieldPanel("other_social_url"),
            ],
            heading="Réseaux",
        ),
    ]

    class Meta:
        verbose_name = "réglages du site"

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")


class StandardPage(RememberedRestrictionsMixin, Page):
    """About, legal notices, privacy, accessibility and eco-design statements…"""

    intro = models.TextField("chapô", blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name="contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = SETTINGS_PANELS
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = "page standard"
        verbose_name_plural = "pages standard"
