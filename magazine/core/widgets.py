"""The admin's date and time fields keep what the person typed, and read it as people in France
write dates (`magazine.core.dates`).

Wagtail's date-time picker rewrites, when the field loses focus, any value that does not follow
its display format (« 15/01/2027 08:00 ») with the current date and time: an ISO date typed into
« Date de publication » (« 2027-01-15 08:00 ») silently became « now », and the article went out
at once instead of on the 15th. With the rewrite turned off the typed text reaches the server,
which reads the display format, ISO 8601 and what people type (« 15 janvier 2027 à 8 h ») and
answers anything else with a message that says how to write it; the picker still fills the
field. Date fields (a source's date, a correction's) alike.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from magazine.core.dates import FrenchDateField, FrenchDateTimeField


class KeepsWhatIsTyped:
    """Wagtail's picker, told not to rewrite the field when it loses focus."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class TypedDateTimeInput(KeepsWhatIsTyped, AdminDateTimeInput):
    pass


class TypedDateInput(KeepsWhatIsTyped, AdminDateInput):
    pass


def register():
    """Every DateTimeField and DateField of the admin's forms (scheduling included)."""
    register_form_field_override(
        models.DateTimeField,
        override={"widget": TypedDateTimeInput, "form_class": FrenchDateTimeField},
    )
    register_form_field_override(
        models.DateField, override={"widget": TypedDateInput, "form_class": FrenchDateField}
    )
