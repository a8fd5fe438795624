"""Parts of pages rendered once and kept: `{% fragment %}` in templates.

The page cache (`magazine.caching.pagecache`) forgets every page whenever anything is published,
and the first readers after a publication wait for whole pages to be rendered again. Yet most
of an article — its body, notes, sources, classification, the metadata of its head — only
changes when the article itself is published again, or when something it shows from elsewhere
changes: an image, a document, a theme, an author, the URL of a page, the site settings.

    {% load fragments %}
    {% fragment "article-body" page.cache_key %} … {% endfragment %}
    {% fragment "article-links" page.cache_key per_generation=True %} … {% endfragment %}

A fragment is stored under its name, the values it varies on (`page.cache_key`: the page, its
URL and the time it was last published) and a generation:

- by default the *structure* generation, which the changes above start (see
  `pagecache.invalidate_structure`), not the publication of another page: an article's body
  survives the publication of the next one;
- with `per_generation=True`, the page generation, started by every publication: for what lists
  other pages (related articles, the dossier's previous and next ones).

A fragment shows absolute URLs built from the host of the request: it is stored per host, and
only for the hosts pages are stored for (`pagecache.stored_host`), rendered afresh for any other
(a port or a name readers made up), so that readers cannot multiply fragments.

Keys also carry a digest of the code and templates (`pagecache.code_version`): processes running
another version never share fragments. A request uses the generations it saw first
(`pagecache.generations_of`). Fragments live in the shared cache and the most recent ones in each
process's memory. They are rendered afresh, and not stored, in previews and without a request,
and when `settings.LEMAG_FRAGMENT_CACHE` is off (the load bench measures a render from scratch so).

A fragment replays what rendering it records on the request besides its HTML: the images the
page weighs for its footer (`magazine.sobriety.weight.record_image`).
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe

from magazine.caching.pagecache import (
    Stored,
    code_version,
    generation,
    generations_of,
    stored_host,
)
from magazine.sobriety.weight import record_image

KEY_PREFIX = "lemag:fragment:1"  # the version of StoredFragment
TIMEOUT = 7 * 24 * 60 * 60


class StoredFragment(Stored):
    """The HTML of a fragment, and the images it recorded for the page's weight."""

    __slots__ = ("html", "images", "size")

    def __init__(self, html, images):
        self.html = str(html)
        self.images = list(images)
        self.size = len(self.html) + 256


def _stored_under(request):
    """The generations and the host a fragment is stored under, or None when it must be
    rendered afresh."""
    if (
        not settings.LEMAG_FRAGMENT_CACHE
        or request is None
        or getattr(request, "is_preview", False)
    ):
        return None
    pair = generations_of(request)
    host = stored_host(request)
    if None in pair or host is None:  # the shared cache lost the generations; a host not kept
        return None
    return pair, host


def _key(request, host, name, vary_on, scope):
    # Absolute URLs (canonical, citation, OpenGraph) depend on how the page was asked for.
    values = [request.scheme, host, *vary_on]
    digest = hashlib.md5("\x1f".join(map(str, values)).encode(), usedforsecurity=False)
    return f"{KEY_PREFIX}:{code_version()}:{scope}:{name}:{digest.hexdigest()}"


def render_fragment(request, name, vary_on, render, per_generation=False):
    """The HTML `render()` returns, from memory, the shared cache, or rendered and stored."""
    stored_under = _stored_under(request)
    if stored_under is None:
        return render()
    pair, host = stored_under
    scope = f"p{pair[0]}" if per_generation else f"s{pair[1]}"
    key = _key(request, host, name, vary_on, scope)
    stored = generation.fragments.get(key) or caches["default"].get(key)
    if stored is None:
        recorded = request.__dict__.setdefault("page_weight_images", [])
        before = len(recorded)
        html = render()
        stored = StoredFragment(html, recorded[before:])
        caches["default"].set(key, stored, TIMEOUT)
        generation.remember_fragment(key, stored, pair)
        return html
    generation.remember_fragment(key, stored, pair)
    for size_bytes, lazy in stored.images:
        record_image(request, size_bytes, lazy)
    return mark_safe(stored.html)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, per_generation):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.per_generation = per_generation

    def render(self, context):
        vary_on = [value.resolve(context) for value in self.vary_on]
        return render_fragment(
            context.get("request"),
            self.name,
            vary_on,
            lambda: self.nodelist.render(context),
            per_generation=self.per_generation,
        )


def do_fragment(parser, token):
    """{% fragment "name" [value…] [per_generation=True] %} … {% endfragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a quoted name.")
    name = bits[1]
    if not (name[0] == name[-1] and name[0] in "\"'"):
        raise template.TemplateSyntaxError(f"'{bits[0]}': the name must be quoted.")
    per_generation = False
    if bits[-1] == "per_generation=True":
        per_generation = True
        bits = bits[:-1]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, name[1:-1], vary_on, per_generation)
