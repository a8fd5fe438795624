"""An article is easy to cite and to share: metadata for machines, a reference for people."""

import datetime
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from magazine.articles.citation import split_name
from magazine.articles.models import ArticleCorrection, ArticlePage

BASE = "http://testserver"
SHOWCASE = "/articles/etat-civil-mairie-rurale/"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def showcase(db):
    return ArticlePage.objects.get(slug="etat-civil-mairie-rurale")


def _html(client, url=SHOWCASE):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _meta(html, attribute, name):
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)


def _json_ld(html):
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def _text(html):
    return " ".join(
        re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ").replace("\u202f", " ").split()
    )


def test_opengraph_describes_the_article(client, showcase):
    html = _html(client)
    og = {
        name: _meta(html, "property", f"og:{name}")
        for name in [
            "type",
            "title",
            "description",
            "url",
            "image",
        ]
    }
    assert og["type"] == ["article"]
    assert og["title"] == [showcase.title]
    assert og["description"] == [showcase.chapo]
    assert og["url"] == [f"{BASE}{SHOWCASE}"]
    [image] = og["image"]
    assert image.startswith(f"{BASE}/media/images/") and image.endswith(".jpg")
    assert (Path(settings.MEDIA_ROOT) / image.removeprefix(f"{BASE}/media/")).is_file()

    # Authors, dates, section, tags and language are in the JSON-LD (and Highwire tags): the
    # page stays within its DOM budget.
    for name in ["og:locale", "article:author", "article:published_time"]:
        assert _meta(html, "property", name) == []


def test_json_ld_article_has_authors_dates_publisher_and_licence(client, showcase):
    data = _json_ld(_html(client))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == showcase.title
    assert data["description"] == showcase.chapo
    assert data["datePublished"] == showcase.first_published_at.astimezone(PARIS).isoformat()
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Hélène Vidal", "url": f"{BASE}/auteurs/helene-vidal/"},
        {"@type": "Person", "name": "Claire Morvan", "url": f"{BASE}/auteurs/claire-morvan/"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Association Le Mag qui Connecte les Territoires"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    assert data["inLanguage"] == "fr"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"{BASE}{SHOWCASE}"}
    assert data["image"][0].startswith(f"{BASE}/media/images/")


def test_json_ld_cannot_break_out_of_its_script_element(client, showcase):
    showcase.title = "Données </script><script>alert(1)</script> & co"
    showcase.save_revision().publish()
    html = _html(client)
    assert "<script>alert(1)" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    assert _json_ld(html)["headline"] == showcase.title


def test_update_changes_the_modification_date_everywhere(client, showcase):
    moment = timezone.make_aware(datetime.datetime(2026, 1, 5, 10, 0))
    showcase.corrections.add(ArticleCorrection(kind="mise-a-jour", date=moment, text="Chiffres."))
    showcase.save_revision().publish()
    html = _html(client)
    modified = moment.astimezone(PARIS).isoformat()
    assert _json_ld(html)["dateModified"] == modified
    assert _meta(html, "name", "citation_publication_date") == ["2025/04/14"]  # first one
    assert "Mis à jour le 5 janvier 2026." in _text(html.split('id="citer-titre"')[1])


def test_highwire_tags_let_zotero_capture_authors_and_date(client):
    html = _html(client)
    assert _meta(html, "name", "citation_title") == [
        "État civil : la dématérialisation vue d’une petite mairie"
    ]
    assert _meta(html, "name", "citation_author") == ["Vidal, Hélène", "Morvan, Claire"]
    assert _meta(html, "name", "citation_publication_date") == ["2025/04/14"]
    assert _meta(html, "name", "citation_journal_title") == ["Le Mag qui Connecte les Territoires"]


@time_machine.travel(datetime.datetime(2026, 11, 26, 15, 0, tzinfo=PARIS), tick=False)
def test_cite_this_article_gives_an_iso_690_reference(client):
    html = _html(client)
    section = html.split('<section class="cite"')[1].split("</section>")[0]
    assert '<h2 id="citer-titre">Citer et partager cet article</h2>' in section
    reference = section.split('<p class="reference">')[1].split("</p>")[0]
    assert "<i>Le Mag qui Connecte les Territoires</i>" in reference
    assert "\u00a0: la dématérialisation" in reference  # French typography
    assert _text(reference) == (
        "VIDAL, Hélène et MORVAN, Claire. État civil : la dématérialisation vue d’une petite "
        "mairie. Le Mag qui Connecte les Territoires [en ligne]. 14 avril 2025. "
        "[Consulté le 26 novembre 2026]. Disponible à l’adresse : "
        f"{BASE}{SHOWCASE}"
    )
    assert f'href="{SHOWCASE}citer.bib"' in section
    assert f'href="{SHOWCASE}citer.ris"' in section


@time_machine.travel(datetime.datetime(2026, 11, 26, 15, 0, tzinfo=PARIS), tick=False)
def test_bibtex_download(client):
    response = client.get(f"{SHOWCASE}citer.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="etat-civil-mairie-rurale.bib"'
    )
    text = response.content.decode()
    assert text.startswith("@article{vidal2025etat,\n") and text.endswith("}\n")
    assert text.count("{") == text.count("}")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", text, re.M))
    assert fields["author"] == "Vidal, Hélène and Morvan, Claire"
    assert fields["title"] == "{État civil : la dématérialisation vue d’une petite mairie}"
    assert fields["journal"] == "Le Mag qui Connecte les Territoires"
    assert fields["year"] == "2025" and "  month = apr,\n" in text
    assert fields["date"] == "2025-04-14"
    assert fields["url"] == f"{BASE}{SHOWCASE}"
    assert fields["urldate"] == "2026-11-26"
    assert fields["langid"] == "french"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Le {SIG} de Rennes", "Le {SIG} de Rennes"),
        ("Des {accolades {imbriquées}}", "Des {accolades {imbriquées}}"),
        (
            "Une } seule { et 100 % \\ ~",
            (
                r"Une \textbraceright{} seule \textbraceleft{} et 100 \% \textbackslash{} "
                r"\textasciitilde{}"
            ),
        ),
        ("{{Ouverte}", r"\textbraceleft{}{Ouverte}"),
    ],
)
def test_bibtex_keeps_braces_in_titles(client, showcase, title, expected):
    """Issue 11, defect 20: BibTeX dropped every brace of a title. Braces that pair up stay; a lone
    one becomes TeX's brace character (BibTeX counts even a `\\{`, which would unbalance the
    field)."""
    showcase.title = title
    showcase.save_revision().publish()
    text = client.get(f"{SHOWCASE}citer.bib").content.decode()
    assert text.count("{") == text.count("}")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", text, re.M))
    assert fields["title"] == f"{{{expected}}}"


