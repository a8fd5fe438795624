"""Crafted admin requests from a Contributeur·rice account must fail."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from magazine.articles.models import ArticlePage
from magazine.core.models import SiteSettings, StandardPage
from magazine.editorial.tests.conftest import approve_url


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response.url in ("/admin/", "/admin/login/")
    )


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def test_contributor_cannot_publish_directly(create_article, contributor):
    response, page = create_article(contributor, action="action-publish")
    assert response.status_code in (200, 302)
    if page is not None:  # saved as a draft, or refused with the form's message
        assert not page.live
        assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert not ArticlePage.objects.filter(slug="guichet-montagne", live=True).exists()


def test_contributor_cannot_unpublish_a_live_article(contributor_client):
    page = ArticlePage.objects.live().first()
    response = contributor_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert refused(response)
    page.refresh_from_db()
    assert page.live


def test_contributor_cannot_approve_own_submission(create_article, contributor, client):
    _, page = create_article(contributor, action="action-submit")
    client.force_login(contributor)
    response = client.post(approve_url(page))
    assert refused(response)
    page.current_workflow_task_state.refresh_from_db()
    assert page.current_workflow_task_state.status == "in_progress"


def test_contributor_cannot_approve_a_step_assigned_to_others(contributor_client):
    page = ArticlePage.objects.get(slug="accueil-physique-france-services")
    response = contributor_client.post(approve_url(page))
    assert refused(response)
    assert page.current_workflow_task.name == "Relecture par un·e autre membre"


def test_contributor_cannot_preview_or_read_revisions_outside_permissions(contributor_client):
    page = StandardPage.objects.get(slug="mentions-legales")
    revision = page.get_latest_revision()
    for url in [
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ]:
        assert refused(contributor_client.get(url)), url


def test_contributor_cannot_edit_site_settings(contributor_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])
    assert refused(contributor_client.get(url))
    response = contributor_client.post(url, {"magazine_name": "Piraté"})
    assert refused(response)
    assert SiteSettings.objects.get(site=site).magazine_name != "Piraté"


def test_contributor_cannot_add_public_corrections(create_article, contributor, client):
    _, page = create_article(contributor)
    client.force_login(contributor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Corrections et mises à jour publiques" not in html
