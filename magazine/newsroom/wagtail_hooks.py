from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from magazine.articles.models import Audience
from magazine.newsroom import panels, views
from magazine.newsroom.listing import articles_listing

hooks.register("construct_homepage_panels", panels.add_panels)


@hooks.register("register_admin_viewset")
def register_articles_listing():
    return articles_listing


@hooks.register("register_admin_urls")
def board_urls():
    urls = [
        path("", views.BoardView.as_view(), name="board"),
        path("lisibilite/", views.ReadabilityView.as_view(), name="readability"),
        path("sources/", views.SourcesView.as_view(), name="sources"),
    ]
    return [path("redaction/", include((urls, "newsroom"), namespace="newsroom"))]


class AudienceViewSet(SnippetViewSet):
    """« Paramètres › Publics et lisibilité »: the rédaction sets each audience's readability
    target, and whether it is a rule (magazine.articles.models.audiences)."""

    model = Audience
    icon = "group"
    menu_label = "Publics et lisibilité"
    add_to_settings_menu = True
    list_display = ["name", "target_score", "long_sentence_words", "gate", "is_default"]
    ordering = ["sort_order", "name"]


register_snippet(AudienceViewSet)


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return panels.follows_the_newsroom(request.user)


@hooks.register("register_admin_menu_item")
def board_menu_item():
    return BoardMenuItem("Rédaction", reverse("newsroom:board"), icon_name="tasks", order=160)


@hooks.register("insert_global_admin_css")
def magazine_colours():
    """The magazine's colours in the admin and on its login page (Wagtail's colour variables)."""
    return format_html('<link rel="stylesheet" href="{}">', static("newsroom/admin.css"))


@hooks.register("insert_editor_js")
def editor_script():
    """The readability panel filled as the person writes; the quality gate's problems linked."""
    return format_html('<script src="{}" defer></script>', static("newsroom/editor.js"))
