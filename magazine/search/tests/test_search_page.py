"""The search page answers with published articles."""

from magazine.testing import html_of


def test_search_finds_published_articles(client):
    html = html_of(client, "/recherche/?q=secrétaire")
    assert "/articles/secretaire-de-mairie/" in html
    assert "Aucun article" in html_of(client, "/recherche/?q=zzzzqqq")
    html_of(client, "/recherche/?q=%00%ff&page=-3")
