"""`make bench`: what rendering each public page type costs, on the demo magazine, then on 10,000
more articles.

The demo magazine is loaded into a throw-away database, with production settings (DEBUG off)
and the page cache off (LEMAG_PAGE_CACHE=0: every request renders the whole page; articles are
served from their compiled records, as in production, after the worker's compilation, which is
timed: CPU ms per article, seconds for every article's links). Every public page type is
requested through Django's test client, in-process: the median CPU time of this process
(SQLite runs in it; PostgreSQL's own work shows in the wall time only), the median wall time
and the number of SQL queries of a render. Then 10,000 synthetic articles are added
(bench/search.py's corpus: live pages with a live revision, their text drawn from the demo's
vocabulary, with themes and kinds of territory; here also authors, territories, tags and a few
corrections), compiled, and every page type is measured again.

SQLite in a temporary directory, then PostgreSQL: DATABASE_URL's server when it is
postgres://… (a throw-away `<name>_bench` database beside it), else a throw-away cluster from
tools/pg-throwaway, else skipped with a message. Each database is measured in a child process.

Usage: python bench/corpus.py [--articles 10000] [--repeat 5] [--databases sqlite,postgresql]
"""

import argparse
import io
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
THROWAWAY = ROOT / "tools" / "pg-throwaway"
RESULT_PREFIX = "CORPUS_JSON "
TARGET_MS = 300  # above this, a page type needs the page cache to be usable
BUDGET_SECONDS = 20  # per page type and corpus: a very slow page is measured fewer times

# Page types the demo pages (magazine/demo/pages.py) do not list; a deep page
# of the articles is added once the corpus is known.
MORE_PAGES = [
    ("flux-rss", "/flux/rss/"),
    ("flux-atom", "/flux/atom/"),
    ("flux-theme", "/flux/themes/inclusion-numerique/rss/"),
    ("flux-corrections", "/flux/corrections/rss/"),
    ("sitemap-index", "/sitemap.xml"),
    ("sitemap-pages", "/sitemap-pages.xml"),
    ("corrections", "/corrections/"),
    ("robots", "/robots.txt"),
]


def log(message):
    print(message, file=sys.stderr, flush=True)  # noqa: T201


# --- in the child process: one database -----------------------------------------------------


