"""La lettre: who asked for it (and the proof of their consent), the numéros the rédaction
composes, and what is sent — one record per (send, subscriber).

No IP address, no user agent, nothing about what anyone read: the dates, the wording they
agreed to (`CONSENT_VERSION`), what they follow, what was sent to them and whether the mail
server took it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

from magazine.articles.models import ArticlePage
from magazine.taxonomy.models import Territory, Theme

# The wording of the consent box; a new wording gets a new version, kept with each consent.
CONSENT_VERSION = "2026-12"
CONSENT_TEXT = (
    "J’accepte de recevoir la lettre du Mag à cette adresse. Je peux me désabonner à tout "
    "moment par le lien présent dans chaque lettre."
)


# A subscription not confirmed within this many days is deleted (the link has expired).
PENDING_DAYS = 7
# An address the mail server refused for good this many times in a row is no longer written to.
SUSPEND_AFTER_FAILURES = 3


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Subscriber.State.CONFIRMED)

    def receiving(self):
        """Those the lettre is sent to: confirmed, not suspended."""
        return self.confirmed()

    def following_any(self, articles):
        """Those who follow a theme or a territory of one of these articles, or everything (no
        theme nor territory chosen)."""
        ids = [article.pk for article in articles]
        themes = ArticlePage.themes.through.objects.filter(articlepage_id__in=ids)
        territories = ArticlePage.territories.through.objects.filter(articlepage_id__in=ids)
        follows_theme = Subscriber.themes.through.objects.filter(subscriber=models.OuterRef("pk"))
        follows_territory = Subscriber.territories.through.objects.filter(
            subscriber=models.OuterRef("pk")
        )
        return self.filter(
            (~models.Exists(follows_theme) & ~models.Exists(follows_territory))
            | models.Exists(follows_theme.filter(theme_id__in=themes.values("theme_id")))
            | models.Exists(
                follows_territory.filter(territory_id__in=territories.values("territory_id"))
            )
        )

    def inactive_since(self, limit):
        """No sign of life since `limit`: not confirmed, not on their page, not subscribed."""
        return self.filter(
            models.Q(last_active_at__lt=limit)
            | models.Q(last_active_at__isnull=True, asked_at__lt=limit)
        )

    def expired(self, now=None):
        """Subscriptions never confirmed, whose confirmation link has expired."""
        limit = (now or timezone.now()) - timezone.timedelta(days=PENDING_DAYS)
        return self.filter(state=Subscriber.State.PENDING, asked_at__lt=limit)


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "en attente de confirmation"
        CONFIRMED = "confirmed", "abonné·e"
        UNSUBSCRIBED = "unsubscribed", "désabonné·e"
        SUSPENDED = "suspended", "suspendu·e (adresse refusée par le serveur de courrier)"

    class Frequency(models.TextChoices):
        EACH = "each", "à chaque publication"
        WEEKLY = "weekly", "une fois par semaine"

    email = models.EmailField("adresse électronique", unique=True)
    state = models.CharField("état", max_length=16, choices=State, default=State.PENDING)
    frequency = models.CharField(
        "fréquence", max_length=8, choices=Frequency, default=Frequency.WEEKLY
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name="thèmes suivis")
    territories = models.ManyToManyField(Territory, blank=True, verbose_name="territoires suivis")
    consent_version = models.CharField("version du consentement", max_length=16)
    asked_at = models.DateTimeField("demandé le", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("désabonné le", null=True, blank=True)
    last_active_at = models.DateTimeField(
        "dernier signe de vie", null=True, blank=True, help_text="Confirmation, choix modifiés."
    )
    origin = models.CharField(
        "origine du consentement", max_length=200, default="formulaire du site"
    )
    failures = models.PositiveSmallIntegerField("refus définitifs d’affilée", default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "abonné·e"
        verbose_name_plural = "abonné·es"
        indexes = [models.Index(fields=["state", "asked_at"])]

    def __str__(self):
        return self.email

    def as_data(self):
        """Everything kept about this subscriber, as they may download it."""
        return {
            "adresse": self.email,
            "etat": self.get_state_display(),
            "frequence": self.get_frequency_display(),
            "themes_suivis": [theme.name for theme in self.themes.all()],
            "territoires_suivis": [territory.name for territory in self.territories.all()],
            "consentement": {
                "version": self.consent_version,
                "texte": CONSENT_TEXT,
                "origine": self.origin,
            },
            "demande_le": self.asked_at.isoformat(),
            "confirme_le": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "desabonne_le": self.unsubscribed_at.isoformat() if self.unsubscribed_at else None,
        }

    def confirm(self):
        if self.state != self.State.CONFIRMED:
            now = timezone.now()
            self.state, self.confirmed_at, self.unsubscribed_at = self.State.CONFIRMED, now, None
            self.last_active_at, self.failures = now, 0
            self.save(
                update_fields=[
                    "state",
                    "confirmed_at",
                    "unsubscribed_at",
                    "last_active_at",
                    "failures",
                ]
            )

    def unsubscribe(self):
        if self.state != self.State.UNSUBSCRIBED:
            self.state, self.unsubscribed_at = self.State.UNSUBSCRIBED, timezone.now()
            self.save(update_fields=["state", "unsubscribed_at"])


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    """What the lettre's e-mails say of themselves: sender, subjects, footer."""

    sender_name = models.CharField(
        "nom de l’expéditeur", max_length=100, default="La lettre du Mag"
    )
    alert_subject = models.CharField(
        "objet d’une alerte",
        max_length=150,
        default="Nouveau dans Le Mag : {titre}",
        help_text="« {titre} » : le titre de l’article (le premier, s’il y en a plusieurs).",
    )
    digest_subject = models.CharField(
        "objet du récapitulatif de la semaine",
        max_length=150,
        default="La semaine du Mag : {articles}",
        help_text="« {articles} » : leur nombre (« 1 article », « 4 articles »).",
    )
    issue_subject = models.CharField(
        "objet d’un numéro",
        max_length=150,
        default="La lettre du Mag n° {numero} : {objet}",
        help_text="« {numero} » : son numéro ; « {objet} » : l’objet écrit pour ce numéro.",
    )
    footer = models.TextField(
        "pied de chaque lettre",
        default=(
            "Vous recevez cette lettre parce que vous vous y êtes abonné·e sur le site du Mag. "
            "Nous ne mesurons ni ouvertures ni clics."
        ),
    )

    panels = [
        FieldPanel("sender_name"),
        FieldPanel("issue_subject"),
        FieldPanel("alert_subject"),
        FieldPanel("digest_subject"),
        FieldPanel("footer"),
    ]

    class Meta:
        verbose_name = "lettre d’information"


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(state=Issue.State.SENT).order_by("-number")

    def due(self, now=None):
        return self.filter(state=Issue.State.SCHEDULED, scheduled_for__lte=now or timezone.now())


