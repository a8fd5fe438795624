"""Full-page cache of the public site, and the HTTP caching headers of its pages.

Anonymous readers (no session cookie, no Authorization header) who GET a public page share one
stored copy of it: the first request renders the page, the next ones are answered by
`PageCacheMiddleware`, near the top of the middleware stack, without running anything below it.
Copies live in the shared cache (settings.CACHES: a database table, or Redis) and the most recent
ones also in each process's memory, so that most hits cost no query at all.

Invalidation is by *generation*. Every copy is stored under the current generation, a number kept
in the shared cache. Whenever something a reader can see changes (a page published, unpublished,
moved or deleted; a correction; a theme, territory, author, reviewer's name, image, document, view
restriction or the site settings; a deployment, which runs `migrate`), a signal handler replaces
that number once the transaction has committed, and every stored copy is forgotten at once: it is
never read again and expires. A second number, the *structure* generation, changes with all of
these but the publication of a page: the fragments each page keeps per revision
(`magazine.caching.fragments`) are stored under it, and survive the publication of other pages.

What is stored is bounded by what the site publishes, not by what readers ask for. A page is
stored only when it is asked for by a host named in ALLOWED_HOSTS (in lower case, without a port
or with the port the request came in on: `stored_host`) and with no query parameter but those the
public views read (`QUERY_PARAMETERS`); any other request is answered, rendered afresh, and not
stored, so `?utm=…` or `Host: …:1234` cannot multiply copies. Values of those parameters still
can (`?page=2`, `?page=3`…), so whole pages have a cache of their own (the "pages" alias,
settings.CACHES): when readers fill it, its culling forgets pages only, never the generations nor
the fragments, which stay in the "default" alias.

Each process re-reads the generations at most every GENERATION_CHECK_SECONDS and at least once
per second of the clock, so a publication is served by every process (gunicorn's, and the
worker's that publishes scheduled pages) within that delay.

The generation is the time of the latest change, in microseconds, so it is also the
`Last-Modified` of every page: a page shows more than its own fields (author bios, lists of other
articles, the dossier it belongs to), and the time of the latest change anywhere is the only date
that is never too old. The `ETag` (ConditionalGetMiddleware, from the content) does the precise
work: browsers and proxies send both, and If-None-Match wins.

Public pages say `Cache-Control: public, max-age=0, s-maxage=1, ...`: browsers revalidate every
time (a 304 when nothing changed), shared caches keep a page one second. nginx counts cache
lifetimes in whole seconds, so "one second" may last almost two there; `X-Accel-Expires` tells it
the exact second after which its copy is stale (deploy/nginx.conf), which keeps a publication
visible through nginx within one second.
"""

import functools
import hashlib
import re
import threading
import time
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import add_never_cache_headers, cc_delim_re, get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

GENERATION_KEY = "lemag:pagegen"
STRUCTURE_KEY = "lemag:structuregen"
PAGE_KEY_PREFIX = "lemag:page:2"  # the version of StoredPage
GENERATION_CHECK_SECONDS = 0.25
LOCAL_MAX_BYTES = 32 * 1024 * 1024  # per process: a few hundred pages, both encodings
LOCAL_FRAGMENTS_MAX_BYTES = 32 * 1024 * 1024  # per process: a few thousand article bodies
PER_GENERATION_MAX_VALUES = 20_000  # routes, URLs, page weights… remembered per process

# Browsers revalidate every time; shared caches keep a page a second, may serve it a little longer
# while they fetch the new one, and much longer if the application is down.
PUBLIC_CACHE_CONTROL = (
    "public, max-age=0, s-maxage=1, stale-while-revalidate=10, stale-if-error=86400"
)

# Never stored nor served from the cache: the admin, downloads of documents (which may belong to
# a private collection), the health check, the newsletter (its links carry personal tokens).
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/sante/", "/lettre/")
# Cookies that mean the page may be personal: a session (a logged-in editor sees the userbar,
# a private page its content), Django's messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# A stored copy is the same for every anonymous reader if it varies on nothing else than these:
# the encoding is part of the key, cookies are handled above, the site speaks one language.
HARMLESS_VARY = {"accept-encoding", "cookie", "accept-language"}
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# The query parameters public views read: the page of a list (magazine.articles.pagination), the
# filters of the archives and the search (magazine.articles.filters, magazine.search.forms), the
# words searched, the page of the sitemap (Django's sitemap view). A URL with any other parameter
# is answered but not stored.
QUERY_PARAMETERS = frozenset({"page", "theme", "territoire", "annee", "q", "p"})
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip

