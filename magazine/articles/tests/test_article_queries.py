"""The article page reads the database a fixed, small number of times.

Measured on the demo article that uses every block (GET, page cache off, cache in memory):
47 queries before the article prefetched its classification and its dossier; 39 since, related
articles included (2 of them); 26 once its footnotes are prefetched (wagtail-footnotes looked
them up once per paragraph) and the header's and footer's links to standard pages are
remembered (`site_url`); 16 since each process remembers, per cache generation, the site, its
settings, the route to each page and who may read it (magazine.core.routing, restrictions); 18
since `published()` reads the restricted paths first (one small query for the related articles,
one for the dossier's navigation) instead of making SQLite read every page for every article
(5 s for this page at 10,000 articles, bench/corpus.py); 19 since its links (related articles,
dossier) are worked out for an anonymous reader of the default site, as compiled articles store
them (one query for the site); 20 since the first use of each glossary term is marked (one query
for the glossary, magazine.glossary.marking). That is the page rendered from
scratch, before its record is compiled: served from its record (magazine.compiling), the page
takes two queries, the article and its record.
"""

import pytest

ARTICLE_QUERIES = {True: 2, False: 20}  # LEMAG_COMPILED_ARTICLES


@pytest.fixture
def rendered_without_caches(settings):
    """Every request renders the page, and the cache does not talk to the database."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("compiled", [True, False])
def test_article_page_query_count_is_locked(
    client, rendered_without_caches, django_assert_max_num_queries, settings, compiled
):
    settings.LEMAG_COMPILED_ARTICLES = compiled
    url = "/articles/etat-civil-mairie-rurale/"
    client.get(url)  # renditions created, per-process caches (site root paths) filled
    with django_assert_max_num_queries(ARTICLE_QUERIES[compiled]):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-labelledby="a-lire-aussi-titre"' in html
    assert 'class="dossier-nav"' in html
    assert '<a href="/territoires/departement/cantal/">Cantal</a>' in html
