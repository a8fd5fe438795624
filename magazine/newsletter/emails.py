"""The e-mails a subscriber gets: plain text and light HTML, no remote image, no tracking."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from magazine.newsletter.tokens import CONFIRM_DAYS, make_token


def send_confirmation(subscriber, request):
    context = {
        "confirm_url": request.build_absolute_uri(
            reverse("newsletter:confirm", args=[make_token(subscriber, "confirm")])
        ),
        "unsubscribe_url": request.build_absolute_uri(
            reverse("newsletter:unsubscribe", args=[make_token(subscriber, "unsubscribe")])
        ),
        "manage_url": request.build_absolute_uri(
            reverse("newsletter:manage", args=[make_token(subscriber, "manage")])
        ),
        "days": CONFIRM_DAYS,
    }
    message = EmailMultiAlternatives(
        subject="Confirmez votre abonnement à la lettre du Mag",
        body=render_to_string("newsletter/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("newsletter/email/confirm.html", context), "text/html"
    )
    message.send()
