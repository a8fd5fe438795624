"""The collective's roles as Django groups, each with the least permissions it needs."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from magazine.articles.models import ArticleIndexPage

CONTRIBUTOR = "Contributeur·rice"
REVIEWER = "Relecteur·rice"
EDITOR_IN_CHIEF = "Rédaction en chef"
ADMINISTRATOR = "Administrateur·rice"
ROLES = [CONTRIBUTOR, REVIEWER, EDITOR_IN_CHIEF, ADMINISTRATOR]

PAGE_PERMISSIONS = {
    CONTRIBUTOR: ["add_page", "change_page"],
    REVIEWER: ["add_page", "change_page"],
    EDITOR_IN_CHIEF: ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
}
# Images and documents are granted per collection (Wagtail's rule), on the root collection.
COLLECTION_PERMISSIONS = {
    CONTRIBUTOR: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}
COLLECTION_PERMISSIONS[REVIEWER] = COLLECTION_PERMISSIONS[CONTRIBUTOR]
COLLECTION_PERMISSIONS[EDITOR_IN_CHIEF] = [
    *COLLECTION_PERMISSIONS[CONTRIBUTOR],
    "wagtailimages.change_image",
    "wagtaildocs.change_document",
]
COLLECTION_PERMISSIONS[ADMINISTRATOR] = COLLECTION_PERMISSIONS[EDITOR_IN_CHIEF]
MODEL_PERMISSIONS = {CONTRIBUTOR: ["wagtailadmin.access_admin"]}
MODEL_PERMISSIONS[REVIEWER] = MODEL_PERMISSIONS[CONTRIBUTOR]
MODEL_PERMISSIONS[EDITOR_IN_CHIEF] = [
    "wagtailadmin.access_admin",
    *(
        f"{app}.{action}_{model}"
        for app, model in [
            ("taxonomy", "theme"),
            ("taxonomy", "territorykind"),
            ("taxonomy", "territory"),
            ("people", "author"),
            ("glossary", "glossaryentry"),
            ("articles", "audience"),
        ]
        for action in ("add", "change", "delete")
    ),
    "core.change_sitesettings",
    *(f"newsletter.{action}_issue" for action in ("add", "change", "delete", "send")),
    "newsletter.view_subscriber",
    "newsletter.add_subscriber",
    "newsletter.change_newslettersettings",
    "articles.add_articlecorrection",
    "articles.change_articlecorrection",
    "articles.delete_articlecorrection",
]
MODEL_PERMISSIONS[ADMINISTRATOR] = [
    *MODEL_PERMISSIONS[EDITOR_IN_CHIEF],
    "users.add_user",
    "users.change_user",
    "auth.change_group",
]


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_roles():
    """Create the four groups with their permissions; safe to run again."""
    articles = ArticleIndexPage.objects.first()
    home = articles.get_parent() if articles else Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(dotted) for dotted in MODEL_PERMISSIONS[role]])
        scope = articles if role in (CONTRIBUTOR, REVIEWER) and articles else home
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=scope,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for dotted in COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(dotted)
            )
        groups[role] = group
    return groups
