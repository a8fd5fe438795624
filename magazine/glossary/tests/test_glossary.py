"""/glossaire/ for readers, the marks in articles, and their records compiled again when an
entry changes."""

import pytest

from magazine.articles.models import ArticlePage
from magazine.compiling.compiler import compile_article
from magazine.compiling.models import CompiledArticle
from magazine.glossary.models import GlossaryEntry

pytestmark = pytest.mark.django_db
ARTICLE = "/articles/etat-civil-mairie-rurale/"
EXPANDED = "/articles/illectronisme-mesurer/"  # writes « Insee » without its expansion


def test_the_glossary_page_lists_every_entry_by_letter_with_an_anchor(client):
    response = client.get("/glossaire/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    html = response.content.decode()
    assert GlossaryEntry.objects.count() >= 60
    for entry in GlossaryEntry.objects.all():
        assert f'<dt id="{entry.slug}">{entry.term}' in html
    assert '<a href="#lettre-e">E</a>' in html and '<h2 id="lettre-e">E</h2>' in html
    epci = html.split('<dt id="epci">', 1)[1].split("</dd>", 1)[0]
    assert "établissement public de coopération intercommunale" in epci
    assert "regroupement de communes" in epci


def test_the_site_map_and_the_sitemap_list_the_glossary(client):
    assert '<a href="/glossaire/">Glossaire</a>' in client.get("/plan-du-site/").content.decode()
    assert "/glossaire/" in client.get("/sitemap-rubriques.xml").content.decode()


def test_an_article_marks_the_first_use_of_a_term(client):
    html = client.get(ARTICLE).content.decode()
    # « (Insee, code officiel géographique) »: in brackets already, the link alone explains it
    assert '(<a class="terme" href="/glossaire/#insee">Insee</a>, code officiel' in html
    assert html.count('href="/glossaire/#insee"') == 1
    expanded = client.get(EXPANDED).content.decode()
    assert (
        '<a class="terme" href="/glossaire/#insee">Insee</a> (Institut national de la '
        "statistique et des études économiques)"
    ) in expanded


def test_changing_an_entry_compiles_again_the_articles_using_it(
    client, django_capture_on_commit_callbacks
):
    using = {
        article.pk
        for article in ArticlePage.objects.live()
        if "/glossaire/#insee" in compile_article(article.pk).body
    }
    assert using
    CompiledArticle.objects.update(body="<!-- before -->")
    insee = GlossaryEntry.objects.get(term="Insee")
    insee.expansion = "l’institut de la statistique publique"
    with django_capture_on_commit_callbacks(execute=True):
        insee.save()
    compiled_again = set(
        CompiledArticle.objects.exclude(body="<!-- before -->").values_list("article_id", flat=True)
    )
    assert compiled_again == using
    assert (
        "Insee</a> (l’institut de la statistique publique)" in client.get(EXPANDED).content.decode()
    )


def test_a_new_entry_compiles_every_article_again(django_capture_on_commit_callbacks):
    for article in ArticlePage.objects.live():
        compile_article(article.pk)
    CompiledArticle.objects.update(body="<!-- before -->")
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryEntry.objects.create(
            term="ZAN", expansion="zéro artificialisation nette", definition="…"
        )
    assert not CompiledArticle.objects.filter(body="<!-- before -->").exists()


def test_the_redaction_manages_the_glossary_and_the_contributrice_does_not(client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    listing = "/admin/snippets/glossary/glossaryentry/"
    client.force_login(users.get(username="redaction"))
    assert client.get(listing).status_code == 200
    add = client.post(
        listing + "add/",
        {"term": "ZAN", "expansion": "zéro artificialisation nette", "definition": "Objectif…"},
    )
    assert add.status_code == 302 and GlossaryEntry.objects.filter(slug="zan").exists()
    client.force_login(users.get(username="contributrice"))
    assert client.get(listing).status_code in (302, 403)
    refused = client.post(listing + "add/", {"term": "ZFE", "definition": "…"})
    assert (
        refused.status_code in (302, 403) and not GlossaryEntry.objects.filter(term="ZFE").exists()
    )