# Parts of a page's revision, saved when it is published: saving or deleting one starts a new
# page generation (the list of corrections shows them); the page's own fragments follow its
# publication.
PAGE_PART_MODELS = ["articles.ArticleCorrection"]
# What readers see besides pages: saving or deleting any of these starts new generations of
# pages and fragments.
CONTENT_MODELS = [
    "taxonomy.Theme",
    "taxonomy.TerritoryKind",
    "taxonomy.Territory",
    "people.Author",
    "people.AuthorLink",
    "core.SiteSettings",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "taggit.Tag",
]


def _cache():
    """The generations live here, with the fragments (magazine.caching.fragments)."""
    return caches["default"]


def _pages_cache():
    """Whole pages: a cache of their own, whose culling cannot reach the generations."""
    return caches["pages"]


RENDERING_PACKAGES = ("django", "wagtail", "wagtail-footnotes")


@functools.cache
def code_version():
    """A digest of what renders pages: the magazine's code and templates, the versions of
    Django and Wagtail. Pages and fragments are stored under it, so processes only share them
    with processes running the same code: during a rolling deployment, a process still running
    the previous version neither serves the new version's copies nor stores its own for it."""
    root = Path(__file__).resolve().parent.parent  # the magazine package
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html"} and "tests" not in path.parts and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for package in RENDERING_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:12]


class LocalStore:
    """What one process keeps in memory for the current generation: at most `max_bytes` of
    items (each with a `size`), the oldest forgotten first."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.items = {}  # key -> item, oldest first
        self.bytes = 0

    def get(self, key):
        return self.items.get(key)

    def put(self, key, item):
        if key in self.items:
            self.bytes -= self.items.pop(key).size
        self.items[key] = item
        self.bytes += item.size
        while self.bytes > self.max_bytes and self.items:
            self.bytes -= self.items.pop(next(iter(self.items))).size

    def clear(self):
        self.items = {}
        self.bytes = 0


class Generation:
    """This process's copy of the two generations, and what it keeps in memory for them.

    `value` is the page generation: whole pages are stored under it. `structure` is the
    generation of what many pages show besides their own content (URLs, images, documents,
    themes, authors, settings): fragments rendered once per revision of a page
    (`magazine.caching.fragments`) are stored under it, and survive the publication of other pages.
    Both are read together, in one request to the shared cache, and a structural change writes
    the structure first: a process never sees a new page generation with an old structure. A
    request works with the pair it saw first (`generations_of`), whatever it renders.
    """

    def __init__(self):
        self.value = None
        self.structure = None
        self.checked = 0.0  # time.time() of the last read, so that time-machine can freeze it
        self.pages = LocalStore(LOCAL_MAX_BYTES)
        self.fragments = LocalStore(LOCAL_FRAGMENTS_MAX_BYTES)
        self.lock = threading.Lock()

    def current(self):
        now = time.time()
        checked = self.checked
        if (
            self.value is None
            or not 0 <= now - checked < GENERATION_CHECK_SECONDS
            or int(now) != int(checked)
        ):
            cache = _cache()
            values = cache.get_many([STRUCTURE_KEY, GENERATION_KEY])
            if len(values) < 2:  # first start, or evicted: new generations, as after a change
                for key in (STRUCTURE_KEY, GENERATION_KEY):
                    cache.add(key, _new_value(), timeout=None)
                values = cache.get_many([STRUCTURE_KEY, GENERATION_KEY])
            self._adopt(values.get(GENERATION_KEY), values.get(STRUCTURE_KEY), now)
        return self.value

    def current_structure(self):
        return self.pair()[1]

    def pair(self):
        """(page generation, structure generation), as read together."""
        self.current()
        with self.lock:
            return (self.value, self.structure)

    def bump(self, structure=False):
        """Start a new page generation (and a new structure first, if `structure`): every process
        stops serving the pages (and fragments) it has stored. This one adopts both numbers as
        the shared cache has them now."""
        cache = _cache()
        for key in [STRUCTURE_KEY, GENERATION_KEY] if structure else [GENERATION_KEY]:
            value = max(_new_value(), (cache.get(key) or 0) + 1)  # the clock may lag
            cache.set(key, value, timeout=None)
        with self.lock:
            self.checked = 0.0
        self.current()

    def _adopt(self, value, structure, now):
        with self.lock:
            if value != self.value:
                self.pages.clear()
                self.value = value
            if structure != self.structure:
                self.fragments.clear()
                self.structure = structure
            self.checked = now

    def remember(self, key, page, value):
        """Keep `page`, rendered in generation `value`, if that is still this process's."""
        with self.lock:
            if self.value == value:
                self.pages.put(key, page)

    def remember_fragment(self, key, fragment, pair):
        """Keep `fragment`, rendered with the generations `pair`, if they are still current."""
        with self.lock:
            if (self.value, self.structure) == pair:
                self.fragments.put(key, fragment)

    def forget_local_copies(self):
        """Forget this process's copy of the generations and what it stored (the shared cache
        stays)."""
        with self.lock:
            self.value = None
            self.structure = None
            self.checked = 0.0
            self.pages.clear()
            self.fragments.clear()


