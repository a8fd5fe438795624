"""`make bench`: search latency on 10,000 synthetic articles, in a throw-away database.

SQLite in a temporary directory by default; with DATABASE_URL=postgres://… a database named
`<name>_bench` is created beside it and dropped at the end. The articles are real Wagtail pages
(live, classified by theme and territory kind), inserted in bulk: their text is drawn from the
vocabulary of the demo articles, with its word frequencies, so common words are common.

Usage: python bench/search.py [--articles 10000] [--queries 300] [--seed 2026]
"""

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_P95_MS = 20


def configure_database():
    """Point Django at a throw-away database; returns a clean-up function."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return None
    workdir = tempfile.TemporaryDirectory(prefix="lemag-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ["LEMAG_VAR_DIR"] = workdir.name
    os.environ["LEMAG_MEDIA_ROOT"] = f"{workdir.name}/media"
    return workdir.cleanup


def create_schema():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{name}_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return lambda: connection.creation.destroy_test_db(name, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return None


def vocabulary():
    """The words of the demo articles with their frequencies."""
    from magazine.demo.loader import content

    counts = Counter()

    def collect(value):
        if isinstance(value, str):
            counts.update(re.findall(r"[^\W\d_]{2,}", re.sub(r"<[^>]+>", " ", value)))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for article in content.articles():
        collect(article)
    return counts


class Corpus:
    def __init__(self, counts, seed):
        self.random = random.Random(seed)
        self.words = list(counts)
        self.cum_weights = list(itertools.accumulate(counts.values()))
        # Content words (longer, less frequent) make titles and queries.
        self.content_words = [word for word in self.words if len(word) > 4]

    def sentence(self, count):
        words = self.random.choices(self.words, cum_weights=self.cum_weights, k=count)
        return " ".join(words).capitalize() + "."

    def title(self):
        return " ".join(self.random.sample(self.content_words, self.random.randint(4, 9)))

    def body(self):
        return " ".join(self.sentence(self.random.randint(8, 25)) for _ in range(40))


def generate(count, corpus):
    """`count` live articles under the articles section, after those already there, with their
    search entries."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from magazine.articles.models import ArticleIndexPage, ArticlePage
    from magazine.demo.loader import snippets
    from magazine.home.site_structure import ensure_site_structure
    from magazine.search import index
    from magazine.search.models import ArticleSearchEntry
    from magazine.taxonomy.models import TerritoryKind, Theme

    ensure_site_structure()
    snippets.load_taxonomy()
    section = ArticleIndexPage.objects.get()
    themes, kinds = list(Theme.objects.all()), list(TerritoryKind.objects.all())
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    start = datetime(2019, 1, 1, 8, tzinfo=UTC)
    last_child = section.get_last_child()
    first = last_child._get_lastpos_in_path() + 1 if last_child else 1
    pages, articles, entries, theme_links, kind_links = [], [], [], [], []
    for number in range(first, first + count):
        title, chapo, body = corpus.title(), corpus.sentence(40), corpus.body()
        slug = f"article-{number}"
        published = start + timedelta(hours=number * 7)
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(section.path, section.depth + 1, number),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                live=True,
                first_published_at=published,
                last_published_at=published,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
        local = timezone.localtime(published)
        articles.append(
            {
                "chapo": chapo,
                "body": [{"type": "paragraph", "value": f"<p>{body}</p>"}],
                "published_year": local.year,  # as ArticlePage.save() sets them
                "published_month": local.month,
            }
        )
        entries.append({"title": title, "chapo": chapo, "body": body})
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        section.numchild += count
        section.save(update_fields=["numchild"])
        pages = Page.objects.filter(
            depth=section.depth + 1, path__startswith=section.path, path__gte=pages[0].path
        )
        for page, fields in zip(pages.order_by("path"), articles, strict=True):
            article = ArticlePage(page_ptr_id=page.pk, **fields)
            article.save_base(raw=True, force_insert=True)
            chosen = corpus.random.sample(themes, corpus.random.randint(1, 2))
            theme_links += [(page.pk, theme.pk) for theme in chosen]
            chosen = corpus.random.sample(kinds, corpus.random.randint(1, 2))
            kind_links += [(page.pk, kind.pk) for kind in chosen]
        ThemeLink, KindLink = ArticlePage.themes.through, ArticlePage.territory_kinds.through
        ThemeLink.objects.bulk_create(
            [ThemeLink(articlepage_id=a, theme_id=b) for a, b in theme_links], batch_size=1000
        )
        KindLink.objects.bulk_create(
            [KindLink(articlepage_id=a, territorykind_id=b) for a, b in kind_links],
            batch_size=1000,
        )
        ids = list(pages.order_by("path").values_list("pk", flat=True))
    started = time.perf_counter()
    for batch in range(0, count, index.BATCH_SIZE):
        index.store(
            ArticleSearchEntry(page_id=page_id, **fields)
            for page_id, fields in zip(
                ids[batch : batch + index.BATCH_SIZE],
                entries[batch : batch + index.BATCH_SIZE],
                strict=True,
            )
        )
    elapsed = time.perf_counter() - started
    # What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) do on a live site: statistics
    # for the query planner.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return elapsed


