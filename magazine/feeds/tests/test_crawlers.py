"""What crawlers read: sitemap.xml, robots.txt and canonical links."""

import math
import xml.etree.ElementTree as ET

from django.utils.timezone import localdate

from magazine.articles.models import ArticlePage
from magazine.articles.models.pages import LISTING_PAGE_SIZE
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

BASE = "http://testserver"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


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
