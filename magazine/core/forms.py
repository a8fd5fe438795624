"""The page editor's form, safe against the autosave race.

Wagtail autosaves the editor in the background and then tells the open form the ids of the
inline objects (footnotes, sources, authors…) that autosave created. When the person saves while
an autosave is on its way, or from a form that never received those ids (another tab, a slow
answer), the form posts the same objects again without their ids: modelcluster inserts them a
second time — a 500 (`IntegrityError`) for a footnote, whose `(page, uuid)` is unique, and a
duplicate source or author otherwise (wagtail/wagtail#14359 and #14568).

`PageForm` recognises such an object before saving: a row of this page that the submitted form
does not list (so the form was loaded before it existed) and that has the same unique key as a
new entry (a footnote's uuid), or, for models without one, the same values. The entry then
updates that row instead of inserting a copy.
"""

from django.db.models import UniqueConstraint
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import COMMENTS_RELATION_NAME


def _keys(formset):
    """The sets of field names that identify a child of this page: its unique keys without the
    page, else every field of the model the form edits."""
    model, parent = formset.model, formset.fk.name
    declared = [tuple(fields) for fields in model._meta.unique_together] + [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and constraint.fields
        and not constraint.condition
    ]
    keys = [tuple(name for name in key if name != parent) for key in declared if parent in key]
    if keys:
        return keys
    concrete = {field.name for field in model._meta.concrete_fields}
    editable = formset.form.base_fields
    return [tuple(name for name in editable if name in concrete and name != parent)]


def _value(instance, name):
    """Comparable whether read from the database or from the form (a footnote's uuid is a
    string in one, a `UUID` in the other)."""
    field = instance._meta.get_field(name)
    return field.to_python(getattr(instance, field.attname))


def adopt_rows_saved_meanwhile(formset):
    """Give the new entries of `formset` the ids of the rows they repeat (see above)."""
    if formset.instance.pk is None:
        return
    listed = {form.instance.pk for form in formset.initial_forms if form.instance.pk}
    unlisted = [
        row
        for row in formset.model._default_manager.filter(**{formset.fk.name: formset.instance})
        if row.pk not in listed
    ]
    if not unlisted:
        return
    deleted = formset.deleted_forms if formset.can_delete else []
    keys = _keys(formset)
    for form in formset.extra_forms:
        if form in deleted or not form.has_changed() or form.instance.pk is not None:
            continue
        for row in unlisted:
            if any(
                all(_value(row, name) == _value(form.instance, name) for name in key)
                for key in keys
            ):
                form.instance.pk = row.pk
                unlisted.remove(row)
                break


class PageForm(WagtailAdminPageForm):
    def save(self, commit=True):
        for name, formset in self.formsets.items():
            # Not the comments: the form leaves resolved ones out on purpose, and a comment is
            # its writer's (Wagtail sets the writer of a new one to whoever posts it).
            if name != COMMENTS_RELATION_NAME:
                adopt_rows_saved_meanwhile(formset)
        return super().save(commit=commit)
