"""Signed links for a subscriber: no account, no password, no token stored.

A link says which subscriber and what for, signed with the site's secret; it names neither the
address (URLs end up in logs) nor anything else personal, only a short digest of the address,
so that a link stops working if the address it was made for is no longer the subscriber's.
"""

import hashlib

from django.core import signing

from magazine.newsletter.models import PENDING_DAYS, Subscriber

SALT = "magazine.newsletter"
CONFIRM_DAYS = PENDING_DAYS  # a confirmation link lasts as long as its pending subscription


def _digest(email):
    return hashlib.sha256(email.encode()).hexdigest()[:12]


def make_token(subscriber, purpose):
    return signing.dumps([subscriber.pk, _digest(subscriber.email), purpose], salt=SALT)


def read_token(token, purpose, max_age=None):
    """The subscriber a link is for, or None (forged, expired, for something else, or for an
    address that is no longer theirs)."""
    try:
        pk, digest, said = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if said != purpose:
        return None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _digest(subscriber.email) != digest:
        return None
    return subscriber
