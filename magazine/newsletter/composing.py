"""The lettre's e-mails, composed once per send (and per choice of articles), then given each
subscriber's own links: plain text and light HTML, no remote image, no tracking pixel, links
left as they are; the headers mail programs use to unsubscribe in one click (RFC 8058), a
Message-ID that stays the same if the e-mail is tried again, and a DKIM signature when a key is
configured."""

import functools
import re
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from magazine.newsletter import signatures
from magazine.newsletter.models import NewsletterSettings, Send
from magazine.newsletter.tokens import make_token

# Stand-ins for each subscriber's own links, replaced in the text composed once.
MANAGE, UNSUBSCRIBE = "lettre-lien-gerer-0000", "lettre-lien-desabonner-0000"


def absolute(path):
    if "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@functools.cache
def _host(base_url):
    return re.sub(r"^[a-z]+://|[:/].*$", "", base_url) or "localhost"


def host():
    """The site's host name, for List-Id and Message-ID (parsed once per base URL)."""
    return _host(settings.WAGTAILADMIN_BASE_URL)


def article_item(article):
    return {
        "title": article.title,
        "url": absolute(article.url),
        "chapo": article.chapo,
        "date": article.first_published_at,
    }


def site_settings():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return NewsletterSettings.for_site(site) if site else NewsletterSettings()


def issue_context(issue, request=None):
    """What a numéro shows, in its e-mail, its web page and the previews of both (callers listing
    several numéros prefetch `items__article`)."""
    chosen = site_settings()
    return {
        "issue": issue,
        "subject": chosen.issue_subject.format(numero=issue.number or "…", objet=issue.subject),
        "heading": issue.subject,
        "introduction": issue.introduction,
        "articles": [article_item(item.article) for item in issue.items.all()],
        "web_url": absolute(reverse("newsletter:issue", args=[issue.number]))
        if issue.number
        else "",
        "footer": chosen.footer,
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
    }


def articles_context(send, articles):
    chosen = site_settings()
    if send.kind == Send.Kind.DIGEST:
        count = len(articles)
        subject = chosen.digest_subject.format(
            articles=f"{count} article{'s' if count > 1 else ''}"
        )
        heading = "Les articles de la semaine"
    else:
        subject = chosen.alert_subject.format(titre=articles[0].title)
        heading = "Nouveau dans Le Mag" if len(articles) == 1 else "Nouveaux articles"
    return {
        "subject": subject,
        "heading": heading,
        "articles": [article_item(article) for article in articles],
        "footer": chosen.footer,
        "manage_url": MANAGE,
        "unsubscribe_url": UNSUBSCRIBE,
    }


class Composer:
    """Composes the e-mails of the deliveries of one batch: each send's text once (each choice
    of articles once, for alerts and digests), then each subscriber's links put in."""

    def __init__(self):
        self._parts = {}
        self._sender = None

    def sender(self):
        if self._sender is None:
            name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
            self._sender = formataddr((site_settings().sender_name or name, address))
        return self._sender

    def parts(self, send, articles):
        key = (send.pk, tuple(article.pk for article in articles))
        if key not in self._parts:
            if send.kind == Send.Kind.ISSUE:
                context = issue_context(send.issue)
            else:
                context = articles_context(send, articles)
            self._parts[key] = (
                context["subject"],
                render_to_string("newsletter/email/lettre.txt", context),
                render_to_string("newsletter/email/lettre.html", context),
            )
        return self._parts[key]

    def message(self, delivery, articles=()):
        subscriber, send = delivery.subscriber, delivery.send
        subject, text, html = self.parts(send, articles)
        manage = absolute(reverse("newsletter:manage", args=[make_token(subscriber, "manage")]))
        unsubscribe = absolute(
            reverse("newsletter:unsubscribe", args=[make_token(subscriber, "unsubscribe")])
        )
        links = {MANAGE: manage, UNSUBSCRIBE: unsubscribe}

        def personal(body):
            for stand_in, url in links.items():
                body = body.replace(stand_in, url)
            return body

        message = signatures.SignedEmail(
            subject=subject,
            body=personal(text),
            from_email=self.sender(),
            to=[subscriber.email],
            headers={
                "Message-ID": f"<lettre-{send.pk}-{subscriber.pk}@{host()}>",
                "List-Id": f"La lettre du Mag <lettre.{host()}>",
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "list",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(personal(html), "text/html")
        return message
