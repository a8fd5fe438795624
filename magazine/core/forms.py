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
becomes that row — its id, and what the form does not edit (when and by whom a comment was
written) — and updates it instead of inserting a copy.

Reviewers' comments race the same way: Wagtail autosaves a new comment about a second after it is
posted, so a reviewer who comments then sends the article back at once submits the comment again
without its id; and the editor keeps its own comments when they changed while an autosave was on
its way (newsroom/editor.js), so what that autosave created comes back without ids. Only an open
comment of whoever submits can be such a row (a resolved comment is left out of the form on
purpose, and each comment is its writer's), and only their own reply to it.
"""

from django.db.models import UniqueConstraint
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Comment, CommentReply


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


def _rows(formset, user):
    """The rows of this page that a new entry of `formset` may repeat (see above)."""
    rows = formset.model._default_manager.filter(**{formset.fk.name: formset.instance})
    if formset.model is Comment:
        rows = rows.filter(resolved_at__isnull=True, user=user)
    elif formset.model is CommentReply:
        rows = rows.filter(user=user)
    return rows


def _become(form, row):
    """The new entry of `form` takes the place of `row`: its id and what the form does not edit."""
    for field in row._meta.concrete_fields:
        if field.name not in form.fields:
            setattr(form.instance, field.attname, getattr(row, field.attname))
    form.instance.pk = row.pk
    form.instance._state.adding = False


def adopt_rows_saved_meanwhile(formset, user):
    """Make the new entries of `formset` the rows they repeat (see above)."""
    if formset.instance.pk is None:
        return
    listed = {form.instance.pk for form in formset.initial_forms if form.instance.pk}
    unlisted = [row for row in _rows(formset, user) if row.pk not in listed]
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
                _become(form, row)
                unlisted.remove(row)
                break


class PageForm(WagtailAdminPageForm):
    def save(self, commit=True):
        for formset in self.formsets.values():
            adopt_rows_saved_meanwhile(formset, self.for_user)
            for form in formset.forms:  # a comment's replies
                for nested in getattr(form, "formsets", {}).values():
                    nested.instance.pk = form.instance.pk  # the comment it adopted, if any
                    adopt_rows_saved_meanwhile(nested, self.for_user)
        return super().save(commit=commit)
