"""`{% newsletter_form "home" %}`: the short subscribe form of the home page and of each article
(an address and the consent; the choices are on /lettre/)."""

from django import template

from magazine.newsletter.models import CONSENT_TEXT

register = template.Library()


@register.inclusion_tag("newsletter/short_form.html")
def newsletter_form(place):
    return {"place": place, "consent_text": CONSENT_TEXT}
