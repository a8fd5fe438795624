from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from magazine.people.models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Auteur·rices"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "role", "user"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
