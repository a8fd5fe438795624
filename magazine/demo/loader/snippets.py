"""Themes, territory kinds, territories, authors and site settings of the demo."""

from wagtail.models import Site

from magazine.core.models import SiteSettings
from magazine.demo.loader import content
from magazine.people.models import Author, AuthorLink
from magazine.taxonomy.models import Territory, TerritoryKind, Theme


def load_taxonomy():
    for order, theme in enumerate(content.themes()):
        Theme.objects.update_or_create(
            slug=theme["slug"],
            defaults={"name": theme["name"], "intro": theme["intro"], "sort_order": order},
        )
    for order, kind in enumerate(content.territory_kinds()):
        TerritoryKind.objects.update_or_create(
            slug=kind["slug"],
            defaults={
                "name": kind["name"],
                "description": kind["description"],
                "sort_order": order,
            },
        )
    kinds = {kind.slug: kind for kind in TerritoryKind.objects.all()}
    for territory in content.territories():
        Territory.objects.update_or_create(
            slug=territory["slug"],
            defaults={
                "name": territory["name"],
                "kind": kinds[territory["kind"]],
                "code_type": territory["code_type"],
                "code": territory["code"],
                "population": territory["population"],
            },
        )


def load_authors():
    for data in content.authors():
        author, _ = Author.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data["role"],
                "bio": data["bio"],
                "interests": data["interests"],
            },
        )
        author.links.all().delete()
        for order, link in enumerate(data.get("links", [])):
            AuthorLink.objects.create(
                author=author, label=link["label"], url=link["url"], sort_order=order
            )


def load_site_settings():
    data = content.site()
    site = Site.objects.get(is_default_site=True)
    fields = [field.name for field in SiteSettings._meta.get_fields()]
    SiteSettings.objects.update_or_create(
        site=site, defaults={key: value for key, value in data.items() if key in fields}
    )
    home = site.root_page.specific
    if home.intro != data["home_intro"]:
        home.intro = data["home_intro"]
        home.save_revision().publish()
