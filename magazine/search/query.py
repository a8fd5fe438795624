"""Searching published articles: `search_articles(query, within)` is what the view paginates."""

from dataclasses import dataclass

from django.db.models import Prefetch

from magazine.articles.models import ArticleAuthor, ArticlePage
from magazine.search import backends, highlight, text

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 12


def clean_query(raw):
    """A query any reader can type, trimmed: no control characters, bounded length."""
    printable = "".join(char for char in (raw or "") if char.isprintable())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@dataclass
class Hit:
    article: ArticlePage
    title: str
    excerpt: str


class SearchResults:
    """The articles matching a query, best first, sliced by the paginator.

    The index holds exactly the live, public articles (see `index.py`), so a search reads the
    index alone; `within`, querysets each selecting one column of article ids (a theme's, a
    year's…), narrows it to the articles in all of them. `count()` fetches the first page with
    the total (one full-text query); any other page costs one more.
    """

    def __init__(self, query, within=(), page_size=PAGE_SIZE):
        self.query = clean_query(query)
        self.words = text.query_words(self.query)
        self.terms = text.query_terms(self.words)
        self.within = list(within)
        self.page_size = page_size
        self.index = backends.for_connection()
        self._total = self._first_ids = None

    def count(self):
        if self._total is None:
            self._total, self._first_ids = 0, []
            if self.words:
                self._total, self._first_ids = self._search(self.page_size, 0)
        return self._total

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("SearchResults se découpe par tranches : results[début:fin].")
        start = key.start or 0
        stop = self.count() if key.stop is None else min(key.stop, self.count())
        if stop <= start:
            return []
        if stop <= self.page_size and start == 0:
            ids = self._first_ids[:stop]
        else:
            ids = self._search(stop - start, start)[1]
        return self._hits(ids)

    def _search(self, limit, offset):
        return self.index.search(self.words, limit, offset, self.within)

    def _hits(self, ids):
        # live() again: should the index lag behind, nothing unpublished is ever shown.
        articles = (
            ArticlePage.objects.live()
            .filter(pk__in=ids)
            .defer_streamfields()
            .select_related("search_entry")
            .prefetch_related(
                Prefetch("article_authors", ArticleAuthor.objects.select_related("author"))
            )
        )
        by_id = {article.pk: article for article in articles}
        return [self._hit(by_id[pk]) for pk in ids if pk in by_id]

    def _hit(self, article):
        entry = article.search_entry
        return Hit(
            article=article,
            title=highlight.marked(entry.title, self.terms),
            excerpt=highlight.excerpt(entry, self.terms),
        )


def search_articles(query, within=(), page_size=PAGE_SIZE):
    """Published articles matching `query`, all of them or only those `within` (see above)."""
    return SearchResults(query, within, page_size)
