"""« Sources à vérifier » (issue 13, living sources): the rédaction sees the cited addresses
that are gone, failing, moved or refused, with the articles citing them and their last checks,
and has one checked again now. Sites are played on this machine (sourcecheck/tests/sites.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from magazine.articles.models import ArticlePage, ArticleSource
from magazine.sourcecheck.checking import check_due
from magazine.sourcecheck.models import CheckedLink
from magazine.sourcecheck.tests.sites import cite

pytestmark = pytest.mark.django_db
QUERIES = 18


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_redaction_sees_what_is_broken_with_the_articles_citing_it(client, site):
    gone, moved, working = site.url("/supprimee"), site.url("/ancienne"), site.url("/ok")
    article = cite(gone, moved, working)
    check_due()
    client.force_login(get_user_model().objects.get(username="redaction"))

    board = client.get(reverse("newsroom:board")).content.decode()
    assert f'href="{reverse("newsroom:sources")}">Sources à vérifier : 2</a>' in board

    response = client.get(reverse("newsroom:sources"))
    html, text = response.content.decode(), _text(response)
    assert response.status_code == 200
    assert f'href="{gone}"' in html and f'href="{moved}"' in html
    assert f'href="{working}"' not in html  # nothing to do about it
    assert "Supprimée (410) Disparue : lien archivé proposé aux lecteurs." in text
    assert f"Déplacée (301) Nouvelle adresse : {site.url('/nouvelle')}" in text
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert html.count(f'href="{edit}"') == 2  # cited by the article, for each address
    assert "1 source disparue&nbsp;: les lecteurs" in text and "3 adresses vérifiées" in text
    assert html.index(gone) < html.index(moved)  # the gone first


def test_before_any_check_the_screen_says_so(client, site):
    cite(site.url("/ok"))
    client.force_login(get_user_model().objects.get(username="redaction"))
    text = _text(client.get(reverse("newsroom:sources")))
    assert "Aucune adresse n’a encore été vérifiée" in text
    assert "répondent" not in text  # nothing was checked: nothing is said to answer


def test_check_now_asks_the_site_again(client, site):
    url = site.url("/supprimee")
    cite(url)
    check_due()
    site.routes["/supprimee"] = (200, {})
    client.force_login(get_user_model().objects.get(username="redaction"))
    response = client.post(reverse("newsroom:sources"), {"url": url}, follow=True)
    assert "demandée" in _text(response)
    assert not CheckedLink.objects.get(url=url).gone
    assert "Toutes les adresses vérifiées répondent." in _text(response)

    asked = len(site.requests)
    response = client.post(reverse("newsroom:sources"), {"url": "http://ailleurs.example/"})
    assert "n’est citée par aucune source" in _text(client.get(reverse("newsroom:sources")))
    assert len(site.requests) == asked


def test_the_screen_is_refused_to_who_works_on_no_article(client, outsider, site):
    url = site.url("/ok")
    cite(url)
    client.force_login(outsider)
    for response in (
        client.get(reverse("newsroom:sources")),
        client.post(reverse("newsroom:sources"), {"url": url}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert site.requests == []


def test_many_addresses_are_paged_and_a_wrong_page_number_is_no_error(
    client, django_assert_max_num_queries
):
    article = ArticlePage.objects.live().first()
    urls = [f"http://site-{number:02d}.example/rapport" for number in range(55)]
    ArticleSource.objects.bulk_create(
        ArticleSource(page=article, title=f"Rapport {number}", url=url, sort_order=100 + number)
        for number, url in enumerate(urls)
    )
    CheckedLink.objects.bulk_create(
        CheckedLink(url=url, outcome="removed", status_code=410, gone=True, failures=1)
        for url in urls
    )
    client.force_login(get_user_model().objects.get(username="redaction"))
    client.get(reverse("newsroom:sources"))  # the admin's per-process caches filled
    with django_assert_max_num_queries(QUERIES):  # whatever the number of addresses
        first = client.get(reverse("newsroom:sources")).content.decode()
    second = client.get(reverse("newsroom:sources"), {"p": "2"}).content.decode()
    shown = [url for url in urls if f'href="{url}"' in first]
    assert len(shown) == 50 and "Page 1 sur 2" in first
    assert all(f'href="{url}"' in second for url in set(urls) - set(shown))
    for wrong in ("abc", "-1", "999"):
        response = client.get(reverse("newsroom:sources"), {"p": wrong})
        assert response.status_code == 200, wrong
