"""`{% article_citation page as citation %}`: what the metadata, « Citer » and « Partager »
components of an article need (see magazine/articles/citation.py)."""

from django import template

from magazine.articles.citation import ArticleCitation

register = template.Library()


@register.simple_tag(takes_context=True)
def article_citation(context, article):
    return ArticleCitation(article, context["request"])