def _new_value():
    return time.time_ns() // 1000


generation = Generation()


def generations_of(request):
    """The (page, structure) generations `request` works with: those it saw first. Everything a
    request stores or remembers is stored under them, whatever changes while it is rendered."""
    if request is None:
        return generation.pair()
    pair = request.__dict__.get("_lemag_generations")
    if pair is None:
        pair = request._lemag_generations = generation.pair()
    return pair


def _newer(pair, than):
    return None not in pair and (than is None or (pair[0] >= than[0] and pair[1] >= than[1]))


class PerGeneration:
    """Values one process works out once per generation: the site and its settings, the URLs of
    pages, the routes to them, who may read them, the choices of the search filters. A new
    generation (anything published, unpublished, moved or deleted, see `invalidate`) forgets
    them all."""

    def __init__(self):
        self.pair = None
        self.values = {}
        self.lock = threading.Lock()

    def current(self, request=None):
        """The values (a dict) of the generations `request` works with; what is added to it is
        forgotten with them. A request that started before the latest change gets a dict of its
        own, which nothing else reads."""
        pair = generations_of(request)
        with self.lock:
            if pair == self.pair:
                return self.values
            if _newer(pair, self.pair):
                self.pair, self.values = pair, {}
                return self.values
        return {}

    def get(self, key, compute, request=None):
        values = self.current(request)
        if key in values:
            return values[key]
        value = compute()
        self.keep(values, key, value)
        return value

    @staticmethod
    def keep(values, key, value):
        """Add `value` to `values` (a dict `current` returned) unless it is full: a crawler's
        endless searches, or hosts, are then worked out each time, not kept."""
        if len(values) < PER_GENERATION_MAX_VALUES:
            values[key] = value

    def forget(self):
        with self.lock:
            self.pair, self.values = None, {}


remembered = PerGeneration()


class Stored:
    """Something the caches keep, with `__slots__` (small, quick to copy), pickled by name."""

    __slots__ = ()

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)


class StoredPage(Stored):
    """What a hit needs to answer: the content, its headers and its validators."""

    __slots__ = ("content", "headers", "etag", "last_modified", "size")

    def __init__(self, response):
        self.content = response.content
        # ResponseHeaders' own storage: copied as is, the headers need no new validation.
        self.headers = dict(response.headers._store)
        self.etag = response.get("ETag")
        self.last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        self.size = len(self.content) + 1024

    def response(self):
        response = HttpResponse(self.content)
        response.headers._store = self.headers.copy()  # a hit is mostly this: keep it cheap
        return response


def invalidate(**kwargs):
    """A page was published: once committed, start a new page generation (lists, related
    articles and dossiers may show it). Fragments of other pages stay."""
    transaction.on_commit(generation.bump)


def invalidate_structure(**kwargs):
    """Something many pages show changed (a URL, an image, a document, a theme, an author, the
    settings, who may read a page): once committed, start new generations of pages and
    fragments."""
    transaction.on_commit(functools.partial(generation.bump, structure=True))


# What readers may see of a user: a reviewer's name is on the articles they reviewed
# (« Relu par », magazine.editorial.trace.display_name).
PUBLIC_USER_FIELDS = ("first_name", "last_name", "username")


def _user_saving(sender, instance, update_fields=None, **kwargs):
    """A user whose name changes (not a login, a password, groups…) starts new generations."""
    if instance.pk is None or (update_fields and not set(update_fields) & set(PUBLIC_USER_FIELDS)):
        return
    before = sender.objects.filter(pk=instance.pk).values_list(*PUBLIC_USER_FIELDS).first()
    if before != tuple(getattr(instance, name) for name in PUBLIC_USER_FIELDS):
        invalidate_structure()


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate_structure()


