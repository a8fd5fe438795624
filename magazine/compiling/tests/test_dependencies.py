"""Each row of the table in `magazine.compiling.dependencies`: a change compiles again exactly
the articles that show what changed, once it is committed; the others keep their records.

Every test starts with every live article compiled and marked; after the change, the articles
compiled again are those whose record lost its mark. Which articles show what is worked out
from the rendered records or the articles' own fields, not from the dependencies stored.
"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.documents import get_document_model

from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.caching.pagecache import code_version
from magazine.compiling.compiler import compile_article
from magazine.compiling.models import CompiledArticle
from magazine.compiling.tasks import compile_missing
from magazine.core.models import SiteSettings
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

MARK = "<!-- compiled before the change -->"


@pytest.fixture
def records(db):
    """{article id: body as compiled} of every live article, each record marked."""
    bodies = {}
    for article in ArticlePage.objects.live():
        bodies[article.pk] = compile_article(article.pk).body
    CompiledArticle.objects.update(body=MARK)
    return bodies


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Run `do()` as a request would, then what waits for its commit (the immediate worker);
    returns the ids of the articles compiled again."""

    def run(do):
        with django_capture_on_commit_callbacks(execute=True):
            do()
        current = CompiledArticle.objects.filter(code_version=code_version()).exclude(body=MARK)
        return set(current.values_list("article_id", flat=True))

    return run


def showing(records, text):
    ids = {pk for pk, body in records.items() if text in body}
    assert ids, f"no demo article shows {text!r}"
    return ids


def test_publishing_an_article_compiles_it(records, change, article):
    assert change(lambda: article.save_revision().publish()) == {article.pk}


def test_a_public_correction_compiles_its_article(records, change, article):
    def correct():
        ArticleCorrection.objects.create(
            page=article, kind="correction", date=timezone.now(), text="Un chiffre corrigé."
        )

    assert change(correct) == {article.pk}
    assert "Un chiffre corrigé." in CompiledArticle.objects.get(article=article).body


def test_an_image_compiles_the_articles_showing_it(records, change, article):
    image = article.lead_image
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    image.description = "Un registre d’état civil ouvert sur un bureau"

    assert change(image.save) == showing(records, stem)
    assert "Un registre d’état civil ouvert" in CompiledArticle.objects.get(article=article).body


def test_a_document_compiles_the_articles_linking_to_it(records, change):
    document = get_document_model().objects.order_by("pk").first()
    document.title = "Rapport renommé"
    assert change(document.save) == showing(records, f"/documents/{document.pk}/")


def test_a_linked_page_compiles_the_articles_linking_to_it(records, change, article, publish):
    other = ArticlePage.objects.live().exclude(pk=article.pk).first()
    link = f'<p>Voir <a linktype="page" id="{other.pk}">l’autre article</a>.</p>'
    publish(article, body=[{"type": "paragraph", "value": link}, *article.body.raw_data])
    assert f'href="{other.url}"' in CompiledArticle.objects.get(article=article).body
    CompiledArticle.objects.update(body=MARK)

    def rename():
        other.slug = "un-autre-nom"
        other.save_revision().publish()

    assert change(rename) == {article.pk, other.pk}
    assert 'href="/articles/un-autre-nom/"' in CompiledArticle.objects.get(article=article).body


@pytest.mark.parametrize(
    ("model", "relation"),
    [(Theme, "themes"), (Territory, "territories"), ("tag", "tags")],
)
def test_a_classification_item_compiles_the_articles_classified_under_it(
    records, change, article, model, relation
):
    item = getattr(article, relation).first()
    item.name = f"{item.name} (renommé)"
    expected = set(
        ArticlePage.objects.live().filter(**{relation: item}).values_list("pk", flat=True)
    )
    assert change(item.save) == expected
    assert "(renommé)" in CompiledArticle.objects.get(article=article).body


def test_a_kind_of_territory_compiles_the_articles_of_that_kind_or_its_territories(records, change):
    kind = TerritoryKind.objects.get(slug="departement")
    kind.slug = "departements"
    live = ArticlePage.objects.live()
    expected = set(live.filter(territory_kinds=kind).values_list("pk", flat=True)) | set(
        live.filter(territories__kind=kind).values_list("pk", flat=True)
    )
    assert expected
    assert change(kind.save) == expected


def test_an_author_compiles_the_articles_they_signed_or_reviewed(records, change):
    author = Author.objects.get(slug="helene-vidal")
    author.name = "Hélène Vidal-Roux"
    expected = set(
        ArticlePage.objects.live()
        .filter(article_authors__author=author)
        .values_list("pk", flat=True)
    )
    expected |= {pk for pk, body in records.items() if "Hélène Vidal le " in body}  # Relu par
    assert change(author.save) == expected


@pytest.fixture
def reviewer_without_author(db):
    """A reviewer whose « Relu par » shows their user's name: no author record."""
    Author.objects.filter(user__username="jules.ferrand").update(user=None)
    return get_user_model().objects.get(username="jules.ferrand")


def test_a_reviewer_s_name_compiles_the_articles_they_reviewed(
    reviewer_without_author, records, change
):
    reviewer = reviewer_without_author
    expected = showing(records, "Relu par Jules Ferrand")

    def rename():
        reviewer.last_name = "Ferrand-Martin"
        reviewer.save()

    assert change(rename) == expected
    some = CompiledArticle.objects.get(article_id=min(expected))
    assert "Relu par Jules Ferrand-Martin" in some.body

    def log_in():  # what readers never see changes nothing
        reviewer.last_login = "2026-12-01T10:00:00Z"
        reviewer.save(update_fields=["last_login"])

    CompiledArticle.objects.update(body=MARK)
    assert change(log_in) == set()


def test_the_site_settings_compile_every_article(records, change):
    settings = SiteSettings.objects.get()
    settings.licence = "cc-by-4.0"
    assert change(settings.save) == set(records)


def test_new_code_compiles_every_article_in_the_background(records, change, client, article):
    CompiledArticle.objects.update(code_version="ancien-code")
    assert "<h1>État civil" in client.get(article.url).content.decode()  # rendered meanwhile
    assert change(compile_missing.enqueue) == set(records)
