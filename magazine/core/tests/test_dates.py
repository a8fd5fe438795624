"""The admin's date fields read dates as people in France type them (magazine.core.dates), and
say how to write one they cannot read. The scheduling dialog is proved in Chromium
(test_admin_journeys: a date typed in words, an impossible date refused)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from magazine.articles.models import ArticlePage
from magazine.core.dates import FrenchDateField, FrenchDateTimeField

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("15/01/2027 08:00", (2027, 1, 15, 8, 0)),
        ("15/1/27 8h", (2027, 1, 15, 8, 0)),
        ("15-01-2027 8 h 30", (2027, 1, 15, 8, 30)),
        ("15.01.2027 à 8h30", (2027, 1, 15, 8, 30)),
        ("15 janvier 2027 à 8 h", (2027, 1, 15, 8, 0)),
        ("Vendredi 15 janvier 2027, 8 h 30", (2027, 1, 15, 8, 30)),
        ("1er févr. 2027 14:05", (2027, 2, 1, 14, 5)),
        ("1\u00a0AOÛT 2027 à 18\u202fh", (2027, 8, 1, 18, 0)),
        ("2027-01-15 08:00", (2027, 1, 15, 8, 0)),
        ("2027-01-15T08:00", (2027, 1, 15, 8, 0)),
        ("15/01/2027", (2027, 1, 15, 0, 0)),
        ("15/07/2027 08:00:00", (2027, 7, 15, 8, 0)),  # summer time: still Paris time
    ],
)
def test_a_date_and_time_is_read_as_typed_in_paris_time(typed, meant):
    assert FrenchDateTimeField().clean(typed) == datetime.datetime(*meant, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("demain", "« demain » : date non reconnue. Écrivez une date complète, jour, mois et "
         "année, par exemple 15/01/2027 08:00 ou 15 janvier 2027 à 8 h (heure de Paris)."),
        ("31/02/2027 8h", "« 31/02/2027 8h » : cette date n’existe pas"),
        ("15/01/2027 24:00", "24 h 00 n’est pas une heure de la journée"),
        ("15 brumaire 2027", "mois « brumaire » inconnu"),
        ("lundi 15 janvier 2027 8h", "le 15/01/2027 est un vendredi. Vérifiez le jour ou la date."),
    ],
)  # fmt: skip
def test_what_cannot_be_read_says_how_to_write_it(typed, said):
    with pytest.raises(ValidationError) as refused:
        FrenchDateTimeField().clean(typed)
    assert said in refused.value.messages[0]


def test_a_date_field_reads_a_date_and_refuses_a_time():
    field = FrenchDateField()
    assert field.clean("14 mars 2025") == datetime.date(2025, 3, 14)
    assert field.clean("le 14 mars 25") == datetime.date(2025, 3, 14)
    assert field.clean("14/03/25") == datetime.date(2025, 3, 14)
    assert field.clean("14/03/99") == datetime.date(1999, 3, 14)  # a source of the last century
    for partial in ("14/03/2025 8h", "mars 2025", "2025"):
        with pytest.raises(ValidationError, match="Écrivez une date complète, jour, mois et"):
            field.clean(partial)


def test_the_article_editor_uses_them_for_every_date():
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert isinstance(form_class.base_fields["go_live_at"], FrenchDateTimeField)
    sources = form_class.formsets["sources"].form.base_fields
    assert isinstance(sources["consulted_on"], FrenchDateField)
    assert isinstance(sources["date"], FrenchDateField)
