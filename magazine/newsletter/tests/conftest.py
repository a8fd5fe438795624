import pytest
from django.utils import timezone

from magazine.newsletter.models import CONSENT_VERSION, Subscriber


@pytest.fixture
def subscribe(db):
    """A confirmed subscriber: `subscribe("a@example.org", "each", themes=[…])`."""

    def make(email, frequency="each", themes=(), territories=(), state="confirmed"):
        now = timezone.now()
        subscriber = Subscriber.objects.create(
            email=email,
            frequency=frequency,
            state=state,
            consent_version=CONSENT_VERSION,
            asked_at=now,
            confirmed_at=now,
        )
        subscriber.themes.set(themes)
        subscriber.territories.set(territories)
        return subscriber

    return make


@pytest.fixture
def only(subscribe):
    """Only the subscribers a test makes (the demo's two are unsubscribed)."""
    Subscriber.objects.update(state=Subscriber.State.UNSUBSCRIBED)
    return subscribe
