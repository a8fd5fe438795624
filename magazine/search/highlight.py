"""Matching words wrapped in <mark>, found by their French stem like the search itself."""

import re
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import mark_safe

from magazine.search import text

EXCERPT_WORDS = 36
WORDS_BEFORE_MATCH = 8
LEAD_IN_CHARACTERS = 200  # enough for eight French words


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


def _passage(source, matching):
    """The words around the first matching one, and whether the text goes on before and after."""
    alternatives = "|".join(re.escape(word) for word in sorted(matching, key=len, reverse=True))
    first = re.search(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", source)
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
    matching = _matching_words(entry.body, terms)
    if not matching:
        return escape(entry.chapo)
    words, cut_before, cut_after = _passage(entry.body, matching)
    passage = _render(entry.body, words, matching, words[0].start(), words[-1].end())
    return mark_safe(("… " if cut_before else "") + passage + (" …" if cut_after else ""))
