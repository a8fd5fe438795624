"""The newsroom's screens as each role gets them: dashboard, board, articles listing, branding.

The articles are put at each stage with Wagtail's own API (a saved draft, a workflow started,
a task approved or rejected), as the admin's actions do; the browser journey
(core/tests/browser/test_newsroom_journey.py) goes through the admin's forms."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.articles.models.related import ArticleAuthor
from magazine.people.models import Author

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


def _draft(title, author_slug="aminata-diallo", owner="contributrice"):
    owner = _user(owner)
    article = ArticlePage(title=title, chapo="Un chapô.", live=False, owner=owner)
    ArticleIndexPage.objects.get().add_child(instance=article)
    ArticleAuthor.objects.create(page=article, author=Author.objects.get(slug=author_slug))
    article.save_revision(user=owner)
    return article


def _submitted(title):
    article = _draft(title)
    article.get_workflow().start(article, _user("contributrice"))
    return ArticlePage.objects.get(pk=article.pk)


def _text(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(text, start, end):
    """The words of `text` from the heading `start` to `end`."""
    after = text.split(start, 1)[1]
    return after.split(end, 1)[0] if end else after


@pytest.fixture
def at_every_stage():
    """An article at each stage the board shows (the demo adds one in review and one
    scheduled)."""
    draft = _draft("Brouillon des tiers-lieux")
    sent_back = _submitted("Article renvoyé sur l’adressage")
    sent_back.current_workflow_task_state.reject(
        user=_user("relecteur"), comment="Sourcez le chiffre de la Poste."
    )
    to_validate = _submitted("Article à valider sur les SDIS")
    to_validate.current_workflow_task_state.approve(user=_user("relecteur"))
    return {"draft": draft, "sent_back": sent_back, "to_validate": to_validate}


def test_the_board_shows_each_article_at_its_stage_with_who_holds_it(client, at_every_stage):
    client.force_login(_user("redaction"))
    response = client.get(reverse("newsroom:board"))
    assert response.status_code == 200
    text = _text(response)
    drafts = _section(text, "Brouillon (1)", "Renvoyé pour modifications")
    assert "Brouillon des tiers-lieux" in drafts and "Aminata Diallo" in drafts
    sent_back = _section(text, "Renvoyé pour modifications (1)", "En relecture")
    assert "Article renvoyé sur l’adressage" in sent_back
    assert "Sourcez le chiffre de la Poste." in sent_back
    in_review = _section(text, "En relecture (1)", "À valider")
    assert "Garder un guichet" in in_review and "Relecteur·rice" in in_review
    to_validate = _section(text, "À valider (1)", "Programmé")
    assert "Article à valider sur les SDIS" in to_validate and "Rédaction en chef" in to_validate
    scheduled = _section(text, "Programmé (1)", None)
    assert "Plateformes de concertation" in scheduled and "décembre" in scheduled
    assert "Fin du cuivre" not in text  # published, nothing pending: not on the board


def _sidebar(client):
    """The admin menu, as Wagtail hands it to its sidebar script (not the dashboard's links)."""
    html = client.get(reverse("newsroom_articles:index")).content.decode()
    return re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)


def test_the_board_is_in_the_admin_menu_of_every_role(client):
    for username in ("contributrice", "relecteur", "redaction", "admin"):
        client.force_login(_user(username))
        assert reverse("newsroom:board") in _sidebar(client), username


def test_the_contributrice_dashboard_starts_an_article_and_lists_hers_by_stage(
    client, at_every_stage
):
    client.force_login(_user("contributrice"))
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    index = ArticleIndexPage.objects.get()
    new_article = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))
    assert f'href="{new_article}"' in html
    text = _text(response)
    mine = _section(text, "Mes articles", "Publiés")
    assert "Brouillon (1) " in mine and "Brouillon des tiers-lieux" in mine
    assert "Renvoyé pour modifications (1)" in mine
    assert "Sourcez le chiffre de la Poste." in mine
    assert "Garder un guichet" not in mine  # not hers
    assert "Conseillers numériques" in _section(text, "Publiés", None)
    assert "Programmés" not in text  # the rédaction's panel
    assert client.get(new_article).status_code == 200


def test_only_who_may_publish_gets_the_scheduled_panel(client):
    client.force_login(_user("redaction"))
    text = _text(client.get(reverse("wagtailadmin_home")))
    scheduled = _section(text, "Programmés", None)
    assert "Plateformes de concertation" in scheduled and "Publication automatique" in scheduled
    client.force_login(_user("relecteur"))
    assert "Programmés" not in _text(client.get(reverse("wagtailadmin_home")))


