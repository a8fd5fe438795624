"""`{% site_url "a-propos" %}`: Wagtail's `slugurl`, remembered by each process.

The header and the footer of every page link to standard pages by slug; `slugurl` costs a
query or two per link and per render. Their URLs only change when a page is published,
unpublished, moved or deleted, which starts a new page-cache generation: the URLs found are
kept for the current generation and site.
"""

from django import template
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import slugurl

from magazine.caching.generation import remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def site_url(context, slug):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    key = ("site-url", site.pk if site else None, slug)
    return remembered.get(key, lambda: slugurl(context, slug), request)
