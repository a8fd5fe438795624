"""Serving an article from its record."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from wagtail import hooks

from magazine.articles.models import ArticlePage
from magazine.compiling.models import CompiledArticle
from magazine.core.deferred import fill
from magazine.sobriety.weight import record_image


@hooks.register("on_serve_page", order=100)  # the innermost: after view restrictions
def serve_compiled(serve):
    """After Wagtail's checks (methods, view restrictions: its other serve hooks), an article
    with a current record is served from it; any other page, or an article whose record is not
    ready, as Wagtail serves it. Previews are not served through here."""

    def serve_page(page, request, args, kwargs):
        compiled = settings.LEMAG_COMPILED_ARTICLES and isinstance(page, ArticlePage)
        if compiled and not args and not kwargs:
            record = CompiledArticle.objects.current_for(page)
            if record is not None:
                return serve_record(page, request, record)
        return serve(page, request, args, kwargs)

    return serve_page


def serve_record(page, request, record):
    request.is_preview = False
    for size_bytes, lazy in record.images:
        record_image(request, size_bytes, lazy)
    context = page.get_context(request)
    context["compiled"] = {
        "head": mark_safe(fill(record.head, request)),  # noqa: S308 rendered by our templates
        "body": mark_safe(fill(record.body, request)),  # noqa: S308
        "links": page.reading_links if record.links is None else record.links,
    }
    return TemplateResponse(request, page.get_template(request), context)
