"""/lettre/: subscribe (double opt-in), confirm, unsubscribe.

The subscribe form sits on reading pages, which set no cookie and are stored by the page
cache: it cannot carry a CSRF token. The endpoint is protected otherwise — the request must come
from this site's own pages (`Origin`, or `Sec-Fetch-Site`), a field hidden from people must stay
empty, the size of what is posted is bounded, and each client and each address may ask only a
few times (`LIMITS`) — and double opt-in is what proves consent: nothing is sent to an address
but the confirmation link until its owner follows it. The answer is the same whether the address
was known or not. Confirming and unsubscribing are authorised by the signed link itself.
"""

import json
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from magazine.newsletter.emails import send_confirmation
from magazine.newsletter.forms import ManageForm, SubscribeForm
from magazine.newsletter.models import CONSENT_VERSION, Subscriber
from magazine.newsletter.tokens import CONFIRM_DAYS, make_token, read_token
from magazine.operations.logs import client_ip

# How many requests per hour: from one client; confirmation e-mails per address (so that the
# form cannot be used to flood someone's mailbox).
LIMITS = {"client": 10, "address": 3}
MAX_BODY_BYTES = 16 * 1024


def _same_site(request):
    origin = request.headers.get("Origin")
    if origin:
        return urlsplit(origin).netloc == request.get_host()
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


def _within_limit(kind, key):
    name = f"lettre:{kind}:{key}"
    cache.add(name, 0, timeout=3600)
    try:
        return cache.incr(name) <= LIMITS[kind]
    except ValueError:  # expired between add and incr
        return True


def _refused(request, message, status=400):
    return render(request, "newsletter/refused.html", {"message": message}, status=status)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html", {"form": SubscribeForm()})
    if (
        not str(request.headers.get("Content-Length") or 0).isdigit()
        or int(request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES
    ):
        return _refused(request, "Le formulaire envoyé est trop long.", status=413)
    if not _same_site(request):
        return _refused(request, "Ce formulaire ne s’envoie que depuis les pages du Mag.", 403)
    if not _within_limit("client", client_ip(request)):
        return _refused(
            request, "Trop de demandes depuis votre connexion : réessayez dans une heure.", 429
        )
    form = SubscribeForm(request.POST)
    if form.is_from_a_robot():
        return render(request, "newsletter/sent.html")  # said as to anyone, nothing done
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if _within_limit("address", email):
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(
                email=email, defaults={"consent_version": CONSENT_VERSION}
            )
            if subscriber.state != Subscriber.State.CONFIRMED:
                subscriber.state = Subscriber.State.PENDING
                subscriber.consent_version = CONSENT_VERSION
                subscriber.asked_at = timezone.now()
                subscriber.frequency = form.cleaned_data["frequency"]
                subscriber.save()
                subscriber.themes.set(form.cleaned_data["themes"])
                subscriber.territories.set(form.cleaned_data["territories"])
        send_confirmation(subscriber, request)
    return render(request, "newsletter/sent.html")


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscriber = read_token(token, "confirm", max_age=CONFIRM_DAYS * 24 * 3600)
    if subscriber is None:
        return _refused(
            request,
            "Ce lien de confirmation n’est pas valable ou a expiré (il vaut "
            f"{CONFIRM_DAYS}\u00a0jours) : abonnez-vous à nouveau.",
        )
    if request.method == "POST":
        if not _same_site(request):
            return _refused(request, "Confirmez depuis la page du Mag.", 403)
        subscriber.confirm()
        return render(
            request,
            "newsletter/confirmed.html",
            {"subscriber": subscriber, "manage_token": make_token(subscriber, "manage")},
        )
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """A page with a button; a POST unsubscribes at once (also RFC 8058's one-click POST, sent
    by mail clients from another origin: the signed link is the authority)."""
    subscriber = read_token(token, "unsubscribe")
    if subscriber is None:
        return _refused(request, "Ce lien de désabonnement n’est pas valable.")
    if request.method == "POST":
        subscriber.unsubscribe()
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


def _manage_link_refused(request):
    return _refused(request, "Ce lien vers votre abonnement n’est pas valable.")


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The subscriber's own page: what they follow and how often; their data."""
    subscriber = read_token(token, "manage")
    if subscriber is None:
        return _manage_link_refused(request)
    saved = False
    if request.method == "POST":
        if not _same_site(request):
            return _refused(request, "Modifiez votre abonnement depuis sa page sur le Mag.", 403)
        form = ManageForm(request.POST, instance=subscriber)
        if form.is_valid():
            form.save()
            return redirect(f"{request.path}?enregistre=1")
    else:
        form = ManageForm(instance=subscriber)
        saved = request.GET.get("enregistre") == "1"
    context = {
        "subscriber": subscriber,
        "form": form,
        "token": token,
        "unsubscribe_token": make_token(subscriber, "unsubscribe"),
        "saved": saved,
    }
    return render(request, "newsletter/manage.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "HEAD"])
def download(request, token):
    subscriber = read_token(token, "manage")
    if subscriber is None:
        return _manage_link_refused(request)
    response = HttpResponse(
        json.dumps(subscriber.as_data(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="lettre-du-mag-mes-donnees.json"'
    return response


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    """Deleting is for good: the page asks first, the button deletes."""
    subscriber = read_token(token, "manage")
    if subscriber is None:
        return _manage_link_refused(request)
    if request.method == "POST":
        if not _same_site(request):
            return _refused(request, "Supprimez vos données depuis leur page sur le Mag.", 403)
        subscriber.delete()
        return render(request, "newsletter/deleted.html")
    return render(request, "newsletter/delete.html", {"subscriber": subscriber, "token": token})
