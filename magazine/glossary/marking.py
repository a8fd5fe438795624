"""The first use of each glossary term in an article, marked for readers.

« … les EPCI du département … » becomes « … les <a href="/glossaire/#epci">EPCI</a>
(établissement public de coopération intercommunale) du département … »: the link leads to the
definition, and the expansion is written out in the text, where everyone reads it (no tooltip,
which needs a mouse). When the article already spells the expansion out, or the term is in
brackets already, only the link is added.
Only text is marked: not the inside of links, headings, abbreviations, code or footnote calls.

Done once, when the article is compiled (at publication), and on previews.
"""

import functools
import re
from html import escape, unescape

from magazine.glossary.models import GlossaryEntry

_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
SKIPPED = {"a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "dfn", "script"}
_SPACES = re.compile(r"\s+")


def _pattern(entries):
    """One expression for every term, the longest first (« PLUi » before « PLU »); a term in
    lower case is found whatever its case (« Illectronisme » at the start of a sentence)."""
    alternatives = []
    for entry in sorted(entries, key=lambda entry: -len(entry.term)):
        term = re.escape(entry.term)
        alternatives.append(f"(?i:{term})" if entry.term.islower() else term)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])")


def _text_of(html):
    return _SPACES.sub(" ", unescape(_TAG.sub(" ", html))).casefold()


def mark_first_uses(html, entries):
    """`html` with the first use of each of `entries` marked; and the entries found."""
    entries = list(entries)
    pattern = _pattern(entries)
    if pattern is None:
        return html, []
    by_term = {entry.term.casefold(): entry for entry in entries}
    spelled_out = _text_of(html)
    found = {}
    skipping = []  # the open elements whose text is not marked
    pieces = _TAG.split(html)
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if match := _TAG_NAME.match(piece):
                closing, name = match.group(1), match.group(2).lower()
                if name in SKIPPED and not piece.endswith("/>"):
                    if closing and name in skipping:
                        del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
                    elif not closing:
                        skipping.append(name)
            continue
        if skipping or not piece.strip():
            continue
        pieces[index] = pattern.sub(
            functools.partial(
                _mark, by_term=by_term, found=found, spelled_out=spelled_out, text=piece
            ),
            piece,
        )
    return "".join(pieces), list(found.values())


def _in_brackets(text, position):
    before = text[:position]
    return before.rfind("(") > before.rfind(")")


def _mark(match, *, by_term, found, spelled_out, text):
    written = match.group(1)
    entry = by_term[written.casefold()]
    if entry.pk in found:
        return written
    found[entry.pk] = entry
    link = f'<a class="terme" href="{escape(entry.get_absolute_url())}">{written}</a>'
    expansion = entry.expansion.strip()
    if not expansion or expansion.casefold() in spelled_out or _in_brackets(text, match.start()):
        return link  # brackets within brackets would read badly: the link explains it
    return f"{link} ({escape(expansion)})"


_MARKED = re.compile(r'<a class="terme" href="[^"#]*#([^"]+)">')


def entries_marked(html):
    """The entries whose term `html` (marked by `mark_first_uses`) links to the glossary: what
    a compiled article depends on."""
    return GlossaryEntry.objects.filter(slug__in=set(_MARKED.findall(html)))
