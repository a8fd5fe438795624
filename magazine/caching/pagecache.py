"""Full-page cache of the public site, and the HTTP caching headers of its pages.

Anonymous readers (no session cookie, no Authorization header) who GET a public page share one
stored copy of it: the first request renders the page, the next ones are answered by
`PageCacheMiddleware`, near the top of the middleware stack, without running anything below it.
Copies live in the shared cache (settings.CACHES "pages": a database table, or Redis) and the
most recent ones also in each process's memory, so that most hits cost no query at all. They are
stored under the generation (`magazine.caching.generation`) and the code version: a change
readers see, or a deployment, and no process serves them again.

What is stored is bounded by what the site publishes, not by what readers ask for: a page is
stored only for a host named in ALLOWED_HOSTS (`stored_host`) and with no query parameter but
those the public views read (`QUERY_PARAMETERS`); any other request is answered, not stored.

Public pages say `Cache-Control: public, max-age=0, s-maxage=1, ...`: browsers revalidate every
time (a 304 when nothing changed: `ETag` from the content, `Last-Modified` the generation), shared
caches keep a page one second; `X-Accel-Expires` tells nginx the exact second after which its copy
is stale (deploy/nginx.conf), which keeps a publication visible through nginx within one second.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import add_never_cache_headers, cc_delim_re, get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from magazine.caching.generation import code_version, generation, generation_of, remembered

__all__ = ["EXCLUDED_PREFIXES", "PageCacheMiddleware", "code_version", "generation", "remembered"]

PAGE_KEY_PREFIX = "lemag:page:2"  # the version of StoredPage

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


def _pages_cache():
    """Whole pages: a cache of their own, whose culling cannot reach the generations."""
    return caches["pages"]


class StoredPage:
    """What a hit needs to answer: the content, its headers and its validators (`__slots__`:
    small, quick to copy, pickled by name)."""

    __slots__ = ("content", "headers", "etag", "last_modified", "size")

    def __init__(self, response):
        self.content = response.content
        # ResponseHeaders' own storage: copied as is, the headers need no new validation.
        self.headers = dict(response.headers._store)
        self.etag = response.get("ETag")
        self.last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        self.size = len(self.content) + 1024

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def response(self):
        response = HttpResponse(self.content)
        response.headers._store = self.headers.copy()  # a hit is mostly this: keep it cheap
        return response


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
    """The host pages are stored for, as the request gave it, or None when what
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
        generation_value = generation_of(request)
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