class Issue(PreviewableMixin, ClusterableModel):
    """A numéro: an introduction and a choice of articles, composed by the rédaction, sent to
    every subscriber, then public at /lettre/numeros/<numero>/."""

    class State(models.TextChoices):
        DRAFT = "draft", "brouillon"
        SCHEDULED = "scheduled", "programmé"
        SENT = "sent", "envoyé"

    subject = models.CharField("objet", max_length=120)
    introduction = RichTextField(
        "introduction", features=["bold", "italic", "link", "ol", "ul"], blank=True
    )
    state = models.CharField(
        "état", max_length=16, choices=State, default=State.DRAFT, editable=False
    )
    number = models.PositiveIntegerField("numéro", null=True, unique=True, editable=False)
    scheduled_for = models.DateTimeField("envoi programmé le", null=True, editable=False)
    sent_at = models.DateTimeField("envoyé le", null=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = IssueQuerySet.as_manager()

    panels = [
        FieldPanel("subject"),
        FieldPanel("introduction"),
        InlinePanel("items", heading="Articles", label="article"),
    ]

    class Meta:
        verbose_name = "numéro de la lettre"
        verbose_name_plural = "numéros de la lettre"
        permissions = [("send_issue", "Peut envoyer un numéro de la lettre")]

    def __str__(self):
        return f"n° {self.number} : {self.subject}" if self.number else self.subject

    @property
    def articles(self):
        return [item.article for item in self.items.all()]

    preview_modes = [("", "Courriel"), ("web", "Page web")]

    def get_preview_template(self, request, mode_name):
        return "newsletter/issue_web.html" if mode_name == "web" else "newsletter/email/lettre.html"

    def get_preview_context(self, request, mode_name):
        from magazine.newsletter.composing import issue_context

        return issue_context(self, request)


class IssueArticle(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="+", verbose_name="article"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = "article du numéro"


class Send(models.Model):
    """One sending of the lettre: a numéro, an alert (what was just published) or the week's
    digest; its deliveries say who it goes to."""

    class Kind(models.TextChoices):
        ISSUE = "issue", "numéro"
        ALERT = "alert", "alerte"
        DIGEST = "digest", "récapitulatif de la semaine"

    kind = models.CharField("nature", max_length=8, choices=Kind)
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.PROTECT, related_name="sends"
    )
    articles = models.ManyToManyField(ArticlePage, blank=True, related_name="+")
    # Alerts and digests: the articles published up to then are in it (the next starts there).
    until = models.DateTimeField("articles publiés jusqu’au", null=True, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "envoi"
        indexes = [models.Index(fields=["kind", "-until"])]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.created_at:%d/%m/%Y %H:%M}"


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            state=Delivery.State.PENDING, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")


class Delivery(models.Model):
    """One e-mail of a send to one subscriber: pending → (claimed) → sending → sent / failed.

    A worker claims a batch (`claimed`), then marks each message `sending` just before handing it
    to the mail server and `sent` once the server took it. A worker killed meanwhile leaves
    `claimed` rows (never handed over: sent later by anyone) and at most one `sending` row per
    connection (perhaps received: never sent again, recorded as interrupted)."""

    class State(models.TextChoices):
        PENDING = "pending", "à envoyer"
        CLAIMED = "claimed", "pris en charge"
        SENDING = "sending", "en cours d’envoi"
        SENT = "sent", "envoyé"
        FAILED = "failed", "échec"
        SKIPPED = "skipped", "sans objet (désabonné·e entre-temps)"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField("état", max_length=8, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    error = models.CharField("erreur", max_length=300, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = "envoi à un·e abonné·e"
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="one_delivery_per_send")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["claim"]),
        ]

    def __str__(self):
        return f"{self.send} : {self.get_state_display()}"


def lease_seconds():
    """How long a claim stays a live worker's: past it, its worker is taken for dead."""
    return settings.NEWSLETTER_LEASE_SECONDS
