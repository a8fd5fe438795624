"""Readers of the demo who subscribed to the newsletter and confirmed (example.org addresses)."""

from django.utils import timezone

from magazine.newsletter.models import CONSENT_VERSION, Subscriber
from magazine.taxonomy.models import Territory, Theme


def load_subscribers():
    now = timezone.now()
    readers = [
        ("lectrice.cantal@example.org", Subscriber.Frequency.EACH, "inclusion-numerique"),
        ("agent.metropole@example.org", Subscriber.Frequency.WEEKLY, None),
    ]
    for email, frequency, theme_slug in readers:
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "state": Subscriber.State.CONFIRMED,
                "frequency": frequency,
                "consent_version": CONSENT_VERSION,
                "asked_at": now,
                "confirmed_at": now,
            },
        )
        if created and theme_slug:
            subscriber.themes.set(Theme.objects.filter(slug=theme_slug))
            subscriber.territories.set(Territory.objects.order_by("pk")[:1])
