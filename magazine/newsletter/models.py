"""A reader who asked for the newsletter, and the proof of their consent.

No IP address, no user agent, nothing about what they read: the dates, the wording they
agreed to (`CONSENT_VERSION`), what they follow.
"""

from django.db import models
from django.utils import timezone

from magazine.taxonomy.models import Territory, Theme

# The wording of the consent box; a new wording gets a new version, kept with each consent.
CONSENT_VERSION = "2026-12"
CONSENT_TEXT = (
    "J’accepte de recevoir la lettre du Mag à cette adresse. Je peux me désabonner à tout "
    "moment par le lien présent dans chaque lettre."
)


# A subscription not confirmed within this many days is deleted (the link has expired).
PENDING_DAYS = 7


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Subscriber.State.CONFIRMED)

    def expired(self, now=None):
        """Subscriptions never confirmed, whose confirmation link has expired."""
        limit = (now or timezone.now()) - timezone.timedelta(days=PENDING_DAYS)
        return self.filter(state=Subscriber.State.PENDING, asked_at__lt=limit)


class Subscriber(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "en attente de confirmation"
        CONFIRMED = "confirmed", "abonné·e"
        UNSUBSCRIBED = "unsubscribed", "désabonné·e"

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
            "consentement": {"version": self.consent_version, "texte": CONSENT_TEXT},
            "demande_le": self.asked_at.isoformat(),
            "confirme_le": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "desabonne_le": self.unsubscribed_at.isoformat() if self.unsubscribed_at else None,
        }

    def confirm(self):
        if self.state != self.State.CONFIRMED:
            self.state, self.confirmed_at, self.unsubscribed_at = (
                self.State.CONFIRMED,
                timezone.now(),
                None,
            )
            self.save(update_fields=["state", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        if self.state != self.State.UNSUBSCRIBED:
            self.state, self.unsubscribed_at = self.State.UNSUBSCRIBED, timezone.now()
            self.save(update_fields=["state", "unsubscribed_at"])
