from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from magazine.glossary.models import GlossaryEntry


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "help"
    menu_label = "Glossaire"
    add_to_admin_menu = True
    menu_order = 170
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]
    ordering = ["term"]


register_snippet(GlossaryViewSet)
