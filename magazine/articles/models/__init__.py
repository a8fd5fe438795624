from magazine.articles.models.pages import ArticleIndexPage, ArticlePage, ArticleTag
from magazine.articles.models.related import (
    ArticleAuthor,
    ArticleCorrection,
    ArticleSource,
    RelatedArticle,
)

__all__ = [
    "ArticleAuthor",
    "ArticleCorrection",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleSource",
    "ArticleTag",
    "RelatedArticle",
]
