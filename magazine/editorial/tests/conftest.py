import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.people.models import Author
from magazine.taxonomy.models import TerritoryKind, Theme


@pytest.fixture
def user_named():
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def contributor(user_named):
    return user_named("contributrice")  # Aminata Diallo, Contributeur·rice


@pytest.fixture
def reviewer(user_named):
    return user_named("relecteur")  # Yacine Belkacem, Relecteur·rice


@pytest.fixture
def chief(user_named):
    return user_named("redaction")  # Claire Morvan, Rédaction en chef


def article_data(authors=("aminata-diallo",), **overrides):
    data = {
        "title": "Le guichet numérique d’une commune de montagne",
        "slug": "guichet-montagne",
        "chapo": "Comment une mairie de 300 habitants a réorganisé son accueil.",
        "article_authors": inline_formset(
            [{"author": Author.objects.get(slug=slug).pk} for slug in authors]
        ),
        "body": streamfield(
            [
                ("heading", {"level": "h2", "text": "Le contexte"}),
                (
                    "paragraph",
                    rich_text(
                        '<p>Voir le <a href="https://www.insee.fr/">site de l’Insee</a>.</p>'
                    ),
                ),
            ]
        ),
        "footnotes": inline_formset([]),
        "sources": inline_formset(
            [{"title": "Un rapport réel", "publisher": "Un éditeur", "kind": "rapport"}]
        ),
        "corrections": inline_formset([]),
        "related_links": inline_formset([]),
        "licence": "",
    }
    data.update(overrides)
    form_data = nested_form_data(data)
    # Multiple-choice fields take a list of values (nested_form_data would number them).
    form_data["themes"] = [Theme.objects.get(slug="services-publics-locaux").pk]
    form_data["territory_kinds"] = [TerritoryKind.objects.get(slug="commune-rurale").pk]
    return form_data


_FORMSET = re.compile(r'name="([\w-]+)-TOTAL_FORMS"')


def as_rendered(client, url, data):
    """`data` less the formsets the form at `url` does not render for the logged-in user: what a
    browser would post (a formset the form leaves out cannot be posted)."""
    rendered = set(_FORMSET.findall(client.get(url).content.decode()))
    posted = {key.removesuffix("-TOTAL_FORMS") for key in data if key.endswith("-TOTAL_FORMS")}
    dropped = tuple(f"{prefix}-" for prefix in posted - rendered)
    return {key: value for key, value in data.items() if not key.startswith(dropped)}


@pytest.fixture
def create_article(client):
    """POST the admin « new article » form as `user`, with `action` (e.g. 'action-submit'),
    with the formsets the form renders for that user."""

    def create(user, action=None, **overrides):
        client.force_login(user)
        index = ArticleIndexPage.objects.get()
        url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", index.pk])
        data = as_rendered(client, url, article_data(**overrides))
        if action:
            data[action] = "1"
        response = client.post(url, data)
        page = ArticlePage.objects.filter(slug=data["slug"]).first()
        return response, page

    return create


def approve_url(page, action="approve"):
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
