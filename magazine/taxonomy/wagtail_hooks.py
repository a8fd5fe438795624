from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from magazine.taxonomy.models import Territory, TerritoryKind, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class TerritoryKindViewSet(SnippetViewSet):
    model = TerritoryKind
    icon = "list-ul"
    menu_label = "Types de territoire"
    list_display = ["name", "slug"]
    ordering = ["sort_order", "name"]


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = "Territoires"
    list_display = ["name", "kind", "official_reference"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, TerritoryKindViewSet, TerritoryViewSet)
    menu_icon = "tag"
    menu_label = "Classement"
    menu_name = "classement"
    menu_order = 300


register_snippet(TaxonomyGroup)
