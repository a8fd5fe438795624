"""The article editor runs the quality gate when the article is submitted or published."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField

from magazine.articles.models import Audience
from magazine.core.forms import PageForm
from magazine.core.panels import FormsetPermissionsMixin
from magazine.editorial.checks import quality_problems
from magazine.editorial.publication import publication_refusal

GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class ArticlePageForm(FormsetPermissionsMixin, PageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False  # made from the title when left empty
        if "title" in self.fields:
            # A browser cuts a pasted title at `maxlength` without a word: let the form say
            # in French that it is too long instead (the field still refuses > 255).
            self.fields["title"].widget.attrs.pop("maxlength", None)
        if "audience" in self.fields and (default := Audience.objects.default()):
            self.fields["audience"].empty_label = f"Par défaut : {default}"

    def clean_slug(self):
        """The address, in ASCII (« fibre-a-allanche »), from the title when left empty: the
        editor's script does the same as the title is typed, this is for when it did not run."""
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title") or "")
        if not slug:
            raise ValidationError("Donnez un titre ou une adresse (slug) à l’article.")
        return slug

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
        if not valid:
            return valid
        if self.data.get("action-publish") and (reason := publication_refusal(self.instance)):
            self.add_error(None, f"Publication impossible : {reason}.")
            return False
        if not self._is_gated():
            return True
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
