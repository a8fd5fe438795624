"""The article editor runs the quality gate when the article is submitted or published."""

from django.core.exceptions import ValidationError
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm

from magazine.editorial.checks import quality_problems

GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class ArticlePageForm(WagtailAdminPageForm):
    def _is_gated(self):
        if any(self.data.get(action) for action in GATED_ACTIONS):
            return True
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )

    def _unsaved_article(self):
        """The article as it would be saved, with its child objects and parental relations."""
        page = self.save(commit=False)
        for field in page._meta.get_fields():
            if isinstance(field, ParentalManyToManyField) and field.name in self.cleaned_data:
                setattr(page, field.name, self.cleaned_data[field.name])
        return page

    def is_valid(self):
        valid = super().is_valid()
        if not valid or not self._is_gated():
            return valid
        problems = quality_problems(self._unsaved_article())
        if problems:
            self.add_error(
                None,
                ValidationError(
                    [f"Avant soumission ou publication : {problem}" for problem in problems]
                ),
            )
            return False
        return True
