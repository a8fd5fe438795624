"""DKIM: each e-mail of the lettre signed with the collective's key, when one is configured
(LEMAG_DKIM_KEY_FILE, LEMAG_DKIM_SELECTOR, LEMAG_DKIM_DOMAIN), so that receiving servers can
check it comes from the magazine's domain. dkimpy signs; the public key is published in DNS
at <selector>._domainkey.<domain> (see the README)."""

import functools
import re
from email.utils import parseaddr
from pathlib import Path

import dkim
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

SIGNED_HEADERS = [
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"list-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"mime-version",
    b"content-type",
]


@functools.cache
def _key(path):
    return Path(path).read_bytes()


def signer():
    """(selector, domain, private key), or None when no key is configured."""
    path = getattr(settings, "NEWSLETTER_DKIM_KEY_FILE", "")
    if not path:
        return None
    domain = settings.NEWSLETTER_DKIM_DOMAIN or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return (
        settings.NEWSLETTER_DKIM_SELECTOR.encode(),
        domain.rpartition("@")[2].encode(),
        _key(path),
    )


class SignedEmail(EmailMultiAlternatives):
    """An e-mail that carries a DKIM signature of itself, made as it is turned into bytes."""

    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        if (key := signer()) is None:
            return message
        selector, domain, private_key = key
        signature = dkim.sign(
            message.as_bytes(linesep="\r\n"),
            selector,
            domain,
            private_key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=SIGNED_HEADERS,
        )
        name, value = signature.decode().split(":", 1)
        # Unfolded (a header set here may not span lines); relaxed canonicalisation and the
        # b= tag's own rule ignore the folding whitespace.
        message[name] = re.sub(r"\s+", " ", value).strip()
        return message
