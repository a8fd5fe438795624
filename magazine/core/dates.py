"""Dates and times as people in France type them, for the admin's date fields.

Accepted, with or without « le » and the day of the week, spaces and case as they come:
« 15/01/2027 08:00 », « 15/1/27 8h », « 15-01-2027 8 h 30 », « 15.01.2027 à 8h30 »,
« 15 janvier 2027 à 8 h », « le 1er févr. 27 14:05 », « 2027-01-15 08:00 » (ISO 8601).
A date alone is midnight. Times are Paris time (the site's). A year of two digits is the
nearest: this century's unless that puts it more than `YEARS_AHEAD` years ahead (« 99 » is
1999, for a source; « 27 » is 2027, for a publication). Anything else gets a message that says
what was not understood and how to write it; an impossible date (31/02) says so.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
YEARS_AHEAD = 10
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEEKDAY = r"(?P<weekday>lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?"
DATE = (
    r"(?:(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
    r"|(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4}|\d{2})"
    r"|(?P<word_day>\d{1,2})(?:er)?\s+(?P<month_name>[a-z]+)\.?\s+(?P<word_year>\d{4}|\d{2}))"
)
TIME = (
    r"(?:\s*(?:,|a|t)?\s*(?P<hour>\d{1,2})\s*(?:h|:)\s*(?P<minute>\d{2})?"
    r"(?:\s*(?::\s*\d{2}|min))?)?"
)
WRITTEN = re.compile(rf"^(?:le\s+)?(?:{WEEKDAY}\s+)?{DATE}{TIME}$")
EXAMPLE = "15/01/2027 08:00 ou 15 janvier 2027 à 8 h"
ACCENTS = str.maketrans("éèêëàâäûüùôöîïç", "eeeeaaauuuooiic")


def _plain(text):
    return " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").lower().split())


def _full_year(written):
    if len(written) == 4:
        return int(written)
    year = 2000 + int(written)
    return year - 100 if year > datetime.date.today().year + YEARS_AHEAD else year


def parse(text, with_time=True):
    """The naive datetime (or date, without `with_time`) written in `text`, or ValidationError."""
    written = _plain(text)
    match = WRITTEN.match(written.translate(ACCENTS))
    if match is None or (match["hour"] is not None and not with_time):
        example = EXAMPLE if with_time else "15/01/2027 ou 15 janvier 2027"
        raise ValidationError(
            f"« {text} » : date non reconnue. Écrivez une date complète, jour, mois et année, "
            f"par exemple {example}"
            + (" (heure de Paris)." if with_time else " ; laissez vide si vous ne la savez pas."),
            code="invalid",
        )
    if match["iso_year"]:
        year, month, day = match["iso_year"], match["iso_month"], match["iso_day"]
    elif match["year"]:
        year, month, day = _full_year(match["year"]), match["month"], match["day"]
    else:
        year, day = _full_year(match["word_year"]), match["word_day"]
        month = MONTHS.get(match["month_name"])
        if month is None:
            raise ValidationError(
                f"« {text} » : mois « {match['month_name']} » inconnu.", code="invalid"
            )
    try:
        day = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(
            f"« {text} » : cette date n’existe pas (jour ou mois hors du calendrier).",
            code="invalid",
        ) from None
    if match["weekday"] and WEEKDAYS[day.weekday()][:3] != match["weekday"]:
        raise ValidationError(
            f"« {text} » : le {day.day}/{day.month:02d}/{day.year} est un "
            f"{WEEKDAYS[day.weekday()]}. Vérifiez le jour ou la date.",
            code="invalid",
        )
    if not with_time:
        return day
    hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(
            f"« {text} » : {hour} h {minute:02d} n’est pas une heure de la journée.",
            code="invalid",
        )
    return datetime.datetime.combine(day, datetime.time(hour, minute))


class ReadAsTyped:
    """A form field that reads what people type first (`read`), then what Django reads besides
    (seconds, an ISO 8601 offset…), and answers with the message of the former."""

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        try:
            return self.read(value)
        except ValidationError as typed:
            try:
                return super().to_python(value)
            except ValidationError:
                raise typed from None


class FrenchDateTimeField(ReadAsTyped, forms.DateTimeField):
    def read(self, value):
        return from_current_timezone(parse(value))


class FrenchDateField(ReadAsTyped, forms.DateField):
    def read(self, value):
        return parse(value, with_time=False)
