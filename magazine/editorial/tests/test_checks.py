"""The quality gate's checks, one by one, on articles built in memory."""

from wagtail_footnotes.models import Footnote

from magazine.articles.models import ArticleAuthor, ArticlePage, ArticleSource
from magazine.editorial import checks
from magazine.people.models import Author
from magazine.taxonomy.models import TerritoryKind, Theme


def complete_article(**fields):
    page = ArticlePage(
        title="Un article", slug="un-article", chapo="Un chapô.", body=fields.pop("body", [])
    )
    page.article_authors = [ArticleAuthor(author=Author.objects.first())]
    page.themes = [Theme.objects.first()]
    page.territory_kinds = [TerritoryKind.objects.first()]
    page.sources = [ArticleSource(title="Une source")]
    for name, value in fields.items():
        setattr(page, name, value)
    return page


def messages(check, page):
    return [problem.message for problem in check(page)]


def test_a_complete_article_passes_the_gate():
    assert checks.quality_problems(complete_article()) == []


def test_missing_chapo_authors_themes_kinds_and_sources_are_each_reported():
    page = complete_article(chapo="  ")
    page.article_authors = []
    page.themes = []
    page.territory_kinds = []
    page.sources = []
    problems = checks.quality_problems(page)
    assert [problem.where for problem in problems] == [
        "Contenu › Chapô",
        "Contenu › Auteur·rices",
        "Classement › Thèmes",
        "Classement › Types de territoire",
        "Contenu › Sources",
    ]
    assert all(
        str(problem).endswith(")") and "à corriger dans" in str(problem) for problem in problems
    )


def test_images_need_alt_text_not_a_file_name():
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": alt, "decorative": decorative}}
        for alt, decorative in [("", False), ("", True), ("photo_2024.jpg", False)]
    ]
    image.description = ""
    image.save()
    found = list(checks.images_have_alt_text(complete_article(body=body)))
    assert [problem.where for problem in found] == [
        "Contenu › Corps de l’article, bloc 1 (Image)",
        "Contenu › Corps de l’article, bloc 3 (Image)",
    ]
    assert "nom de fichier" in found[1].message
    lead = complete_article(lead_image=image)
    assert "image principale" in messages(checks.images_have_alt_text, lead)[0]


def test_headings_must_not_skip_levels_nor_be_empty():
    body = [
        ("heading", {"level": "h3", "text": "Trop tôt"}),
        ("heading", {"level": "h2", "text": "Partie"}),
        ("heading", {"level": "h3", "text": "  "}),
    ]
    found = list(checks.headings_are_ordered(complete_article(body=body)))
    assert [problem.where for problem in found] == [
        "Contenu › Corps de l’article, bloc 1 (Intertitre)",
        "Contenu › Corps de l’article, bloc 3 (Intertitre)",
    ]
    assert "avant tout intertitre" in found[0].message and "vide" in found[1].message


def test_link_texts_must_say_where_they_lead():
    body = [
        (
            "paragraph",
            '<p>Voir <a href="https://a.fr">ici</a>, <a href="https://b.fr">Cliquez ici</a>, '
            '<a href="https://c.fr">https://c.fr/page</a>, <a href="https://d.fr">en savoir '
            'plus</a> et <a href="https://e.fr">le rapport de la Cour des comptes</a>.</p>',
        )
    ]
    found = messages(checks.links_are_meaningful, complete_article(body=body))
    assert len(found) == 4
    assert "« ici »" in found[0] and "adresse brute" in found[2]


def test_footnote_references_must_resolve():
    uuid = "0b7e0d1c-0000-4000-8000-000000000001"
    body = [("paragraph", f'<p>Un fait<footnote id="{uuid}">[1]</footnote>.</p>')]
    page = complete_article(body=body)
    assert messages(checks.footnotes_resolve, page)
    page.footnotes = [Footnote(uuid=uuid, text="<p>Source</p>")]
    assert not messages(checks.footnotes_resolve, page)


def test_every_published_demo_article_passes_the_gate():
    for article in ArticlePage.objects.live():
        assert checks.quality_problems(article) == [], article.slug
