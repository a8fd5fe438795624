"""Admin panels shared by the page models."""

from wagtail.admin.panels import InlinePanel, PublishingPanel
from wagtail.models import Page

from magazine.core.widgets import TypedDateTimeInput


class PermissionedInlinePanel(InlinePanel):
    """An inline panel for the users who hold `permission` only.

    For everyone else it is hidden *and* its formset is left out of the form
    (`FormsetPermissionsMixin`): nothing is required of them, and whatever they post for it is
    ignored, so the objects stay as they were.
    """

    def __init__(self, relation_name, *args, permission, **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.permission = permission

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "permission": self.permission}

    def get_form_options(self):
        options = super().get_form_options()
        options["formset_permissions"] = {self.relation_name: self.permission}
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form = kwargs.get("form")
            if form is not None and kwargs["panel"].relation_name not in form.formsets:
                kwargs["form"] = None  # the form left the formset out: nothing to show
            super().__init__(**kwargs)

        def is_shown(self):
            return self.form is not None and super().is_shown()


class FormsetPermissionsMixin:
    """For admin forms: leave out the formsets of `PermissionedInlinePanel`s whose permission
    the user lacks (as Wagtail leaves out a `FieldPanel`'s field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        for relation_name, permission in getattr(self.Meta, "formset_permissions", {}).items():
            if not self.for_user.has_perm(permission):
                self.formsets.pop(relation_name, None)


class SchedulingPanel(PublishingPanel):
    """Wagtail's « Programmer la publication » dialog, whose dates keep what is typed
    (`magazine.core.widgets`): Wagtail builds its two widgets itself, so the form field override
    does not reach them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.widget = TypedDateTimeInput(
                attrs=child.widget.attrs,
                js_overlay_parent_selector=child.widget.js_overlay_parent_selector,
            )


# Wagtail's « Paramètres » tab (scheduling, then comments) with that dialog: every page type's.
SETTINGS_PANELS = [SchedulingPanel(), *Page.settings_panels[1:]]