def queries(corpus, count):
    """Representative reader queries: one to three words, common and rare, with and without
    accents, plural forms, some filtered by theme or year, a few that find nothing."""
    from magazine.taxonomy.models import Theme

    themes = list(Theme.objects.values_list("slug", flat=True))
    fixed = ["collectivités", "donnees", "données publiques", "mairie rurale", "numérique"]
    fixed += ["inclusion numerique", "élus", "intercommunalité", "zzzz introuvable", "la de"]
    result = [{"q": query} for query in fixed]
    while len(result) < count:
        words = corpus.random.choices(corpus.content_words, k=corpus.random.choice([1, 1, 2, 2, 3]))
        query = {"q": " ".join(words)}
        if corpus.random.random() < 0.15:
            query["q"] = query["q"].lower().replace("é", "e").replace("è", "e")
        if corpus.random.random() < 0.2:
            query["theme"] = corpus.random.choice(themes)
        if corpus.random.random() < 0.1:
            query["annee"] = str(corpus.random.randint(2019, 2026))
        result.append(query)
    return result


def measure(function, items):
    timings = []
    for item in items:
        started = time.perf_counter()
        function(item)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary(label, timings):
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    verdict = "OK" if p95 <= TARGET_P95_MS else f"au-dessus de l’objectif ({TARGET_P95_MS} ms)"
    print(  # noqa: T201
        f"{label:<34} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   p99 {p99:6.1f} ms   "
        f"max {max(timings):6.1f} ms   — {verdict}"
    )


def search_first_page(params):
    from django.core.paginator import Paginator

    from magazine.search.forms import SearchFilterForm
    from magazine.search.query import search_articles

    filters = SearchFilterForm(params)
    results = search_articles(params["q"], filters.article_ids())
    page = Paginator(results, 12).get_page(1)
    return page.paginator.count, list(page.object_list)


def round_trips(items, client):
    """How many SQL queries a filtered search makes, alone and with its whole page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = next(item for item in items if len(item) > 1)
    with CaptureQueriesContext(connection) as search:
        search_first_page(params)
    with CaptureQueriesContext(connection) as view:
        client.get("/recherche/", params)
    return (
        f"requêtes SQL pour {params} : {len(search)} pour la recherche, "
        f"{len(view)} pour toute la page"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    cleanup_dir = configure_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")
    os.environ.setdefault("LEMAG_LOG_LEVEL", "WARNING")  # not one log line per request
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.DEBUG = False  # no query log
    drop_database = create_schema()
    try:
        corpus = Corpus(vocabulary(), options.seed)
        started = time.perf_counter()
        index_seconds = generate(options.articles, corpus)
        print(  # noqa: T201
            f"{connection.vendor} : {options.articles} articles créés en "
            f"{time.perf_counter() - started:.1f} s, dont l’index en {index_seconds:.1f} s"
        )
        items = queries(corpus, options.queries)
        measure(search_first_page, items[:20])  # warm-up
        summary("recherche (1re page de résultats)", measure(search_first_page, items))
        client = Client(HTTP_HOST="127.0.0.1")
        summary(
            "vue /recherche/ (client de test)",
            measure(lambda p: client.get("/recherche/", p), items),
        )
        print(round_trips(items, client))  # noqa: T201
        hits = [search_first_page(item)[0] for item in items]
        print(  # noqa: T201
            f"{len(items)} requêtes ; résultats par requête : "
            f"médiane {statistics.median(hits):.0f}, max {max(hits)} ; "
            f"sans résultat : {sum(1 for hit in hits if not hit)}"
        )
    finally:
        connection.close()
        if drop_database:
            drop_database()
        if cleanup_dir:
            cleanup_dir()


if __name__ == "__main__":
    main()
