"""The admin's login form (WAGTAILADMIN_USER_LOGIN_FORM)."""

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's form, whose password field has no label of its own: Django then shows its
    field name, « Password », in English whatever the language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mot de passe"