def connect_signals():
    """Connect the receivers that start a new generation (idempotent)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(invalidate, dispatch_uid="lemag-pagecache")
    for signal in (page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate_structure, dispatch_uid="lemag-pagecache")
    post_delete.connect(_page_deleted, dispatch_uid="lemag-pagecache-page")
    models = [apps.get_model(label) for label in CONTENT_MODELS]
    for model in [*models, get_image_model(), get_document_model()]:
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_structure, sender=model, dispatch_uid=f"lemag-pagecache-{model}"
            )
    pre_save.connect(_user_saving, sender=get_user_model(), dispatch_uid="lemag-pagecache-user")
    for model in [apps.get_model(label) for label in PAGE_PART_MODELS]:
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=model, dispatch_uid=f"lemag-pagecache-{model}")


def _is_public_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return not any(name in cookies for name in PERSONAL_COOKIES)


def _is_personal_request(request):
    return (
        request.path.startswith("/admin/")
        or "HTTP_AUTHORIZATION" in request.META
        or any(name in request.COOKIES for name in PERSONAL_COOKIES)
    )


def _is_public_response(request, response):
    """A response every anonymous reader may get: a plain 200 that sets no cookie, says nothing
    private, used no CSRF token and varies on nothing but the encoding."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):  # the page holds a token tied to this reader
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & {"private", "no-cache", "no-store"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= HARMLESS_VARY


def stored_host(request):
    """The host pages and fragments are stored for, as the request gave it, or None when what
    is rendered for this request must not be stored.

    Pages show absolute URLs built from the host (canonical link, citation, feeds), so a copy
    only serves the host it was rendered for. Django accepts any port, and any name a wildcard
    of ALLOWED_HOSTS matches: only a name ALLOWED_HOSTS lists, in lower case, without a port or
    with the one the request came in on, is stored, so that readers cannot multiply copies.
    """
    try:
        host = request.get_host()
    except DisallowedHost:  # answered 400 further down
        return None
    domain, _port = split_domain_port(host)
    if host not in (domain, f"{domain}:{request.get_port()}"):
        return None
    return host if domain in {name.lower() for name in settings.ALLOWED_HOSTS} else None


def _storable_query(request):
    try:
        return all(name in QUERY_PARAMETERS for name in request.GET)
    except TooManyFieldsSent:
        return False


def _keys(request, generation_value):
    """The key of the page in this process's memory, and in the shared cache; None when the
    page must not be stored (`stored_host`, `QUERY_PARAMETERS`)."""
    host = stored_host(request)
    if host is None or not _storable_query(request):
        return None
    encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    local_key = f"{request.scheme}://{host}{request.get_full_path()} {encoding}"
    digest = hashlib.md5(local_key.encode(), usedforsecurity=False).hexdigest()
    return local_key, f"{PAGE_KEY_PREFIX}:{code_version()}:{generation_value}:{digest}"


class PageCacheMiddleware:
    """Serve anonymous readers stored copies of public pages, store the pages they get, answer
    their conditional requests, and say how browsers and proxies may cache each response."""

    def __init__(self, get_response):
        self.get_response = get_response  # the signals are connected by CoreConfig.ready()

    def __call__(self, request):
        if not _is_public_request(request):
            response = self.get_response(request)
            if _is_personal_request(request) and "Cache-Control" not in response:
                add_never_cache_headers(response)
            return response
        generation_value = generations_of(request)[0]
        keys = _keys(request, generation_value)
        enabled = settings.LEMAG_PAGE_CACHE and keys is not None
        if enabled:
            local_key, shared_key = keys
            page = generation.pages.get(local_key)
            if page is None:
                page = _pages_cache().get(shared_key)
                if page is not None:
                    generation.remember(local_key, page, generation_value)
            if page is not None:
                return self._answer(request, page.response(), page.etag, page.last_modified, "hit")
        # Render the whole page, whatever the reader already has: then store it, then compare.
        conditions = {
            name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META
        }
        response = self.get_response(request)
        request.META.update(conditions)
        if not _is_public_response(request, response):
            personal = response.cookies or request.META.get("CSRF_COOKIE_USED")
            if personal and "Cache-Control" not in response:
                add_never_cache_headers(response)
            return response
        if "Last-Modified" not in response:
            response["Last-Modified"] = http_date(generation_value // 1_000_000)
        response.headers.setdefault("Cache-Control", PUBLIC_CACHE_CONTROL)
        page = StoredPage(response)
        if enabled and request.method == "GET":
            _pages_cache().set(shared_key, page, settings.LEMAG_PAGE_CACHE_SECONDS)
            generation.remember(local_key, page, generation_value)
        return self._answer(request, response, page.etag, page.last_modified, "miss")

    def _answer(self, request, response, etag, last_modified, status):
        if any(name in request.META for name in CONDITIONAL_HEADERS):
            response = get_conditional_response(request, etag, last_modified, response)
        # nginx keeps its copy until the end of the second in which this process last made sure
        # of the generation: never longer than a second after a change.
        response["X-Accel-Expires"] = f"@{int(generation.checked)}"
        response["X-Page-Cache"] = status
        return response
