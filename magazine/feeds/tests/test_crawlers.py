"""What crawlers read: sitemap.xml, robots.txt and canonical links."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.timezone import localdate

from magazine.articles.models import ArticlePage
from magazine.articles.models.pages import LISTING_PAGE_SIZE
from magazine.feeds.sitemaps import PageSitemap
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

BASE = "http://testserver"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(client, url):
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def _sections(client):
    """The URLs of the sitemap's sections, as its index lists them."""
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    return [entry.findtext("s:loc", namespaces=NS) for entry in index.findall("s:sitemap", NS)]


def _sitemap(client):
    """Every URL the sitemap lists, in every section, with its `lastmod`."""
    urls = {}
    for section in _sections(client):
        for url in _xml(client, section).findall("s:url", NS):
            location = url.findtext("s:loc", namespaces=NS)
            assert location not in urls, f"{location} listed twice"
            urls[location] = url.findtext("s:lastmod", namespaces=NS)
    return urls


def test_sitemap_lists_every_published_article_with_its_last_modification(client):
    urls = _sitemap(client)
    articles = list(ArticlePage.objects.published())
    assert articles
    for article in articles:
        lastmod = urls[f"{BASE}{article.url}"]
        assert lastmod == localdate(article.last_published_at).isoformat(), article.slug
    for page in ["/", "/articles/", "/dossiers/", "/dossiers/donnees-locales/", "/a-propos/"]:
        assert f"{BASE}{page}" in urls, page


def test_sitemap_leaves_out_unpublished_articles(client):
    article = ArticlePage.objects.get(slug="secretaire-de-mairie")
    article.unpublish()
    assert f"{BASE}/articles/secretaire-de-mairie/" not in _sitemap(client)


def test_sitemap_lists_the_listing_views(client):
    urls = _sitemap(client)
    for path in ["/themes/", "/territoires/", "/auteurs/", "/archives/", "/corrections/"]:
        assert f"{BASE}{path}" in urls, path
    for model in (Theme, TerritoryKind, Territory, Author):
        for item in model.objects.all():
            assert f"{BASE}{item.get_absolute_url()}" in urls, item
    tag = ArticlePage.objects.get(slug="etat-civil-mairie-rurale").tags.first()
    assert f"{BASE}/mots-cles/{tag.slug}/" in urls
    assert f"{BASE}/archives/2025/" in urls and f"{BASE}/archives/2025/04/" in urls
    assert all(client.get(url.removeprefix(BASE)).status_code == 200 for url in urls)


def test_a_large_section_is_cut_into_pages_the_index_lists(client, monkeypatch):
    everything = _sitemap(client)
    pages = [url for url in everything if not url.startswith(f"{BASE}/themes/")]
    monkeypatch.setattr(PageSitemap, "limit", 4)
    sections = _sections(client)
    page_sections = [url for url in sections if "/sitemap-pages.xml" in url]
    assert len(page_sections) > 3
    assert page_sections[:2] == [f"{BASE}/sitemap-pages.xml", f"{BASE}/sitemap-pages.xml?p=2"]
    for section in page_sections:
        assert 1 <= len(_xml(client, section).findall("s:url", NS)) <= 4, section
    assert _sitemap(client) == everything and pages
    last = int(page_sections[-1].rsplit("=", 1)[1])
    assert client.get(f"/sitemap-pages.xml?p={last + 1}").status_code == 404


@pytest.mark.parametrize(
    "url", ["/sitemap-inconnu.xml", "/sitemap-pages.xml?p=0", "/sitemap-pages.xml?p=deux"]
)
def test_an_unknown_section_or_page_of_the_sitemap_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_robots_txt_allows_all_but_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert [line for line in lines if line.startswith("Disallow")] == ["Disallow: /admin/"]
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def _canonical(client, url):
    html = client.get(url).content.decode()
    assert html.count('rel="canonical"') == 1, url
    return html.split('<link rel="canonical" href="')[1].split('"')[0]


def test_every_page_names_its_canonical_url(client):
    for url in [
        "/",
        "/articles/etat-civil-mairie-rurale/",
        "/themes/",
        "/themes/inclusion-numerique/",
        "/territoires/metropole/rennes-metropole/",
        "/dossiers/donnees-locales/",
        "/auteurs/helene-vidal/",
        "/a-propos/",
        "/archives/2025/",
        "/corrections/",
    ]:
        assert _canonical(client, url) == f"{BASE}{url}"


def test_canonical_url_keeps_the_page_number_beyond_the_first(client):
    assert _canonical(client, "/articles/?page=2") == f"{BASE}/articles/?page=2"
    assert _canonical(client, "/articles/?page=1") == f"{BASE}/articles/"
    assert _canonical(client, "/articles/?page=abc&utm_source=x") == f"{BASE}/articles/"
    last = math.ceil(ArticlePage.objects.published().count() / LISTING_PAGE_SIZE)
    assert last > 1
    assert _canonical(client, "/articles/?page=99") == f"{BASE}/articles/?page={last}"
    assert _canonical(client, "/themes/inclusion-numerique/?page=1") == (
        f"{BASE}/themes/inclusion-numerique/"
    )


def test_missing_page_has_no_canonical_url(client):
    html = client.get("/nulle-part/").content.decode()
    assert 'rel="canonical"' not in html


def test_the_sitemap_index_counts_once_per_generation(rf, publish):
    """The index asks every section for its size and the pages for their latest change: worked
    out once per generation (10,000 articles: 19 ms a request, then 7), and a publication is
    seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from magazine.feeds.views import sitemap_index

    first = sitemap_index(rf.get("/sitemap.xml"))
    first.render()
    with CaptureQueriesContext(connection) as queries:
        sitemap_index(rf.get("/sitemap.xml")).render()
    asked = [query["sql"] for query in queries]
    assert not [sql for sql in asked if "COUNT(" in sql or "MAX(" in sql], asked

    article = ArticlePage.objects.live().first()
    publish(article, title=article.title + " (mis à jour)")
    again = sitemap_index(rf.get("/sitemap.xml"))
    again.render()
    latest = re.compile(rb"sitemap-pages\.xml</loc>\s*<lastmod>([^<]+)</lastmod>")
    assert latest.search(again.content).group(1) != latest.search(first.content).group(1)