def configure(workdir):
    """Production settings, caches off, on a throw-away SQLite database unless DATABASE_URL is
    PostgreSQL's."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "magazine.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "LEMAG_PAGE_CACHE": "0",
            "LEMAG_LOG_LEVEL": "WARNING",
            "LEMAG_VAR_DIR": workdir,
            "LEMAG_MEDIA_ROOT": f"{workdir}/media",
        }
    )
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404 page


def load_demo():
    from django.core.management import call_command
    from search import create_schema

    drop_database = create_schema()
    # The pages link their stylesheet through the manifest of the collected static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())  # not the demo accounts in the table
    return drop_database


def compile_all():
    """What the worker does after publications: compile every article without a current record,
    then every article's links. Timed in CPU of this process (SQLite's work included)."""
    from magazine.compiling import links
    from magazine.compiling.compiler import compile_article
    from magazine.compiling.tasks import articles_to_compile

    times = []
    for article_id in articles_to_compile():
        started = time.process_time()
        compile_article(article_id)
        times.append((time.process_time() - started) * 1000)
    started = time.process_time()
    links.refresh()
    times.sort()
    return {
        "compiled": len(times),
        "compile_ms": statistics.median(times) if times else 0,
        "compile_p90_ms": times[int(len(times) * 0.9)] if times else 0,
        "links_s": time.process_time() - started,
    }


def grow(count, seed):
    """`count` more articles (bench/search.py's corpus), with authors, territories, tags and a
    correction on one article in fifty; returns the seconds it took."""
    from django.db import connection
    from search import Corpus, generate, vocabulary

    from magazine.articles.models import ArticlePage
    from magazine.caching.generation import generation

    started = time.perf_counter()
    corpus = Corpus(vocabulary(), seed)
    before = set(ArticlePage.objects.values_list("pk", flat=True))
    generate(count, corpus)
    new = sorted(set(ArticlePage.objects.values_list("pk", flat=True)) - before)
    classify(new, corpus.random)
    with connection.cursor() as cursor:  # planner statistics, as on a live site
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    revise(new)
    generation.bump()  # what a publication does: per-process memos forgotten
    return time.perf_counter() - started


def revise(ids):
    """A live revision for each new article, as a publication makes: compiled records are tied
    to it. (Its content is left empty: nothing served reads it.)"""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page, Revision

    from magazine.articles.models import ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    base = ContentType.objects.get_for_model(Page)
    with transaction.atomic():
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=base,
                    object_id=str(pk),
                    content={},
                    created_at=timezone.now(),
                )
                for pk in ids
            ],
            batch_size=1000,
        )
        pages = [
            Page(pk=int(revision.object_id), live_revision=revision, latest_revision=revision)
            for revision in revisions
        ]
        Page.objects.bulk_update(pages, ["live_revision", "latest_revision"], batch_size=1000)


def classify(ids, random):
    """Authors, territories, tags and corrections of the new articles, in bulk."""
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from magazine.articles.models import ArticlePage
    from magazine.articles.models.related import ArticleAuthor, ArticleCorrection
    from magazine.people.models import Author
    from magazine.taxonomy.models import Territory

    authors = list(Author.objects.values_list("pk", flat=True))
    territories = list(Territory.objects.values_list("pk", flat=True))
    tags = list(Tag.objects.values_list("pk", flat=True))
    TerritoryLink = ArticlePage.territories.through
    TagLink = ArticlePage.tags.through
    links = {ArticleAuthor: [], TerritoryLink: [], TagLink: [], ArticleCorrection: []}
    for pk in ids:
        for order, author in enumerate(random.sample(authors, random.randint(1, 2))):
            links[ArticleAuthor].append(
                ArticleAuthor(page_id=pk, author_id=author, sort_order=order)
            )
        links[TerritoryLink] += [
            TerritoryLink(articlepage_id=pk, territory_id=territory)
            for territory in random.sample(territories, random.randint(0, 2))
        ]
        links[TagLink] += [
            TagLink(content_object_id=pk, tag_id=tag)
            for tag in random.sample(tags, random.randint(0, 3))
        ]
        if random.random() < 0.02:
            links[ArticleCorrection].append(
                ArticleCorrection(page_id=pk, date=timezone.now(), text="Chiffre corrigé.")
            )
    with transaction.atomic():
        for model, objects in links.items():
            model.objects.bulk_create(objects, batch_size=1000)


def pages_to_measure():
    """(name, path, expected status) of every public page type, a deep page of /articles/
    included."""
    from magazine.articles.models import ArticlePage
    from magazine.articles.models.pages import LISTING_PAGE_SIZE
    from magazine.demo.pages import DEMO_PAGES

    last = -(-ArticlePage.objects.published().count() // LISTING_PAGE_SIZE)
    pages = [(page.name, page.path, page.status) for page in DEMO_PAGES]
    pages.insert(3, ("articles-page-n", f"/articles/?page={last}", 200))
    return pages + [(name, path, 200) for name, path in MORE_PAGES]


def render(client, path):
    """One more request: (CPU ms of this process, wall ms)."""
    started_cpu, started = time.process_time(), time.perf_counter()
    client.get(path)
    return (time.process_time() - started_cpu) * 1000, (time.perf_counter() - started) * 1000


def measure(client, path, status, repeat):
    """Median CPU and wall milliseconds of `repeat` renders (fewer for a very slow page), and
    the SQL queries of one, after a first render that fills the per-process memos."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    if response.status_code != status:
        raise SystemExit(f"{path} : HTTP {response.status_code} au lieu de {status}")
    with CaptureQueriesContext(connection) as queries:
        cpu, wall = render(client, path)
    query_count = len(queries)  # before the next request empties the log
    cpus, walls = [cpu], [wall]
    while len(cpus) < repeat and sum(walls) < BUDGET_SECONDS * 1000:
        cpu, wall = render(client, path)
        cpus.append(cpu)
        walls.append(wall)
    return {
        "cpu_ms": statistics.median(cpus),
        "wall_ms": statistics.median(walls),
        "queries": query_count,
        "renders": len(cpus),
    }


def measure_all(label, repeat):
    from django.test import Client

    from magazine.articles.models import ArticlePage

    client = Client(HTTP_HOST="127.0.0.1")
    articles = ArticlePage.objects.count()
    log(f"Mesure des pages sur {articles} articles ({label})…")
    results = {}
    for name, path, status in pages_to_measure():
        results[name] = {"path": path, **measure(client, path, status, repeat)}
        log(f"  {name:<20} {results[name]['cpu_ms']:8.1f} ms CPU")
    return {"label": label, "articles": articles, "pages": results}


def run_child(options):
    from django.db import connection

    with tempfile.TemporaryDirectory(prefix="lemag-bench-corpus-") as workdir:
        configure(workdir)
        log(f"{connection.vendor} : chargement du magazine de démonstration…")
        drop_database = load_demo()
        try:
            compiling = compile_all()
            demo = {**measure_all("démo", options.repeat), "compiling": compiling}
            seconds = grow(options.articles, options.seed)
            log(f"{connection.vendor} : {options.articles} articles ajoutés en {seconds:.0f} s")
            compiling = compile_all()
            log(f"{connection.vendor} : compilés : {compiling}")
            grown = {**measure_all(f"+{options.articles}", options.repeat), "compiling": compiling}
        finally:
            connection.close()
            if drop_database:
                drop_database()
    result = {"database": connection.vendor, "corpora": [demo, grown]}
    print(RESULT_PREFIX + json.dumps(result), flush=True)  # noqa: T201


# --- in the parent process: one child per database, one table --------------------------------


def child_command(database, options):
    """(command, environment) of the child that measures `database`; (None, None), after
    saying why, when PostgreSQL is missing."""
    command = [PYTHON, __file__, "--child", "--articles", str(options.articles)]
    command += ["--repeat", str(options.repeat), "--seed", str(options.seed)]
    url = os.environ.get("DATABASE_URL", "")
    if database == "sqlite":
        return command, {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url.startswith(("postgres://", "postgresql://")):
        return command, dict(os.environ)
    available = subprocess.run([THROWAWAY, "--available"], capture_output=True)
    if available.returncode == 0:
        return [str(THROWAWAY), *command], dict(os.environ)
    log(
        "PostgreSQL ignoré : définissez DATABASE_URL=postgres://… ou installez PostgreSQL "
        "(apt-get install postgresql) pour un cluster jetable (tools/pg-throwaway)."
    )
    return None, None


def run_database(database, options):
    command, env = child_command(database, options)
    if command is None:
        return None
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
    lines = [line for line in process.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if process.returncode or not lines:
        raise SystemExit(f"bench/corpus.py : échec de la mesure sur {database}")
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))


def print_table(result):
    demo, grown = result["corpora"]
    # SQLite works in this process: its CPU time says it all. PostgreSQL's work shows in the
    # wall time only.
    judged = "wall_ms" if result["database"] == "postgresql" else "cpu_ms"
    lines = [
        f"\nRendu sans cache, {result['database']} — médianes par type de page "
        f"(ms CPU : ce processus ; ms : temps écoulé ; req. : requêtes SQL)",
        f"{'':<20} {demo['articles']:>6} articles (démo)   {grown['articles']:>6} articles",
        f"{'page':<20} {'ms CPU':>8} {'ms':>8} {'req.':>5}   {'ms CPU':>8} {'ms':>8} {'req.':>5}",
    ]
    for name, small in demo["pages"].items():
        large = grown["pages"][name]
        flag = f"  ← plus de {TARGET_MS} ms" if large[judged] > TARGET_MS else ""
        lines.append(
            f"{name:<20} {small['cpu_ms']:8.1f} {small['wall_ms']:8.1f} {small['queries']:>5}   "
            f"{large['cpu_ms']:8.1f} {large['wall_ms']:8.1f} {large['queries']:>5}{flag}"
        )
    for corpus in (demo, grown):
        compiling = corpus["compiling"]
        lines.append(
            f"Compilation ({corpus['articles']} articles) : {compiling['compiled']} articles, "
            f"médiane {compiling['compile_ms']:.1f} ms CPU (p90 {compiling['compile_p90_ms']:.1f}),"
            f" liens de tous les articles {compiling['links_s']:.2f} s CPU"
        )
    print("\n".join(lines))  # noqa: T201


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--repeat", type=int, default=5, help="rendus mesurés par page (défaut : 5)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="défaut : sqlite,postgresql"
    )
    parser.add_argument("--json", action="store_true", help="résultats en JSON sur stdout")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main():
    options = parse_arguments()
    if options.child:
        run_child(options)
        return
    results = []
    for database in options.databases.split(","):
        result = run_database(database.strip(), options)
        if result:
            results.append(result)
    for result in results:
        if options.json:
            print(json.dumps(result))  # noqa: T201
        else:
            print_table(result)


if __name__ == "__main__":
    main()