@time_machine.travel(datetime.datetime(2026, 11, 26, 15, 0, tzinfo=PARIS), tick=False)
def test_ris_download(client):
    response = client.get(f"{SHOWCASE}citer.ris")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="etat-civil-mairie-rurale.ris"'
    )
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - MGZN" and lines[-2:] == ["ER  - ", ""]
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines[:-1])
    records = [tuple(line.split("  - ", 1)) for line in lines[:-1]]
    assert [value for tag, value in records if tag == "AU"] == ["Vidal, Hélène", "Morvan, Claire"]
    fields = dict(records)
    assert fields["TI"] == "État civil : la dématérialisation vue d’une petite mairie"
    assert fields["T2"] == "Le Mag qui Connecte les Territoires"
    assert fields["DA"] == "2025/04/14" and fields["PY"] == "2025"
    assert fields["UR"] == f"{BASE}{SHOWCASE}"
    assert fields["Y2"] == "2026/11/26"
    assert fields["LA"] == "fr"


def test_citation_files_only_for_published_articles(client, showcase):
    assert client.get("/articles/inconnu/citer.bib").status_code == 404
    showcase.unpublish()
    assert client.get(f"{SHOWCASE}citer.ris").status_code == 404


def test_share_links_are_plain_links(client):
    html = _html(client)
    section = html.split('<section class="cite"')[1].split("</section>")[0]
    assert '<h2 id="citer-titre">Citer et partager cet article</h2>' in section
    section = section.split("Partager&nbsp;:")[1]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert [label for _, label in links] == ["Par courriel", "Sur Mastodon", "Sur LinkedIn"]
    mail, mastodon, linkedin = (url for url, _ in links)
    assert mail.startswith("mailto:?subject=%C3%89tat%20civil") and "&amp;body=" in mail
    assert mastodon.startswith("https://s2f.kytta.dev/?text=")
    assert "http%3A//testserver/articles/etat-civil-mairie-rurale/" in mastodon
    assert linkedin == (
        "https://www.linkedin.com/sharing/share-offsite/"
        "?url=http%3A//testserver/articles/etat-civil-mairie-rurale/"
    )
    # Nothing is loaded from elsewhere: no third-party script, image or style.
    assert not re.search(
        r'<(?:script|img|link|iframe)[^>]+(?:src|href)="https?://(?!testserver)', html
    )


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("Hélène Vidal", "Hélène", "Vidal"),
        ("Thomas Le Roux", "Thomas", "Le Roux"),
        ("Collectif", "", "Collectif"),
    ],
)
def test_author_names_split_into_given_and_family_names(name, given, family):
    assert split_name(name) == (given, family)


def test_preview_of_a_draft_never_published_shows_its_citation(showcase):
    draft = showcase.get_parent().add_child(
        instance=ArticlePage(title="Brouillon", slug="brouillon", chapo="Chapô.", live=False)
    )
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert _meta(html, "name", "citation_title") == ["Brouillon"]
    assert "Citer et partager cet article" in html
