"""The address of an archived copy of a source that is gone: a web archive's address pattern
(LEMAG_ARCHIVE_URL, the Internet Archive's Wayback Machine by default) with the day the source
was consulted — the copy nearest that day. Built, never fetched."""

from urllib.parse import quote

from django.conf import settings

from magazine.sourcecheck.models import CheckedLink


def archive_url(url, day=None):
    """The archived copy of `url` nearest `day` (a date; without one, the latest copy)."""
    stamp = day.strftime("%Y%m%d") if day else ""
    address = settings.LEMAG_ARCHIVE_URL.format(date=stamp, url=quote(url, safe=":/?&=%#+@;,~"))
    return address.replace("/web//", "/web/")


def mark_archives(sources):
    """Give each of `sources` (ArticleSource) its `archive_url`, None unless its address is
    gone: one query for them all (a feed marks its articles' sources at once)."""
    urls = {source.url for source in sources if source.url}
    gone = urls and set(
        CheckedLink.objects.gone().filter(url__in=urls).values_list("url", flat=True)
    )
    for source in sources:
        day = source.consulted_on or source.date
        source.archive_url = archive_url(source.url, day) if source.url in gone else None


def with_archives(sources):
    """`sources` as a list, each with its `archive_url` (those not yet marked marked now)."""
    sources = list(sources)
    mark_archives([source for source in sources if not hasattr(source, "archive_url")])
    return sources
