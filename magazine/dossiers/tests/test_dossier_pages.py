"""The dossiers' pages."""

from magazine.testing import html_of


def test_dossier_pages_list_articles_in_reading_order(client):
    html = html_of(client, "/dossiers/")
    assert "/dossiers/mairies-rurales-numerique/" in html
    html = html_of(client, "/dossiers/mairies-rurales-numerique/")
    order = [
        html.find("/articles/etat-civil-mairie-rurale/"),
        html.find("/articles/secretaire-de-mairie/"),
        html.find("/articles/conseillers-numeriques-trois-ans/"),
    ]
    assert -1 not in order and order == sorted(order)
