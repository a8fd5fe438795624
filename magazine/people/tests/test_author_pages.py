"""The authors' pages."""

from magazine.articles.models import ArticlePage
from magazine.people.models import Author
from magazine.testing import html_of


def test_author_pages_present_the_collective(client):
    html = html_of(client, "/auteurs/")
    for author in Author.objects.all():
        assert author.get_absolute_url() in html
    html = html_of(client, "/auteurs/jules-ferrand/")
    assert "Déclaration d’intérêts" in html
    assert ArticlePage.objects.get(slug="budget-participatif-qui-vote").url in html
