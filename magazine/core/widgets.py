"""The admin's date and time fields keep what the person typed.

Wagtail's date-time picker rewrites, when the field loses focus, any value that does not follow
its display format (« 15/01/2027 08:00 ») with the current date and time: an ISO date typed into
« Date de publication » (« 2027-01-15 08:00 ») silently became « now », and the article went out
at once instead of on the 15th. With the rewrite turned off the typed text reaches the server,
which reads the display format and ISO 8601 alike and answers anything else with its French
message (« Saisissez une date et une heure valides. »); the picker still fills the field.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateTimeInput


class TypedDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def register():
    """Every DateTimeField of the admin's forms (scheduling included) gets this widget."""
    register_form_field_override(models.DateTimeField, override={"widget": TypedDateTimeInput})
