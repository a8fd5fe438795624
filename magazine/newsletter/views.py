"""/lettre/: subscribe (double opt-in), confirm, unsubscribe.

The subscribe form sits on reading pages, which set no cookie and are stored by the page
cache: it cannot carry a CSRF token. The endpoint is protected otherwise — the request must come
from this site's own pages (`Origin`, or `Sec-Fetch-Site`), a field hidden from people must stay
empty, the size of what is posted is bounded, and each client and each address may ask only a
few times (`LIMITS`) — and double opt-in is what proves consent: nothing is sent to an address
but the confirmation link until its owner follows it. The answer is the same whether the address
was known or not. Confirming and unsubscribing are authorised by the signed link itself.
"""

import functools
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from magazine.newsletter.composing import issue_context
from magazine.newsletter.emails import send_confirmation
from magazine.newsletter.forms import ManageForm, SubscribeForm
from magazine.newsletter.models import CONSENT_VERSION, Issue, Subscriber
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
    if len(request.body) > MAX_BODY_BYTES:  # beyond Django's own limit: a 400 already
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


def signed_link(purpose, invalid, elsewhere=None, max_age=None, methods=("GET", "HEAD", "POST")):
    """A view of the subscriber that the signed link of `purpose` in its URL names, given to the
    view with the link's token: never cached, authorised by the link itself (no CSRF token). A
    forged or expired link gets `invalid`; a POST from another site gets `elsewhere`, unless
    that is None (RFC 8058's one-click unsubscribe comes from the mail client)."""

    def decorate(view):
        @never_cache
        @csrf_exempt
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def checked(request, token):
            subscriber = read_token(token, purpose, max_age=max_age)
            if subscriber is None:
                return _refused(request, invalid)
            if request.method == "POST" and elsewhere and not _same_site(request):
                return _refused(request, elsewhere, 403)
            return view(request, subscriber, token)

        return checked

    return decorate


@signed_link(
    "confirm",
    "Ce lien de confirmation n’est pas valable ou a expiré (il vaut "
    f"{CONFIRM_DAYS}\u00a0jours) : abonnez-vous à nouveau.",
    elsewhere="Confirmez depuis la page du Mag.",
    max_age=CONFIRM_DAYS * 24 * 3600,
)
def confirm(request, subscriber, token):
    if request.method == "POST":
        subscriber.confirm()
        return render(
            request,
            "newsletter/confirmed.html",
            {"subscriber": subscriber, "manage_token": make_token(subscriber, "manage")},
        )
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@signed_link("unsubscribe", "Ce lien de désabonnement n’est pas valable.")
def unsubscribe(request, subscriber, token):
    """A page with a button; a POST unsubscribes at once (also RFC 8058's one-click POST, sent
    by mail clients from another origin: the signed link is the authority)."""
    if request.method == "POST":
        subscriber.unsubscribe()
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


MANAGE_LINK_INVALID = "Ce lien vers votre abonnement n’est pas valable."


@signed_link(
    "manage", MANAGE_LINK_INVALID, elsewhere="Modifiez votre abonnement depuis sa page sur le Mag."
)
def manage(request, subscriber, token):
    """The subscriber's own page: what they follow and how often; their data."""
    if request.method == "POST":
        form = ManageForm(request.POST, instance=subscriber)
        if form.is_valid():
            form.instance.last_active_at = timezone.now()
            form.save()
            return redirect(f"{request.path}?enregistre=1")
    else:
        form = ManageForm(instance=subscriber)
    context = {
        "subscriber": subscriber,
        "form": form,
        "token": token,
        "unsubscribe_token": make_token(subscriber, "unsubscribe"),
        "saved": request.method != "POST" and request.GET.get("enregistre") == "1",
    }
    return render(request, "newsletter/manage.html", context, status=400 if form.errors else 200)


@signed_link("manage", MANAGE_LINK_INVALID, methods=("GET", "HEAD"))
def download(request, subscriber, token):
    response = JsonResponse(
        subscriber.as_data(),
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="lettre-du-mag-mes-donnees.json"'
    return response


@signed_link(
    "manage",
    MANAGE_LINK_INVALID,
    elsewhere="Supprimez vos données depuis leur page sur le Mag.",
)
def delete(request, subscriber, token):
    """Deleting is for good: the page asks first, the button deletes."""
    if request.method == "POST":
        subscriber.delete()
        return render(request, "newsletter/deleted.html")
    return render(request, "newsletter/delete.html", {"subscriber": subscriber, "token": token})


def issues(request):
    """The web archive of the numéros sent: what they said, nothing about who got them."""
    return render(request, "newsletter/issues.html", {"issues": Issue.objects.sent()})


def issue(request, number):
    sent = get_object_or_404(Issue.objects.sent().prefetch_related("items__article"), number=number)
    return render(request, "newsletter/issue_web.html", issue_context(sent, request))
