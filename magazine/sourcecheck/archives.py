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


def with_archives(sources):
    """`sources` (ArticleSource) as a list, each gone one with its `archive_url`: one query
    when any has an address."""
    sources = list(sources)
    urls = {source.url for source in sources if source.url}
    gone = urls and set(
        CheckedLink.objects.gone().filter(url__in=urls).values_list("url", flat=True)
    )
    for source in sources:
        if source.url in gone:
            source.archive_url = archive_url(source.url, source.consulted_on or source.date)
    return sources
