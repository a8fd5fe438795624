"""The page tree every installation needs: the home page and its sections."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from magazine.articles.models import ArticleIndexPage
from magazine.dossiers.models import DossierIndexPage
from magazine.home.models import HomePage

SECTIONS = [
    (
        ArticleIndexPage,
        "articles",
        "Articles",
        "Tous les articles du magazine, du plus récent au plus ancien.",
    ),
    (DossierIndexPage, "dossiers", "Dossiers", "Des séries d’articles à lire dans l’ordre."),
]


@transaction.atomic
def ensure_site_structure(hostname="localhost", port=80):
    """Create the home page, its sections and the default site; safe to run again."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a « Welcome » page at /home/: replace it.
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="Accueil", slug="accueil", draft_title="Accueil")
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname=hostname, port=port, is_default_site=True)
    # The admin's dashboard is titled with the site's name (else its host name, « localhost »).
    # Its address is not read from here: e-mails use LEMAG_BASE_URL, pages the request's host.
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    for model, slug, title, intro in SECTIONS:
        if not model.objects.exists():
            section = home.add_child(instance=model(title=title, slug=slug, intro=intro))
            section.save_revision().publish()
    return home
