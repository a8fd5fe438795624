"""Acronyms a reader could not decode: neither spelled out in the article nor in the glossary.

An acronym is a word of two to eight capitals (digits and a final lower-case letter allowed:
« PLUi », « COMEDEC », « 5G » is not one); it is explained when the text writes it in
brackets after its expansion (« … intercommunale (EPCI) »), or writes an expansion in brackets
right after it (« SDTAN (schéma directeur …) »), or when the glossary has it. Roman numerals
(« XXIe siècle ») are not acronyms.
"""

import re

from magazine.glossary.models import GlossaryEntry

_ACRONYM = re.compile(r"(?<![\w’'-])([A-Z][A-Z0-9]{1,7}[a-z]?)(?![\w’'-])")
_ROMAN = re.compile(r"^[IVXLCDM]+[a-z]?$")


def unexplained(text):
    """The acronyms of `text` it does not explain and the glossary does not know, in the
    order they first appear."""
    known = set(GlossaryEntry.objects.values_list("term", flat=True))
    found = []
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if acronym in found or acronym in known or _ROMAN.match(acronym):
            continue
        if not sum(character.isupper() for character in acronym) >= 2:
            continue
        if f"({acronym})" in text or text[match.end() : match.end() + 2] == " (":
            continue
        found.append(acronym)
    return found
