import functools
import operator

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

RELATED_COUNT = 3
# What two articles have in common, and how much each shared item counts. A shared theme or
# tag says more than a shared kind of territory, which half of the magazine shares.
RELATED_WEIGHTS = {"themes": 3, "tags": 2, "territories": 2, "territory_kinds": 1}


def in_private_section(page=""):
    """Is the page under a view restriction, its own or an ancestor's? What
    `PageQuerySet.public()` excludes, as a condition: `.exclude(in_private_section())`; for
    the page of a related object, the lookup to it: `in_private_section("page__")`.

    Restrictions are few: their pages' tree paths are read now, in one small query, and the
    condition tests each page's own path against them (`path LIKE '<restricted path>%'`), row
    by row, with no subquery. A correlated subquery comparing every page with the restricted
    ones made SQLite read every page for every article (5 s for an article page, 18 s for
    /articles/ at 10,000 articles: bench/corpus.py).
    """
    paths = PageViewRestriction.objects.values_list("page__path", flat=True)
    # Q(pk__in=[]) matches no page: with no restriction, excluding it keeps every page.
    return functools.reduce(
        operator.or_,
        (Q(**{f"{page}path__startswith": path}) for path in sorted(set(paths))),
        Q(**{f"{page}pk__in": []}),
    )


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """Live articles that any reader may see, newest first (the restrictions are read
        now: see `in_private_section`)."""
        # Ties broken by the place in the tree (a column of the page, as the date): SQLite then
        # walks the index of first_published_at and stops at the LIMIT, where a tie broken by
        # the article's id made it sort every article first (10,000 articles: 30 to 70 ms).
        return self.live().exclude(in_private_section()).order_by("-first_published_at", "-path")

    def for_listing(self):
        """What an article card needs, in a fixed number of queries: not the body, which a
        list would read for every article it sorts (`for_feed` has it)."""
        return self.for_feed().defer_streamfields()

    def for_feed(self):
        """A card's relations, and the whole article."""
        return self.select_related("lead_image").prefetch_related(
            models.Prefetch(
                "article_authors",
                queryset=self.model.article_authors.rel.related_model.objects.select_related(
                    "author"
                ),
            ),
            "themes",
        )

    def editors_picks(self):
        return self.filter(editors_pick=True)

    def _having(self, relation, **lookup):
        """Articles with a `relation` row matching `lookup` (a theme, an author…), tested
        article by article (EXISTS) rather than joined: a list then walks the index of dates and
        stops at its page, where the join sorted every article of the subject first (the first
        page of a theme's 2,500 articles at 10,000: 5.9 ms of SQL -> 0.04; bench/corpus.py)."""
        field = self.model._meta.get_field(relation)
        if field.many_to_many and not field.auto_created:
            rows, article = field.remote_field.through._default_manager, field.m2m_field_name()
        else:
            rows, article = field.related_model._default_manager, field.field.name
        return self.filter(models.Exists(rows.filter(**lookup, **{article: models.OuterRef("pk")})))

    def in_theme(self, theme):
        return self._having("themes", theme=theme)

    def in_territory_kind(self, kind):
        return self._having("territory_kinds", territorykind=kind)

    def in_territory(self, territory):
        return self._having("territories", territory=territory)

    def in_dossier(self, dossier):
        return self._having("dossier_links", dossier=dossier)

    def by_author(self, author):
        return self._having("article_authors", author=author)

    def tagged(self, tag):
        return self._having("tagged_items", tag=tag)

    def published_in(self, year, month=None):
        articles = self.filter(published_year=year)
        return articles.filter(published_month=month) if month else articles

    def related_to(self, article, chosen=(), limit=RELATED_COUNT):
        """Articles to read after `article`, in one query.

        First the `chosen` article ids (the editors' choice), in their order; then the articles
        sharing the most themes, tags, territories and kinds of territory with it (see
        RELATED_WEIGHTS), the most recent first among equals. Never `article` itself.

        Each of `article`'s items is a set of articles the database reads once (an uncorrelated
        subquery, kept in a hash or a temporary index); an article's score adds the weights of
        the sets it is in. (Counting the shared items of each article with a subquery per
        relation took PostgreSQL 0.3 to 0.7 s at 10,000 articles: bench/corpus.py.)
        """
        chosen = [pk for pk in dict.fromkeys(chosen) if pk != article.pk]
        score = Value(0)
        for relation, weight in RELATED_WEIGHTS.items():
            for sharing in self._sharing_each_item(article, relation):
                score += Case(When(pk__in=sharing, then=Value(weight)), default=Value(0))
        chosen_rank = Case(
            *(When(pk=pk, then=Value(position)) for position, pk in enumerate(chosen)),
            default=Value(len(chosen)),
            output_field=IntegerField(),
        )
        return (
            self.exclude(pk=article.pk)
            .annotate(chosen_rank=chosen_rank, score=score)
            .filter(Q(pk__in=chosen) | Q(score__gt=0))
            .order_by("chosen_rank", "-score", "-first_published_at", "-path")[:limit]
        )

    def _sharing_each_item(self, article, relation):
        """For each of `article`'s items of `relation`, the ids of the articles that have it too
        (a subquery on the relation's table). The article's own items come from memory (the
        page being read or previewed)."""
        field = self.model._meta.get_field(relation)
        if relation == "tags":
            through, page_column, item_column = field.through, "content_object", "tag"
        else:
            through = field.remote_field.through
            page_column = field.m2m_field_name()
            item_column = field.m2m_reverse_field_name()
        return [
            through.objects.filter(**{item_column: item.pk}).values(page_column)
            for item in getattr(article, relation).all()
        ]


ArticleManager = PageManager.from_queryset(ArticleQuerySet)