def test_the_articles_listing_has_authors_and_stage_and_filters_by_them(client, at_every_stage):
    client.force_login(_user("redaction"))
    url = reverse("newsroom_articles:index")
    text = _text(client.get(url))
    assert "Auteur·rices" in text and "État" in text
    assert re.search(r"Article renvoyé sur l’adressage .*Aminata Diallo Renvoyé", text)
    drafts = _text(client.get(url, {"stage": "brouillon"}))
    assert "Brouillon des tiers-lieux" in drafts and "Fin du cuivre" not in drafts
    published = _text(client.get(url, {"stage": "publie"}))
    assert "Fin du cuivre" in published and "Brouillon des tiers-lieux" not in published
    scheduled = _text(client.get(url, {"stage": "programme"}))
    assert "Plateformes de concertation" in scheduled and "Fin du cuivre" not in scheduled
    author = Author.objects.get(slug="aminata-diallo")
    hers = _text(client.get(url, {"author": author.pk}))
    assert "Brouillon des tiers-lieux" in hers and "Fin du cuivre" not in hers


@pytest.mark.parametrize("query", [{"stage": "nimporte"}, {"author": "x"}, {"theme": "99999"}])
def test_a_wrong_filter_is_refused_in_french_not_an_error(client, query):
    client.force_login(_user("redaction"))
    response = client.get(reverse("newsroom_articles:index"), query)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_login_page_carries_the_magazine_name_not_wagtails(client):
    response = client.get(reverse("wagtailadmin_login"))
    html = response.content.decode()
    assert "Le Mag — espace de la rédaction" in html
    assert "Sign in to Wagtail" not in html and "Se connecter à Wagtail" not in html
    assert re.search(r"<title>[^<]*Le Mag, rédaction</title>", html)
    assert "newsroom/admin.css" in html  # the magazine's colours


def test_en_bref_is_read_at_the_top_of_the_article_that_has_one(client):
    html = client.get("/articles/fin-du-cuivre-territoires/").content.decode()
    aside = re.search(
        r'<aside class="en-bref" aria-labelledby="en-bref-titre">(.*?)</aside>', html, re.S
    )
    assert aside, "pas d’« En bref » en tête de l’article"
    assert aside.group(1).strip().startswith('<h2 id="en-bref-titre">En bref</h2>')
    assert "s’éteint par étapes d’ici à 2030" in aside.group(1)
    assert html.index("en-bref") < html.index('class="toc"')  # before the table of contents
    assert "en-bref" not in client.get("/articles/illectronisme-mesurer/").content.decode()


def test_an_account_that_works_on_no_article_gets_no_board(client, outsider):
    client.force_login(outsider)
    refused = client.get(reverse("newsroom:board"), follow=True)
    assert refused.redirect_chain[-1][0] == reverse("wagtailadmin_home")  # Wagtail's refusal
    assert "Tableau de la rédaction" not in refused.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("newsroom:board") not in home and "Mes articles" not in home


@pytest.mark.parametrize("username", ["redaction", "contributrice"])
def test_the_board_the_dashboard_and_the_listing_read_as_many_queries_for_many_articles(
    client, username
):
    """A fixed number of queries whatever the number of articles in progress (the 10,000
    articles of the corpus included): counted with 2 drafts, then with 10 more; the articles
    listing shows more rows. For an account that may not publish, Wagtail asked of each row
    whether it had live descendants (a contributor's listing at 10,000 articles: 134 queries,
    now 34; articles.models.pages.ArticlePermissionTester)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(_user(username))
    counts = []
    for drafts in (2, 10):
        for number in range(drafts):
            _draft(f"Brouillon {drafts}-{number}", owner=username, author_slug="claire-morvan")
        urls = (
            reverse("newsroom:board"),
            reverse("wagtailadmin_home"),
            reverse("newsroom_articles:index"),
        )
        for url in urls:
            client.get(url)  # per-process caches filled
        queries = []
        for url in urls:
            with CaptureQueriesContext(connection) as read:
                client.get(url)
            queries.append(len(read))
        counts.append(queries)
    assert counts[0] == counts[1], counts


def _lead_figure(response):
    html = response.content.decode()
    return re.search(r'<figure class="lead">.*?</figure>', html, re.S).group(0)


def test_the_lead_image_alt_text_and_credit_are_those_of_the_article(client):
    article = ArticlePage.objects.get(slug="fin-du-cuivre-territoires")
    library_alt = article.lead_image.description
    assert f'alt="{library_alt}"' in _lead_figure(client.get(article.url))  # by default
    article.lead_image_alt = "Carte des communes raccordables de la communauté de communes."
    article.lead_image_credit = "Le Mag, d’après l’Arcep"
    article.save_revision().publish()
    lead = _lead_figure(client.get(article.url))
    assert 'alt="Carte des communes raccordables de la communauté de communes."' in lead
    assert "<figcaption>Le Mag, d’après l’Arcep</figcaption>" in lead
    assert f'alt="{library_alt}"' not in lead  # the same image in the body keeps its own
