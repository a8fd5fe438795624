"""The first use of each term, marked in the HTML of an article body."""

import pytest

from magazine.glossary.acronyms import unexplained
from magazine.glossary.marking import entries_marked, mark_first_uses
from magazine.glossary.models import GlossaryEntry

pytestmark = pytest.mark.django_db


def _mark(html, *terms):
    entries = GlossaryEntry.objects.filter(term__in=terms) if terms else GlossaryEntry.objects.all()
    return mark_first_uses(html, entries)[0]


EPCI = '<a class="terme" href="/glossaire/#epci">EPCI</a>'


def test_the_first_use_is_linked_and_spelled_out_the_others_left_alone():
    html = _mark("<p>Les EPCI du Cantal. Chaque EPCI vote.</p>", "EPCI")
    assert html == (
        f"<p>Les {EPCI} (établissement public de coopération intercommunale) du Cantal. "
        "Chaque EPCI vote.</p>"
    )


def test_an_expansion_the_article_writes_is_not_written_again():
    html = _mark(
        "<p>Un établissement public de coopération intercommunale (EPCI) vote.</p>", "EPCI"
    )
    assert html == f"<p>Un établissement public de coopération intercommunale ({EPCI}) vote.</p>"


def test_links_headings_footnote_calls_and_brackets_are_not_marked_inside():
    html = _mark(
        '<h2>Les EPCI</h2><p><a href="/x/">les EPCI</a> <sup>EPCI</sup> '
        "(voir l’EPCI) puis EPCI</p>",
        "EPCI",
    )
    assert html.startswith('<h2>Les EPCI</h2><p><a href="/x/">les EPCI</a> <sup>EPCI</sup>')
    assert f"(voir l’{EPCI}) puis EPCI</p>" in html  # no brackets inside brackets


def test_the_longest_term_wins_and_a_term_in_lower_case_is_found_in_any_case():
    html = _mark(
        "<p>Le PLUi et le PLU. Illectronisme : le mot.</p>", "PLU", "PLUi", "illectronisme"
    )
    assert '<a class="terme" href="/glossaire/#plui">PLUi</a> (plan local' in html
    assert '<a class="terme" href="/glossaire/#plu">PLU</a> (plan local d’urbanisme)' in html
    assert '<a class="terme" href="/glossaire/#illectronisme">Illectronisme</a> :' in html


def test_words_that_contain_a_term_are_not_marked():
    assert _mark("<p>EPCIs, pré-EPCI, l’APIculture</p>", "EPCI", "API") == (
        "<p>EPCIs, pré-EPCI, l’APIculture</p>"
    )


def test_the_entries_marked_are_those_an_article_depends_on():
    html = _mark("<p>La CNIL et le RGPD, la CNIL.</p><h2>ANCT</h2>")
    assert {entry.term for entry in entries_marked(html)} == {"CNIL", "RGPD"}


def test_acronyms_neither_spelled_out_nor_in_the_glossary():
    text = (
        "Le ZAN s’impose. Le schéma (SDANT) aussi. La SRADDET (schéma régional) tient. "
        "Au XXIe siècle, la CNIL et l’EPCI. Le ZAN encore."
    )
    assert unexplained(text) == ["ZAN"]
