"""Every public page type of the demo magazine, as the browser tests visit them.

Extend this list when a new public page type appears: the accessibility and sobriety suites
run on every entry.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPage:
    name: str
    path: str
    is_article: bool = False
    status: int = 200

    def __str__(self):
        return self.name


DEMO_PAGES = [
    DemoPage("accueil", "/"),
    DemoPage("article", "/articles/etat-civil-mairie-rurale/", is_article=True),
    # With an « En bref » (and glossary terms): measured and checked like the first.
    DemoPage("article-en-bref", "/articles/fin-du-cuivre-territoires/", is_article=True),
    DemoPage("articles", "/articles/"),
    DemoPage("themes", "/themes/"),
    DemoPage("theme", "/themes/inclusion-numerique/"),
    DemoPage("territoires", "/territoires/"),
    DemoPage("type-de-territoire", "/territoires/metropole/"),
    DemoPage("territoire", "/territoires/metropole/rennes-metropole/"),
    DemoPage("dossiers", "/dossiers/"),
    DemoPage("dossier", "/dossiers/mairies-rurales-numerique/"),
    DemoPage("auteurs", "/auteurs/"),
    DemoPage("auteur", "/auteurs/claire-morvan/"),
    DemoPage("mot-cle", "/mots-cles/etat-civil/"),
    DemoPage("glossaire", "/glossaire/"),
    DemoPage("archives", "/archives/"),
    DemoPage("archives-annee", "/archives/2025/"),
    DemoPage("archives-mois", "/archives/2025/04/"),
    DemoPage("recherche", "/recherche/?q=mairie"),
    DemoPage("recherche-vide", "/recherche/?q=zzzz"),
    DemoPage("a-propos", "/a-propos/"),
    DemoPage("mentions-legales", "/mentions-legales/"),
    DemoPage("confidentialite", "/confidentialite/"),
    DemoPage("accessibilite", "/accessibilite/"),
    DemoPage("ecoconception", "/ecoconception/"),
    DemoPage("plan-du-site", "/plan-du-site/"),
    DemoPage("lettre", "/lettre/"),
    DemoPage("404", "/cette-page-n-existe-pas/", status=404),
]
