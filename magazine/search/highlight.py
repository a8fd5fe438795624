"""Matching words wrapped in <mark>, found by their French stem like the search itself.

An article's body runs to thousands of words: stemming each of them, for each hit, would cost
more than the search. Snowball's French stemmer only rewrites the end of a word (« publications »
→ `publiqu`, « couramment » → `courant`): a word with a given term starts, once folded, with that
term less its last `STEM_REWRITE` letters. A regular expression finds those candidates in the
body as written (any case, accent or ligature), and only they are stemmed.
"""

import re
import unicodedata
from functools import lru_cache
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import mark_safe

from magazine.search import text

EXCERPT_WORDS = 36
WORDS_BEFORE_MATCH = 8
LEAD_IN_CHARACTERS = 200  # enough for eight French words
# Letters Snowball may rewrite at the end of a French stem: at most two (« -ic- » → `iqu`,
# « -amment » → `ant`; « -aux » → `al`, « -ence » → `ent`, « -euse » → `eux`: one).
STEM_REWRITE = 2
# Latin letters by their folded form: one ASCII letter (« É » → « e ») or two (« œ » → « oe »).
_FOLDED = {}
for _char in map(chr, range(0xC0, 0x250)):
    if text.fold(_char).isascii() and len(text.fold(_char)) in (1, 2):
        _FOLDED.setdefault(text.fold(_char), []).append(_char)
# Characters that may be part of a word and are not among those (other scripts…): a text holding
# one is searched word by word.
_SAFE = frozenset(map(chr, range(128))).union(*_FOLDED.values())


def _matching_words(source, terms):
    """The words of `source`, as written, whose search term is one of `terms`."""
    return {word for word in set(text.WORD.findall(source)) if text.stem(word) in terms}


def _render(source, words, matching, begin, finish):
    """`source[begin:finish]`, escaped, with the matching words marked."""
    html, position = [], begin
    for word in words:
        if word.group() in matching and begin <= word.start() and word.end() <= finish:
            html += [escape(source[position : word.start()]), "<mark>", escape(word.group())]
            html.append("</mark>")
            position = word.end()
    html.append(escape(source[position:finish]))
    return mark_safe("".join(html))


def marked(source, terms):
    """The whole text, escaped, with the matching words marked."""
    matching = _matching_words(source, terms)
    if not matching:
        return escape(source)
    return _render(source, text.WORD.finditer(source), matching, 0, len(source))


def _letter(letter):
    """A letter as written: its accented forms, and the ligatures it begins (« o »: « œ »)."""
    forms = [letter, *_FOLDED.get(letter, ())]
    forms += [
        char for folded, chars in _FOLDED.items() if folded[0] == letter != folded for char in chars
    ]
    return f"[{re.escape(''.join(forms))}]"


def _prefix_pattern(prefix):
    """A regular expression for a folded `prefix` as written (with re.IGNORECASE)."""

    def piece(found):
        letters = found.group()
        if len(letters) == 2:  # « oe » is also « œ »
            return f"(?:{_letter(letters[0])}{_letter(letters[1])}|[{''.join(_FOLDED[letters])}])"
        return _letter(letters) if letters.isalpha() else re.escape(letters)

    ligatures = "|".join(folded for folded in _FOLDED if len(folded) == 2)
    return re.sub(f"{ligatures}|.", piece, prefix)


@lru_cache(maxsize=256)
def _candidates(terms):
    """A regular expression finding, as written, the words that may have one of `terms`."""
    prefixes = {term[: max(0, len(term) - STEM_REWRITE)] for term in terms}
    alternatives = "|".join(map(_prefix_pattern, sorted(prefixes)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})", re.IGNORECASE)


def _first_match(source, terms):
    """The first word of `source` whose search term is one of `terms`, or None."""
    unusual = set(source) - _SAFE
    if any(char.isalnum() or unicodedata.combining(char) for char in unusual):
        candidates = (word.start() for word in text.WORD.finditer(source))
    else:
        candidates = (found.start() for found in _candidates(frozenset(terms)).finditer(source))
    for start in candidates:
        word = text.WORD.match(source, start)
        if word and text.stem(word.group()) in terms:
            return word
    return None


def _passage(source, first):
    """The words around the `first` matching one, and whether the text goes on before and
    after."""
    lead_in = max(0, first.start() - LEAD_IN_CHARACTERS)
    before = list(text.WORD.finditer(source, lead_in, first.start()))[-WORDS_BEFORE_MATCH:]
    after = islice(text.WORD.finditer(source, first.start()), EXCERPT_WORDS - len(before))
    words = [*before, *after]
    return words, words[0].start() > 0, text.WORD.search(source, words[-1].end()) is not None


def excerpt(entry, terms):
    """The chapô when it matches, else a passage of the body around its first match, else the
    chapô as it is."""
    if _matching_words(entry.chapo, terms):
        return marked(entry.chapo, terms)
    first = _first_match(entry.body, terms)
    if first is None:
        return escape(entry.chapo)
    words, cut_before, cut_after = _passage(entry.body, first)
    matching = {word.group() for word in words if text.stem(word.group()) in terms}
    passage = _render(entry.body, words, matching, words[0].start(), words[-1].end())
    return mark_safe(("… " if cut_before else "") + passage + (" …" if cut_after else ""))
