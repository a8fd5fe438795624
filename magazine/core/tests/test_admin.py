"""The French admin: login page, and writing an article through Wagtail's forms."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.people.models import Author
from magazine.taxonomy.models import TerritoryKind, Theme


def test_admin_login_page_is_in_french(client):
    html = client.get("/admin/login/").content.decode()
    assert '<html lang="fr"' in html
    assert "Se connecter" in html or "Connexion" in html
    assert "Mot de passe" in html


def test_an_article_can_be_created_through_the_admin(admin_client):
    index = ArticleIndexPage.objects.get()
    author = Author.objects.get(slug="yacine-belkacem")
    data = nested_form_data(
        {
            "title": "Un article écrit dans l’administration",
            "slug": "article-administration",
            "chapo": "Un chapô écrit pour le test.",
            "article_authors": inline_formset([{"author": author.pk}]),
            "body": streamfield(
                [
                    ("heading", {"level": "h2", "text": "Une partie"}),
                    ("paragraph", rich_text("<p>Un paragraphe.</p>")),
                ]
            ),
            "footnotes": inline_formset([]),
            "sources": inline_formset(
                [{"title": "Une source", "publisher": "Un éditeur", "kind": "rapport"}]
            ),
            "corrections": inline_formset([]),
            "related_links": inline_formset([]),
            "licence": "",
        }
    )
    data["themes"] = [Theme.objects.first().pk]  # a list of values, not numbered fields
    data["territory_kinds"] = [TerritoryKind.objects.first().pk]
    response = admin_client.post(
        f"/admin/pages/add/articles/articlepage/{index.pk}/", data, follow=True
    )
    assert response.status_code == 200
    article = ArticlePage.objects.get(slug="article-administration")
    assert article.get_latest_revision().as_object().authors == [author]
    assert article.sources.get().title == "Une source"
    draft = article.get_latest_revision().as_object()
    assert list(draft.themes.all()) == [Theme.objects.first()]
    assert list(draft.territory_kinds.all()) == [TerritoryKind.objects.first()]
    assert not article.live


def test_editors_manage_themes_territories_authors_and_settings(admin_client):
    for url, expected in [
        ("/admin/snippets/taxonomy/theme/", "Gouvernance des données"),
        ("/admin/snippets/taxonomy/territorykind/", "Commune rurale"),
        ("/admin/snippets/taxonomy/territory/", "Rennes Métropole"),
        ("/admin/snippets/people/author/", "Claire Morvan"),
        ("/admin/settings/core/sitesettings/", "Directeur·rice de la publication"),
    ]:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
