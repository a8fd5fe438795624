"""Corrections: a dated public note sets the update date; a silent fix does not."""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.editorial.tests.conftest import article_data


def test_chief_sees_the_corrections_panel(client, chief):
    page = ArticlePage.objects.get(slug="secretaire-de-mairie")
    client.force_login(chief)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Corrections et mises à jour publiques" in html


def test_silent_typo_fix_keeps_the_update_date(client, chief):
    page = ArticlePage.objects.get(slug="secretaire-de-mairie")
    page.title = page.title + " "
    page.save_revision(user=chief).publish(user=chief)
    assert "mis à jour le" not in client.get(page.url).content.decode()


def test_an_update_note_is_shown_and_dates_the_article(client, chief):
    page = ArticlePage.objects.get(slug="secretaire-de-mairie")
    moment = timezone.make_aware(datetime.datetime(2026, 10, 2, 15, 0))
    page.corrections.add(ArticleCorrection(kind="mise-a-jour", date=moment, text="Chiffres 2026."))
    page.save_revision(user=chief).publish(user=chief)
    html = client.get(page.url).content.decode()
    assert 'mis à jour le <time datetime="2026-10-02">2 octobre 2026</time>' in html
    assert "Mise à jour du <time" in html and "Chiffres 2026." in html


def test_revisions_stay_comparable_in_the_admin(client, chief):
    page = ArticlePage.objects.get(slug="donnees-mobilite-metropole")
    first, last = page.revisions.order_by("created_at")[0], page.get_latest_revision()
    client.force_login(chief)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, last.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Une version précédente attribuait" in response.content.decode()


def test_a_contributor_saves_without_the_corrections_panel(create_article, client, contributor):
    """Defect 1: the panel hidden from contributors must not be required of them either."""
    response, page = create_article(contributor)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    assert "Corrections et mises à jour publiques" not in html


def test_a_contributor_cannot_post_public_corrections(create_article, client, contributor, chief):
    """Defect 7: corrections posted by hand by a contributor are ignored, existing ones kept."""
    _, page = create_article(contributor)
    draft = page.get_latest_revision_as_object()
    moment = timezone.make_aware(datetime.datetime(2026, 10, 2, 15, 0))
    draft.corrections.add(
        ArticleCorrection(kind="correction", date=moment, text="De la rédaction.")
    )
    draft.save_revision(user=chief)
    data = article_data(
        slug=page.slug,
        corrections=inline_formset(
            [{"kind": "correction", "date": "2026-10-03 15:00", "text": "Note d’une intruse."}]
        ),
    )
    client.force_login(contributor)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    latest = page.get_latest_revision_as_object()
    assert [correction.text for correction in latest.corrections.all()] == ["De la rédaction."]
