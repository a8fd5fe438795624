"""Template filters for French typography, loaded as a builtin in every template."""

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from magazine.core.typography import french_date, french_html, french_text

register = template.Library()


@register.filter(is_safe=True)
def typo(value):
    """French typography for text or already-safe HTML; plain text is escaped first."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        return mark_safe(french_html(str(value)))
    if hasattr(value, "__html__"):  # RichText, StreamValue…
        return mark_safe(french_html(value.__html__()))
    return conditional_escape(french_text(str(value)))


@register.filter
def pluralize_fr(count):
    """« s » for a French plural: from 2 on (« 0 adresse », « 1 adresse », « 2 adresses »)."""
    return "s" if abs(count or 0) >= 2 else ""


@register.filter
def date_fr(value):
    """« 26 novembre 2026 », in the site's time zone for datetimes."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return french_date(value)


@register.filter
def iso_date(value):
    """Machine-readable date for <time datetime>."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


@register.filter
def number_fr(value):
    """12 345 with a narrow no-break space as thousands separator."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", "\u202f")


@register.filter(is_safe=True)
def unwrap_paragraph(value):
    """Drop the <p> around a single-paragraph rich text, to use it inline (notes)."""
    html = str(value.__html__() if hasattr(value, "__html__") else value).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)
