"""Build the demo magazine from the files in content/ (see content/FORMAT.md)."""

from django.db import transaction

from magazine.demo.loader import accounts, pages, snippets, subscribers
from magazine.editorial.setup import ensure_relecture_workflow
from magazine.home.site_structure import ensure_site_structure
from magazine.search import index as search_index
from magazine.users.roles import setup_roles


@transaction.atomic
def load_demo():
    """Load everything; running it again changes nothing. Returns the demo accounts."""
    home = ensure_site_structure()
    setup_roles()
    ensure_relecture_workflow()
    snippets.load_taxonomy()
    snippets.load_authors()
    logins = accounts.load_accounts()
    snippets.load_site_settings()
    pages.load_standard_pages(home)
    pages.load_articles()
    pages.load_dossiers()
    subscribers.load_subscribers()
    search_index.rebuild()  # what `manage.py rebuild_search` does
    return logins
