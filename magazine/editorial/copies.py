"""A copy of an article is a new article no one has reviewed: it is never published as it is
copied, whichever way it is copied — the admin's « Copier » form (« Publier la copie »), or the
admin API's copy action, whose copies are kept live unless told otherwise. Copied without being
published, it is a draft to submit for review. An alias stays allowed: it shows the reviewed
original and follows it.
"""

from wagtail.admin.api.actions.copy import CopyPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.api.v2.utils import BadRequestError

from magazine.articles.models import ArticlePage

COPY_NOT_REVIEWED = (
    "Une copie d’article ne peut pas être publiée directement : elle doit d’abord être relue. "
    "Copiez-la sans la publier : ce sera un brouillon à soumettre à la relecture."
)


def copy_refusal(page, with_subpages):
    """Why copying `page` (and its subpages) and keeping the copies live is refused, or None."""
    copied = ArticlePage.objects.live()
    if with_subpages:
        copied = copied.descendant_of(page, inclusive=True)
    else:
        copied = copied.filter(pk=page.pk)
    return COPY_NOT_REVIEWED if copied.exists() else None


class ReviewedCopyPageAPIAction(CopyPageAPIAction):
    def execute(self, instance, data):
        if data["keep_live"] and (reason := copy_refusal(instance, data["recursive"])):
            raise BadRequestError(reason)
        return super().execute(instance, data)


class ReviewedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """Wagtail's admin API for pages, whose copy action follows the rule above."""

    actions = {**PagesAdminAPIViewSet.actions, "copy": ReviewedCopyPageAPIAction}
