"""Living sources (issue 13): the checker asks sites played on this machine whether the
addresses cited still answer, politely, and keeps what it found; readers are given an archived
copy of a source that is gone. No request leaves the machine (magazine.testing)."""

import datetime
import re
import socket

import pytest
from django.core.management import CommandError, call_command

from magazine.sourcecheck.checking import check_due
from magazine.sourcecheck.fetching import ROBOT_NAME, Fetcher
from magazine.sourcecheck.models import CheckedLink, LinkCheck, Outcome
from magazine.sourcecheck.tests.sites import Site, cite

pytestmark = pytest.mark.django_db


def link(url):
    return CheckedLink.objects.get(url=url)


def test_each_kind_of_answer_is_understood(site):
    paths = [
        "/ok",
        "/ancienne",
        "/detour",
        "/boucle",
        "/introuvable",
        "/supprimee",
        "/panne",
        "/refus",
        "/sans-head",
        "/lente",
        "/prive/note",
    ]
    cite(*(site.url(path) for path in paths))
    counts = check_due()
    assert sum(counts.values()) == len(paths)
    found = {path: link(site.url(path)) for path in paths}
    assert {path: found[path].outcome for path in paths} == {
        "/ok": Outcome.WORKING,
        "/ancienne": Outcome.MOVED,
        "/detour": Outcome.WORKING,  # a temporary detour: nothing to change
        "/boucle": Outcome.UNREACHABLE,
        "/introuvable": Outcome.NOT_FOUND,
        "/supprimee": Outcome.REMOVED,
        "/panne": Outcome.SERVER_ERROR,
        "/refus": Outcome.REFUSED,
        "/sans-head": Outcome.WORKING,
        "/lente": Outcome.UNREACHABLE,
        "/prive/note": Outcome.DISALLOWED,
    }
    assert found["/ancienne"].moved_to == site.url("/nouvelle")
    assert found["/boucle"].checks.get().detail == "Trop de redirections."
    assert found["/lente"].checks.get().detail == "Délai dépassé."
    assert found["/supprimee"].gone  # 410: the site says it is gone for good
    assert not found["/introuvable"].gone  # a 404 may be a passing mistake: once more
    # HEAD first, GET when HEAD does not succeed; robots.txt read once, and obeyed.
    assert site.paths("HEAD").count("/sans-head") == 1
    assert site.paths("GET").count("/sans-head") == 1
    assert "/ok" not in site.paths("GET")
    assert site.paths().count("/robots.txt") == 1
    assert "/prive/note" not in site.paths()
    assert all(agent.startswith(f"{ROBOT_NAME}/1.0 (+http") for _m, _p, agent, _t in site.requests)


def test_a_source_gone_gives_readers_an_archived_copy_until_it_is_back(site, client):
    url = site.url("/supprimee")
    article = cite(url)
    html = client.get(article.url).content.decode()
    assert f'href="{url}"' in html and "lien archivé" not in html

    check_due()
    html = client.get(article.url).content.decode()  # compiled again once found gone
    archived = f"https://web.archive.org/web/20250314/{url}"
    assert re.search(
        rf'<a href="{re.escape(url)}">Source 0</a>.*l’adresse d’origine ne répond plus.*'
        rf'<a href="{re.escape(archived)}">lien archivé</a>',
        html,
    ), "la source disparue n’est pas accompagnée de son lien archivé"

    site.routes["/supprimee"] = (200, {})  # the page is back
    call_command("check_sources", "--adresse", url, stdout=open("/dev/null", "w"))
    assert not link(url).gone
    assert "lien archivé" not in client.get(article.url).content.decode()


