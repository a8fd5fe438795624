"""The article page shows everything a reader needs, from byline to sources."""

import datetime
import re

import pytest
from django.utils import timezone

from magazine.articles.models import ArticleCorrection, ArticlePage

SHOWCASE = "/articles/etat-civil-mairie-rurale/"


@pytest.fixture
def showcase(db):
    return ArticlePage.objects.get(slug="etat-civil-mairie-rurale")


def test_article_shows_byline_dates_reading_time_and_classification(client, showcase):
    html = client.get(SHOWCASE).content.decode()
    assert "<h1>État civil\u00a0: la dématérialisation vue d’une petite mairie</h1>" in html
    assert 'Par <a href="/auteurs/helene-vidal/">Hélène Vidal</a> et ' in html
    assert "Relu par Jules Ferrand le 12 avril 2025." in html
    assert '<a href="/auteurs/claire-morvan/">Claire Morvan</a>' in html
    assert 'Publié le <time datetime="2025-04-14">14 avril 2025</time>' in html
    assert f"Lecture&nbsp;: {showcase.reading_time}&nbsp;min." in html
    assert showcase.reading_time == -(-showcase.word_count // 230)
    assert '<a href="/themes/services-publics-locaux/">Services publics locaux</a>' in html
    assert '<a href="/territoires/commune-rurale/">Commune rurale</a>' in html
    assert '<a href="/territoires/departement/cantal/">Cantal</a>' in html
    assert '<a href="/mots-cles/etat-civil/">état civil</a>' in html
    assert 'rel="license">Creative Commons BY-SA 4.0</a>' in html


def test_article_lists_its_sources_in_order(client, showcase):
    html = client.get(SHOWCASE).content.decode()
    section = html.split('id="sources-titre"')[1].split("</section>")[0]
    titles = [source.title for source in showcase.sources.all()]
    assert len(titles) >= 1
    positions = [section.find(title.replace("'", "’")[:30]) for title in titles]
    assert all(position >= 0 for position in positions), positions
    assert positions == sorted(positions)


def test_table_of_contents_links_to_anchored_headings(client, showcase):
    html = client.get(SHOWCASE).content.decode()
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    level_two = [heading for heading in showcase.headings if heading["level"] == "h2"]
    assert len(anchors) == len(level_two) >= 3
    for anchor in anchors:
        assert re.search(rf'<h2 id="{anchor}">', html), anchor


def test_table_of_contents_needs_three_headings(client, showcase):
    showcase.body = [block for block in showcase.body.raw_data if block["type"] != "heading"][:3]
    showcase.body.append(("heading", {"level": "h2", "text": "Une seule partie"}))
    showcase.save_revision().publish()
    html = client.get(SHOWCASE).content.decode()
    assert 'class="toc"' not in html
    assert '<h2 id="une-seule-partie">Une seule partie</h2>' in html


def test_footnotes_link_both_ways(client, showcase):
    html = client.get(SHOWCASE).content.decode()
    references = re.findall(r'<a class="note-ref" href="#note-(\d+)" id="appel-(\d+)-(\d+)"', html)
    assert references, "the showcase article has footnotes"
    notes = html.split('aria-labelledby="notes-titre"')[1].split("</section>")[0]
    for number, source_number, occurrence in references:
        assert number == source_number
        assert f'<li id="note-{number}">' in notes
        assert f'href="#appel-{number}-{occurrence}"' in notes
    assert showcase.footnotes.count() == len({number for number, _, _ in references})


def test_dossier_navigation_gives_previous_and_next(client):
    html = client.get("/articles/secretaire-de-mairie/").content.decode()
    nav = html.split('<nav class="dossier-nav"')[1].split("</nav>")[0]
    assert "Les mairies rurales face au tout-numérique" in nav
    assert "Article 2 sur 3." in nav
    assert 'href="/articles/etat-civil-mairie-rurale/" rel="prev"' in nav
    assert 'href="/articles/conseillers-numeriques-trois-ans/" rel="next"' in nav


def test_public_correction_is_shown_and_sets_update_date(client, showcase):
    moment = timezone.make_aware(datetime.datetime(2026, 1, 5, 10, 0))
    showcase.corrections.add(
        ArticleCorrection(kind="correction", date=moment, text="Le délai cité était erroné.")
    )
    showcase.save_revision().publish()
    html = client.get(SHOWCASE).content.decode()
    assert 'mis à jour le <time datetime="2026-01-05">5 janvier 2026</time>' in html
    assert "Correction du <time" in html
    assert "Le délai cité était erroné." in html


def test_article_without_correction_has_no_update_date(client, showcase):
    assert "mis à jour le" not in client.get(SHOWCASE).content.decode()


def test_lead_image_is_a_picture_with_modern_formats_and_dimensions(client, showcase):
    html = client.get(SHOWCASE).content.decode()
    lead = html.split('<figure class="lead">')[1].split("</figure>")[0]
    assert 'type="image/avif"' in lead and 'type="image/webp"' in lead
    assert re.search(r'<img alt="[^"]+"[^>]* height="\d+"[^>]* width="\d+"', lead)
    assert "400w" in lead and "800w" in lead


def test_an_article_with_an_accented_slug_answers_with_its_citations(client, showcase):
    """Defect 2: slugs saved with accents (before ASCII slugs) keep every route working."""
    showcase.slug = "état-civil-à-allanche"
    showcase.save_revision().publish()
    url = "/articles/état-civil-à-allanche/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "citer.bib" in html
    assert client.get(url + "citer.bib").status_code == 200
    assert client.get(url + "citer.ris").status_code == 200


def test_a_restricted_article_leaves_its_dossier_navigation(
    client, django_capture_on_commit_callbacks
):
    """Defect 6: a login-restricted article is neither linked nor counted by its neighbours,
    once the restriction is saved."""
    from wagtail.models import PageViewRestriction

    private = ArticlePage.objects.get(slug="secretaire-de-mairie")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(SHOWCASE).content.decode()
    assert "Article 1 sur 2." in html
    assert "/articles/secretaire-de-mairie/" not in html
