"""An article is served from its compiled record exactly as it would be rendered."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from magazine.articles.models import ArticlePage
from magazine.caching.pagecache import code_version
from magazine.compiling.compiler import compile_article
from magazine.compiling.models import CompiledArticle
from magazine.core.deferred import ORIGIN_HOST, TODAY
from magazine.core.typography import french_date

MARK = "<p>Servi depuis l’enregistrement compilé.</p>"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.LEMAG_PAGE_CACHE = False


@pytest.fixture
def compiled(article):
    return compile_article(article.pk)


def marked(record):
    """The record with a mark in its body: a page showing the mark was served from it."""
    CompiledArticle.objects.filter(pk=record.pk).update(body=MARK + record.body)


def test_every_demo_article_is_served_from_its_record_byte_for_byte(client):
    articles = list(ArticlePage.objects.live())
    assert len(articles) >= 10
    for article in articles:
        record = compile_article(article.pk)
        compiled_html = client.get(article.url).content
        marked(record)
        assert MARK.encode() in client.get(article.url).content, article.url
        record.delete()
        rendered_html = client.get(article.url).content
        assert compiled_html == rendered_html, article.url


def test_the_record_is_filled_with_the_request_s_origin_and_the_day(client, compiled, article):
    assert ORIGIN_HOST in compiled.head and TODAY in compiled.body
    html = client.get(article.url, HTTP_HOST="127.0.0.1:8000", secure=True).content.decode()
    assert ORIGIN_HOST not in html and TODAY not in html
    assert f'<meta property="og:url" content="https://127.0.0.1:8000{article.url}">' in html
    assert "https%3A//127.0.0.1%3A8000/articles/" in html  # the share links
    consulted = french_date(timezone.localdate())
    assert f"[Consulté le {consulted}]" in html


def test_a_record_counts_its_images_in_the_page_s_weight(client, compiled, article):
    assert compiled.images, "the showcase article shows images"
    with_record = client.get(article.url).content.decode()
    compiled.delete()
    rendered = client.get(article.url).content.decode()
    weight = "Cette page pèse"
    assert with_record.split(weight)[1][:20] == rendered.split(weight)[1][:20]


def test_a_record_of_another_revision_or_code_is_not_served(client, compiled, article, publish):
    marked(compiled)
    CompiledArticle.objects.filter(pk=compiled.pk).update(code_version="autre-code")
    assert MARK not in client.get(article.url).content.decode()
    CompiledArticle.objects.filter(pk=compiled.pk).update(code_version=code_version())
    assert MARK in client.get(article.url).content.decode()
    article.save_revision().publish()  # not compiled: the worker waits for the commit
    html = client.get(article.url).content.decode()
    assert MARK not in html and "<h1>État civil" in html


def test_a_preview_never_uses_the_record(admin_client, compiled, article):
    marked(compiled)
    response = admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert MARK not in response.content.decode()


def test_a_private_article_is_not_served_from_its_record(
    client, compiled, article, django_capture_on_commit_callbacks
):
    marked(compiled)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    html = client.get(article.url).content.decode()
    assert MARK not in html and 'name="password"' in html


def test_publishing_compiles_the_article_in_the_worker(client, article, publish):
    CompiledArticle.objects.filter(article=article).delete()
    publish(article, title="État civil : un nouveau titre")
    record = CompiledArticle.objects.get(article=article)
    assert record.revision_id == ArticlePage.objects.get(pk=article.pk).live_revision_id
    assert "un nouveau titre" in record.body
    marked(record)
    assert MARK in client.get(article.url).content.decode()


def test_the_command_compiles_what_is_missing_or_everything(client, article):
    CompiledArticle.objects.filter(article=article).delete()
    CompiledArticle.objects.exclude(article=article).update(code_version="ancien-code")
    output = StringIO()
    call_command("compile_articles", stdout=output)
    live = ArticlePage.objects.live().count()
    assert output.getvalue().startswith(f"{live} article(s) compilé(s)")
    assert CompiledArticle.objects.filter(code_version=code_version()).count() == live
    assert all(record.links is not None for record in CompiledArticle.objects.all())

    call_command("compile_articles", stdout=output)
    assert "0 article(s) compilé(s)" in output.getvalue()
    call_command("compile_articles", "--all", stdout=output)
    assert output.getvalue().endswith("mis à jour.\n")
    assert output.getvalue().count(f"{live} article(s) compilé(s)") == 2


def test_a_record_compiled_days_ago_says_the_day_it_is_read(client, article):
    noon = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False) as clock:
        marked(compile_article(article.pk))
        clock.shift(datetime.timedelta(days=3))
        html = client.get(article.url).content.decode()
    assert MARK in html  # served from the record compiled three days earlier
    assert "[Consulté le 30 novembre 2026]" in html
