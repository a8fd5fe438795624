import re

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, json_script
from django.utils.text import capfirst
from wagtail import hooks

from magazine.articles.models import ArticlePage
from magazine.articles.models.pages import LONG_READ_MINUTES, PUBLICATION_RULES, body_text
from magazine.core.typography import french_date
from magazine.editorial import checks, copies, notifications
from magazine.editorial.models import ReviewTask
from magazine.editorial.publication import publication_refusal
from magazine.glossary import acronyms

# No article goes live without a counted review, whatever the path to its publication.
hooks.register(PUBLICATION_RULES, publication_refusal)


@hooks.register("before_edit_page")
def explain_why_you_cannot_review(request, page):
    """Tell a reviewer, in French, why the approval buttons are missing on their own article."""
    state = page.current_workflow_task_state
    task = state.task.specific if state else None
    if not isinstance(task, ReviewTask) or not task._user_in_groups(request.user):
        return
    if reason := task.refusal_reason(page, request.user):
        messages.warning(
            request,
            f"Vous ne pouvez pas relire cet article : {reason}. "
            "Un·e autre relecteur·rice du collectif doit s’en charger.",
        )


def _refusal(page):
    page = page.specific
    return publication_refusal(page) if isinstance(page, ArticlePage) else None


@hooks.register("construct_page_action_menu")
def no_publish_button_before_review(menu_items, request, context):
    """« Publier » is not offered on an article no one may publish yet (refused anyway)."""
    page = context.get("page")
    if isinstance(page, ArticlePage) and publication_refusal(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_bulk_action")
def no_bulk_publication_before_review(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    refused = [page for page in objects if _refusal(page)]
    if not refused:
        return None
    titles = ", ".join(f"« {page.get_admin_display_title()} »" for page in refused)
    messages.error(request, f"Publication impossible, articles non relus : {titles}.")
    return redirect(action_class_instance.next_url or reverse("wagtailadmin_explore_root"))


@hooks.register("before_copy_page")
def no_published_copy_of_an_article(request, page):
    """« Publier la copie » is refused when a live article is among the pages copied
    (`magazine.editorial.copies`); an alias is not a copy."""
    if request.method != "POST" or request.POST.get("alias"):
        return None
    if not request.POST.get("publish_copies"):
        return None
    if reason := copies.copy_refusal(page, bool(request.POST.get("copy_subpages"))):
        messages.error(request, reason)
        return redirect(request.get_full_path())
    return None


@hooks.register("construct_admin_api")
def reviewed_copies_through_the_api(router):
    router.register_endpoint("pages", copies.ReviewedPagesAdminAPIViewSet)


@hooks.register("insert_editor_js")
def editor_words_in_french():
    """« Edit », « Remove », « ↑ Go to reference » written by the editor's scripts, in French."""
    return format_html('<script src="{}" defer></script>', static("editorial/french.js"))


@hooks.register("register_log_actions")
def register_notification_failures(actions):
    """A failed e-mail shows in the article's history as « Notification non envoyée »."""
    actions.register_action(notifications.FAILED)(notifications.NotificationFailed)


hooks.register("construct_homepage_panels", notifications.add_failed_notifications_panel)


def _field_label(page, contentpath):
    """« Chapô » for a comment on `chapo`, « Corps de l’article » for one on a block of `body`."""
    name = contentpath.split(".", 1)[0]
    try:
        return capfirst(page._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@hooks.register("before_edit_page")
def show_the_send_back_comment(request, page):
    """The reviewer's comment when sending back is at the top of the editor until the next
    submission: the writer works where the request for changes is."""
    state = page.current_workflow_state
    if request.method != "GET" or state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return
    rejected = state.current_task_state
    who = rejected.finished_by.get_full_name() or rejected.finished_by.get_username()
    when = french_date(timezone.localtime(rejected.finished_at))
    said = rejected.comment.strip()
    comment = f" : « {said} »" if said else " (sans commentaire)"
    if not said.endswith((".", "!", "?", "…")):
        comment += "."
    paths = list(
        page.wagtail_admin_comments.filter(resolved_at__isnull=True).values_list(
            "contentpath", flat=True
        )
    )
    beside = ""
    if paths:
        fields = ", ".join(dict.fromkeys(_field_label(page, path) for path in paths))
        many = len(paths) > 1
        beside = (
            f" {len(paths)} commentaire{'s' if many else ''} dans le texte ({fields}), à droite "
            f"du champ : archivez-{'les' if many else 'le'} une fois réglé{'s' if many else ''}."
        )
    messages.warning(
        request,
        f"Renvoyé pour modifications par {who} le {when}{comment}{beside} "
        "Corrigez puis soumettez à nouveau.",
        extra_tags="send-back",  # the editor's script puts it at the top of the form
    )


_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


def _en_bref_advice(page):
    summary = page.summary.strip()
    if not summary and page.reading_time >= LONG_READ_MINUTES:
        return (
            f"Conseil : cet article se lit en {page.reading_time} minutes. Un « En bref » de "
            "trois phrases simples (onglet Contenu) aidera qui n’a pas le temps de tout lire."
        )
    if (sentences := len(_SENTENCE_END.findall(summary))) > 3:
        return (
            f"Conseil : l’« En bref » compte {sentences} phrases ; trois phrases simples "
            "suffisent, le reste a sa place dans l’article."
        )
    return None


def _acronym_advice(page):
    text = f"{page.chapo} {body_text(page.body)}"
    unexplained = acronyms.unexplained(text)
    if not unexplained:
        return None
    return (
        "Conseil : sigles ni développés ni dans le glossaire : "
        + ", ".join(unexplained)
        + ". Écrivez leur forme développée à leur première apparition, « … (SIGLE) », ou "
        "demandez à la rédaction de les ajouter au glossaire."
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def advise_the_writer(request, page):
    """Advice, never a block, after saving an article: an « En bref » for a long read (or a
    shorter one), the acronyms a reader could not decode."""
    if not isinstance(page, ArticlePage):
        return
    for advice in (_en_bref_advice(page), _acronym_advice(page)):
        if advice:
            messages.info(request, advice)


@hooks.register("insert_editor_js")
def quality_gate_links():
    """Where the quality gate's problems are fixed, for the editor's script (newsroom's
    editor.js) to link each « à corriger dans : … » to its field."""
    return json_script(
        {label: field for field, label in checks.WHERE.items()}, "quality-gate-fields"
    )
