"""Links that tell browsers, feed readers and crawlers where things are:
`{% canonical_link %}`, `{% feed_links subject %}` in the head, `{% follow_links subject %}` in
the page."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html, format_html_join

from magazine.core.models import SiteSettings
from magazine.core.typography import french_text
from magazine.feeds.feeds import FEED_FORMATS, ArticleFeed, feed_for

register = template.Library()

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@register.simple_tag(takes_context=True)
def canonical_link(context):
    """The page's own absolute URL, without query string but `?page=N` beyond the first page."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url = f"{url}?{urlencode({'page': page_obj.number})}"
    return format_html('<link rel="canonical" href="{}">', url)


@register.simple_tag(takes_context=True)
def feed_links(context, formats=""):
    """`<link rel="alternate">` to the magazine's feeds and to those of the page's subject, if
    it has some: the `subject` of a listing view (theme, territory, author) or the Wagtail
    `page` (dossier). `formats` (e.g. "rss") keeps only those formats, comma-separated."""
    request = context.get("request")
    if request is None:
        return ""
    subject = context.get("subject") or context.get("page")
    short_name = SiteSettings.for_request(request).short_name
    feeds = [(ArticleFeed.label, ArticleFeed.urls())]
    feed = feed_for(subject)
    if feed is not None:
        feeds.append((feed.subject_label(subject), feed.urls(subject)))
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        (
            (
                FEED_TYPES[feed_format],
                french_text(f"{short_name} · {label} ({FEED_FORMATS[feed_format]})"),
                request.build_absolute_uri(urls[feed_format]),
            )
            for label, urls in feeds
            for feed_format in FEED_FORMATS
            if not formats or feed_format in formats.split(",")
        ),
    )


@register.inclusion_tag("components/follow.html")
def follow_links(subject):
    """« Suivre ce thème : RSS, Atom » on the page of a subject that has feeds."""
    feed = feed_for(subject)
    if feed is None:
        return {}
    return {"label": feed.follow_label, "urls": feed.urls(subject)}
