"""Wagtail's routing, remembered by each process for the current generation.

To serve a page, Wagtail finds the site of the request (a query), its settings (another), then
walks the page tree down from the site's root, one level at a time: two queries per level (the
child, then its specific fields), five for an article. What they find only changes when a page
is published, unpublished, moved or deleted, or a site or its settings change: the events that
start a new generation (`magazine.caching.pagecache`).

`RoutingMiddleware` remembers, in each process and for the current generation, the site and the
settings of each host name and port (the port the request came in on, as Wagtail finds the site,
not the one the Host header names), and the page each path leads to, as many as a process
remembers per generation (`pagecache.PER_GENERATION_MAX_VALUES`): past that bound, say with
names a wildcard of ALLOWED_HOSTS lets through, Wagtail finds them every time. It hands them
over where Wagtail keeps them for the request (the documented caches of `Site.find_for_request`,
`BaseSiteSetting.for_request` and `Page.route_for_request`), for every public view; the page
itself is read afresh, in one query, for every request, and must still be live. Only plain
routes are remembered: a page whose `route()` answers with arguments (RoutablePageMixin) is
routed by Wagtail every time.
"""

import copy

from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from magazine.caching.generation import remembered
from magazine.caching.pagecache import EXCLUDED_PREFIXES
from magazine.core.models import SiteSettings

SITE_ATTRIBUTE = "_wagtail_site"
ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def _detached(instance):
    """A copy of a model instance without the related objects, nor the page URLs (site
    settings), it has read."""
    instance = copy.copy(instance)
    instance._state.fields_cache = {}
    instance.__dict__.pop("_page_url_cache", None)
    return instance


_PAGE_QUERIES = {}  # page model -> the SQL that reads one of its pages by id


def _live_page(model, pk):
    """The page `pk` of `model`, if it is still live: one query, whose SQL the ORM writes once
    per model and process (writing it cost 0.8 ms of the 4 a compiled article takes)."""
    sql = _PAGE_QUERIES.get(model)
    if sql is None:
        sql, params = model.objects.filter(pk=0).query.sql_with_params()
        if params != (0,):  # a manager that filters more: its own query, written each time
            page = model.objects.filter(pk=pk).first()
            return page if page is not None and page.live else None
        _PAGE_QUERIES[model] = sql
    page = next(iter(model.objects.raw(sql, [pk])), None)
    return page if page is not None and page.live else None


class RoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        learn = request.__dict__.pop("_lemag_learn_route", None)
        if learn is not None:  # into the generation the request started in
            memory, key = learn
            result = request.__dict__.get(ROUTE_ATTRIBUTE)
            if result is not None and not result.args and not result.kwargs:
                remembered.keep(memory, key, (type(result.page), result.page.pk))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Not where sites and settings are edited (the admin), nor the health check, which
        # must answer when the database or the cache does not.
        if request.path.startswith(EXCLUDED_PREFIXES):
            return None
        memory = remembered.current(request)
        site = self._site(request, memory)
        if site is None or view_func is not wagtail_views.serve:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = ("route", site.pk, path)
        route = memory.get(key)
        if route is None:
            request._lemag_learn_route = (memory, key)
            return None
        model, pk = route
        page = _live_page(model, pk)
        if page is None:  # unpublished or deleted since, in a transaction not yet seen
            request._lemag_learn_route = (memory, key)
            return None
        setattr(request, ROUTE_ATTRIBUTE, RouteResult(page))
        return None

    def _site(self, request, memory):
        key = ("site", split_domain_port(request.get_host())[0], request.get_port())
        known = memory.get(key)
        if known is None:
            site = Site.find_for_request(request)
            if site is None:
                return None
            site_settings = SiteSettings.for_request(request)
            remembered.keep(memory, key, (_detached(site), _detached(site_settings)))
            return site
        site, site_settings = (_detached(instance) for instance in known)
        setattr(request, SITE_ATTRIBUTE, site)
        site_settings._request = request  # as BaseSiteSetting.for_request does
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
        return site
