from django import template

from magazine.editorial.trace import reviews_of

register = template.Library()


@register.simple_tag
def relectures(page):
    """« Relu par … le … »: the approved relectures of a published article."""
    return reviews_of(page)
