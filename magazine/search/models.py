"""The search index: one entry per published article, with the text readers can find it by."""

from django.db import models

from magazine.articles.models import ArticlePage
from magazine.articles.models.pages import body_text
from magazine.search.text import SUGGESTED_WORD_LENGTHS


class ArticleSearchEntry(models.Model):
    """The readable text of a live, public article, kept in step by `magazine.search.index`.

    Each database builds its own full-text index from these columns (see `backends.py`): an FTS5
    table on SQLite, a generated `tsvector` column on PostgreSQL (both made by migration 0001).
    """

    page = models.OneToOneField(
        ArticlePage,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
        verbose_name="article",
    )
    title = models.TextField("titre")
    chapo = models.TextField("chapô", blank=True)
    body = models.TextField("texte", blank=True)

    class Meta:
        verbose_name = "entrée de l’index de recherche"
        verbose_name_plural = "entrées de l’index de recherche"

    def __str__(self):
        return self.title

    @classmethod
    def for_article(cls, article):
        return cls(
            page_id=article.pk,
            title=article.title,
            chapo=article.chapo,
            body=body_text(article.body),
        )


class IndexedWord(models.Model):
    """A word of the indexed articles, that « Vouliez-vous dire … ? » may offer (see
    `magazine.search.suggestions`): folded, and as first met, lowercased.

    Words are added as articles are indexed; `index.rebuild()` starts again from the published
    articles. A word whose articles have left the index stays until then, but is never offered:
    a suggestion must find articles.
    """

    folded = models.CharField(
        "sans accents", max_length=SUGGESTED_WORD_LENGTHS.stop - 1, primary_key=True
    )
    word = models.CharField("mot", max_length=SUGGESTED_WORD_LENGTHS.stop - 1)

    class Meta:
        verbose_name = "mot indexé"
        verbose_name_plural = "mots indexés"

    def __str__(self):
        return self.word
