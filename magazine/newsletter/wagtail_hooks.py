"""« Lettre » in the admin: the numéros (compose, preview as e-mail and web page, send) and the
subscribers (counts, CSV export); its wording is under « Paramètres › Lettre d’information »."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from magazine.articles.models import ArticlePage
from magazine.newsletter.admin_views import IssueSendView, SubscriberImportView
from magazine.newsletter.models import Issue, IssueArticle, Subscriber
from magazine.operations.spreadsheets import FormulaSafeExportMixin

# How many articles a new numéro proposes at most (the latest published since the last one).
PROPOSED = 12


def _send_url(issue):
    return reverse("newsletter_admin:send", args=[issue.pk])


class IssueCreateView(CreateView):
    def get_initial_form_instance(self):
        """A new numéro proposes the articles published since the previous one was sent."""
        issue = Issue()
        articles = ArticlePage.objects.published()
        if last := Issue.objects.sent().first():
            articles = articles.filter(first_published_at__gt=last.sent_at)
        issue.items = [
            IssueArticle(article=article, sort_order=order)
            for order, article in enumerate(articles.order_by("-first_published_at")[:PROPOSED])
        ]
        return issue

    def get_success_url(self):
        return _send_url(self.object)


class IssueEditView(EditView):
    """A numéro sent is as its readers got it: no longer edited."""

    def dispatch(self, request, *args, **kwargs):
        issue = Issue.objects.filter(pk=kwargs.get("pk")).first()
        if issue is not None and issue.state == Issue.State.SENT:
            messages.warning(request, "Ce numéro est envoyé : il ne se modifie plus.")
            return redirect(_send_url(issue))
        return super().dispatch(request, *args, **kwargs)

    @property
    def header_buttons(self):
        return [HeaderButton("Envoyer…", url=_send_url(self.object), icon_name="mail")]

    def get_success_url(self):
        return _send_url(self.object)


class IssueIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            ListingButton("Envoyer…", url=_send_url(instance), icon_name="mail", priority=5),
            *super().get_list_more_buttons(instance),
        ]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "mail"
    menu_label = "Numéros"
    add_view_class = IssueCreateView
    edit_view_class = IssueEditView
    index_view_class = IssueIndexView
    list_display = ["subject", "number", "state", "scheduled_for", "sent_at"]
    list_filter = ["state"]
    ordering = ["-created_at"]


class SubscriberIndexView(FormulaSafeExportMixin, IndexView):
    """The subscribers, with counts by state and by follow above the list; CSV export whose
    cells cannot be read as spreadsheet formulas; « Importer » a list kept elsewhere."""

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("newsletter.add_subscriber"):
            buttons.append(
                HeaderButton("Importer", url=reverse("newsletter_admin:import"), icon_name="upload")
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_state = dict(Subscriber.objects.values_list("state").annotate(n=Count("pk")).order_by())
        confirmed = Subscriber.objects.confirmed()
        context["counts"] = {
            "states": [(label, by_state.get(key, 0)) for key, label in Subscriber.State.choices],
            "frequencies": [
                (label, confirmed.filter(frequency=key).count())
                for key, label in Subscriber.Frequency.choices
            ],
            "themes": confirmed.values_list("themes__name")
            .annotate(n=Count("pk"))
            .exclude(themes=None)
            .order_by("-n", "themes__name"),
            "territories": confirmed.values_list("territories__name")
            .annotate(n=Count("pk"))
            .exclude(territories=None)
            .order_by("-n", "territories__name"),
        }
        return context


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Abonné·es"
    index_view_class = SubscriberIndexView
    index_template_name = "newsletter/admin/subscribers.html"
    list_display = ["email", "state", "frequency", Column("confirmed_at", label="confirmé le")]
    list_filter = ["state", "frequency"]
    list_export = [
        "email",
        "state",
        "frequency",
        "consent_version",
        "origin",
        "asked_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    export_filename = "abonnes-lettre"
    search_fields = ["email"]
    ordering = ["-asked_at"]
    inspect_view_enabled = True


class NewsletterGroup(SnippetViewSetGroup):
    items = (IssueViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = "Lettre"
    menu_order = 180


register_snippet(NewsletterGroup)


@hooks.register("register_admin_urls")
def send_urls():
    from django.urls import include

    urls = [
        path("numeros/<int:pk>/envoyer/", IssueSendView.as_view(), name="send"),
        path("abonnes/importer/", SubscriberImportView.as_view(), name="import"),
    ]
    return [path("lettre/", include((urls, "newsletter_admin"), namespace="newsletter_admin"))]