def test_not_found_twice_or_failing_three_times_in_a_row_is_gone(site):
    missing, failing = site.url("/introuvable"), site.url("/panne")
    cite(missing, failing)
    for run, (missing_gone, failing_gone) in enumerate(
        [(False, False), (True, False), (True, True)]
    ):
        check_due(urls=[missing, failing])
        assert (link(missing).gone, link(failing).gone) == (missing_gone, failing_gone), run
    assert link(failing).failures == 3 and link(failing).failing_since is not None
    assert LinkCheck.objects.filter(link__url=failing).count() == 3

    site.routes["/panne"] = (200, {})
    check_due(urls=[failing])
    back = link(failing)
    assert (back.gone, back.failures, back.failing_since) == (False, 0, None)


def test_when_no_site_answers_the_machine_is_offline_and_nothing_counts(site):
    site.stop()  # nothing listens any more on either address
    other = Site()
    other.stop()
    urls = [site.url("/ok"), other.url("/ok")]
    cite(*urls)
    for _run in range(3):
        check_due(urls=urls)
    for url in urls:
        checked = link(url)
        assert (checked.failures, checked.gone, checked.outcome) == (0, False, "")
        assert not checked.checks.filter(conclusive=True).exists()
        assert checked.checks.count() == 3


def test_due_addresses_wait_a_week_failing_ones_a_day(site):
    working, failing = site.url("/ok"), site.url("/panne")
    cite(working, failing)
    assert check_due() == {Outcome.WORKING: 1, Outcome.SERVER_ERROR: 1}
    assert check_due() == {}  # nothing due
    checked = link(working)
    assert checked.next_check_at - checked.last_checked_at == datetime.timedelta(days=7)
    checked = link(failing)
    assert checked.next_check_at - checked.last_checked_at == datetime.timedelta(days=1)
    later = checked.next_check_at + datetime.timedelta(seconds=1)
    assert check_due(now=later) == {Outcome.SERVER_ERROR: 1}


def test_one_request_per_site_at_a_time_and_its_crawl_delay(site):
    cite(site.url("/ok"), site.url("/panne"))
    check_due(fetcher=Fetcher(delay=0.3))
    assert _gaps(site, 1 + 1 + 2) >= 0.3  # robots.txt, a HEAD each, a GET for the failing one

    site.requests.clear()
    site.robots = "User-agent: *\nCrawl-delay: 1\n"  # longer than ours: the site's
    check_due(urls=[site.url("/ok")], fetcher=Fetcher(delay=0.3))
    assert _gaps(site, 2) >= 1


def _gaps(site, requests):
    """The shortest time between two requests the site was sent, which must be `requests`."""
    starts = [when for _method, _path, _agent, when in site.requests]
    assert len(starts) == requests, site.requests
    return min(after - before for before, after in zip(starts, starts[1:], strict=False))


def test_a_site_whose_robots_txt_fails_is_not_checked(site):
    site.robots_status = 503
    url = site.url("/ok")
    cite(url)
    check_due()
    assert site.paths() == ["/robots.txt"]
    assert link(url).outcome == Outcome.SERVER_ERROR


def test_a_huge_robots_txt_is_read_in_its_first_half_megabyte(site):
    site.robots = "User-agent: *\nDisallow: /prive/\n" + "# " + "x" * 2_000_000 + "\n"
    cite(site.url("/prive/note"), site.url("/ok"))
    check_due()
    assert link(site.url("/prive/note")).outcome == Outcome.DISALLOWED
    assert link(site.url("/ok")).outcome == Outcome.WORKING


def test_the_command_says_what_it_found_and_refuses_bad_arguments(site, capsys):
    url = site.url("/supprimee")
    cite(url)
    call_command("check_sources", "--toutes")
    out = capsys.readouterr().out
    assert "Supprimée : 1" in out
    assert "Sources disparues (lien archivé proposé aux lecteurs) : 1" in out
    with pytest.raises(CommandError, match="supérieur à zéro"):
        call_command("check_sources", "--limite", "0")
    with pytest.raises(CommandError, match="Aucune source ne cite : http://ailleurs.example/"):
        call_command("check_sources", "--adresse", "http://ailleurs.example/")


def test_no_test_reaches_another_machine():
    with pytest.raises(ConnectionRefusedError, match="ne sortent pas de la machine"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
