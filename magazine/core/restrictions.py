"""Who may read a page, known by each process for the current generation.

Before serving a page, Wagtail reads the view restrictions of the page and its ancestors (two
queries: the ancestors, then their restrictions). The magazine has few restrictions, if any, and
they only change with a new generation (`magazine.caching.pagecache`: saving or deleting a
restriction, moving or deleting a page start one). Each process reads the paths of the restricted
pages once per generation; a page none of whose ancestors is restricted needs no query. Where
aliases exist (their restrictions are their source's), Wagtail's own lookup applies.
"""

from wagtail.models import Page, PageViewRestriction

from magazine.caching.generation import remembered


def _restricted_paths():
    if Page.objects.filter(alias_of__isnull=False).exists():
        return None
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def restricted_paths():
    """The tree paths of the restricted pages, or None when aliases make paths insufficient."""
    return remembered.get("restricted-paths", _restricted_paths)


class RememberedRestrictionsMixin:
    """For page models: Wagtail's view restrictions, without a query for an unrestricted page."""

    def get_view_restrictions(self):
        paths = restricted_paths()
        if paths is not None and not self.path.startswith(paths):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
