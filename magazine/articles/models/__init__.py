from magazine.articles.models.audiences import Audience
from magazine.articles.models.pages import ArticleIndexPage, ArticlePage, ArticleTag
from magazine.articles.models.related import (
    ArticleAuthor,
    ArticleCorrection,
    ArticleSource,
    RelatedArticle,
)

__all__ = [
    "ArticleAuthor",
    "Audience",
    "ArticleCorrection",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleSource",
    "ArticleTag",
    "RelatedArticle",
]
