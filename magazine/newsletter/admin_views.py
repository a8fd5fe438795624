"""The rédaction's screens for the lettre: a numéro's page to test, send or schedule it, and
the subscribers' counts (no reading data: none is collected)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from magazine.newsletter import importing, queueing
from magazine.newsletter.composing import Composer
from magazine.newsletter.models import Delivery, Issue, Send, Subscriber

SEND_PERMISSION = "newsletter.send_issue"


def can_send(user):
    return user.has_perm(SEND_PERMISSION)


class IssueSendView(WagtailAdminTemplateMixin, TemplateView):
    """« Envoyer » for one numéro: a test to oneself, now, at a date, or no longer scheduled."""

    template_name = "newsletter/admin/send.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm("newsletter.change_issue"):
            raise PermissionDenied
        self.issue = get_object_or_404(Issue, pk=pk)
        return super().dispatch(request, pk)

    @property
    def page_title(self):
        return f"Envoyer : {self.issue.subject}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailsnippets_newsletter_issue:list"), "label": "Numéros"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = Delivery.objects.filter(send__issue=self.issue)
        context.update(
            issue=self.issue,
            recipients=Subscriber.objects.receiving().count(),
            can_send=can_send(self.request.user),
            states=dict(deliveries.values_list("state").annotate(count=Count("pk")).order_by()),
            state_labels=dict(Delivery.State.choices),
            edit_url=reverse("wagtailsnippets_newsletter_issue:edit", args=[self.issue.pk]),
            error=kwargs.get("error"),
            when=kwargs.get("when", ""),
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "test":
            return self._test()
        if not can_send(request.user):
            raise PermissionDenied
        if self.issue.state == Issue.State.SENT:
            messages.error(request, "Ce numéro est déjà envoyé.")
        elif action == "send":
            if queueing.send_issue(self.issue):
                messages.success(
                    request,
                    f"Le numéro {self.issue.number} part vers ses abonné·es : le travailleur "
                    "l’envoie par lots.",
                )
        elif action == "schedule":
            when, error = _when(request.POST.get("when", ""))
            if error:
                return self.render_to_response(
                    self.get_context_data(error=error, when=request.POST.get("when", "")),
                    status=400,
                )
            queueing.schedule_issue(self.issue, when)
            messages.success(
                request,
                f"Envoi programmé le {timezone.localtime(when):%d/%m/%Y à %H:%M}.",
            )
        elif action == "unschedule":
            queueing.unschedule_issue(self.issue)
            messages.success(request, "Programmation annulée : le numéro reste un brouillon.")
        return redirect(request.path)

    def _test(self):
        address = self.request.user.email
        if not address:
            messages.error(
                self.request,
                "Votre compte n’a pas d’adresse électronique : ajoutez-la à votre profil.",
            )
            return redirect(self.request.path)
        send = Send(kind=Send.Kind.ISSUE, issue=self.issue, pk=0)
        test = Subscriber(pk=0, email=address)
        message = Composer().message(Delivery(send=send, subscriber=test))
        message.subject = f"[Essai] {message.subject}"
        message.send()
        messages.success(self.request, f"Essai envoyé à {address}.")
        return redirect(self.request.path)


def _when(text):
    """The date and time typed (the site's time zone), or an error in French."""
    try:
        naive = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return None, "Indiquez la date et l’heure de l’envoi (jj/mm/aaaa hh:mm)."
    when = timezone.make_aware(naive) if timezone.is_naive(naive) else naive
    if when <= timezone.now():
        return None, "Cette date est passée : choisissez un moment à venir, ou envoyez maintenant."
    return when, None


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV",
        help_text="Une adresse par ligne, dans une colonne « email » ou « courriel » (UTF-8 ou "
        "Windows-1252, séparateur virgule ou point-virgule).",
    )
    origin = forms.CharField(
        label="Origine du consentement",
        max_length=200,
        help_text="Où et comment ces personnes ont demandé à recevoir la lettre (« formulaire "
        "de l’ancien site, 2019-2026 ») : gardé avec chaque abonnement.",
    )
    frequency = forms.ChoiceField(
        label="Fréquence", choices=Subscriber.Frequency.choices, initial="weekly"
    )


class SubscriberImportView(WagtailAdminTemplateMixin, TemplateView):
    """Importing a list kept by another tool: nothing is sent until told."""

    template_name = "newsletter/admin/import.html"
    page_title = "Importer des abonné·es"
    header_icon = "upload"

    def dispatch(self, request):
        if not request.user.has_perm("newsletter.add_subscriber"):
            raise PermissionDenied
        return super().dispatch(request)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailsnippets_newsletter_subscriber:list"),
                "label": "Abonné·es",
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise importing.ImportRefused(
                    "Le fichier dépasse 5 Mo : découpez-le en plusieurs imports."
                )
            outcome = importing.import_subscribers(
                upload.read(), form.cleaned_data["origin"], form.cleaned_data["frequency"]
            )
        except importing.ImportRefused as refusal:
            form.add_error("file", str(refusal))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            f"{outcome.added} abonné·e(s) importé·e(s), {outcome.known} déjà connu·e(s) "
            "(laissé·es tel·les quel·les). Aucun courriel n’est parti : ils recevront le "
            "prochain envoi.",
        )
        return self.render_to_response(self.get_context_data(form=ImportForm(), outcome=outcome))
