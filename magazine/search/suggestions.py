"""« Vouliez-vous dire … ? »: for a query that finds nothing, the same query with each word the
index does not know replaced by the closest word it knows (difflib, on the words of the indexed
articles: `IndexedWord`), offered only when that query finds articles."""

import difflib

from django.db.models import Q
from django.db.models.functions import Length, Substr

from magazine.search import text
from magazine.search.models import IndexedWord
from magazine.search.query import search_articles

# difflib's similarity, from 0 to 1: one letter wrong, missing or extra in a word of five letters
# or more (« colectivité », « mairei »), never a different short word.
MIN_SIMILARITY = 0.8
# How many letters longer or shorter than the typed word the candidates may be; they also share
# its first or its second letter (a slip rarely hits both): a tenth of the words to compare.
LENGTH_SLACK = 2
# More unknown words than this is no slip of the keyboard: no suggestion.
MAX_UNKNOWN_WORDS = 3


def _unknown(words):
    """The folded `words` the index has in neither number."""
    forms = {folded: text.number_forms(folded) for folded in words}
    known = set(
        IndexedWord.objects.filter(
            folded__in=[form for word_forms in forms.values() for form in word_forms]
        ).values_list("folded", flat=True)
    )
    return [folded for folded, word_forms in forms.items() if known.isdisjoint(word_forms)]


def _closest(folded):
    """The indexed word closest to `folded`, as written, or None."""
    candidates = dict(
        IndexedWord.objects.annotate(length=Length("folded"), second=Substr("folded", 2, 1))
        .filter(length__range=(len(folded) - LENGTH_SLACK, len(folded) + LENGTH_SLACK))
        .filter(Q(folded__startswith=folded[0]) | Q(second=folded[1]))
        .values_list("folded", "word")
    )
    best = difflib.get_close_matches(folded, candidates, n=1, cutoff=MIN_SIMILARITY)
    return candidates[best[0]] if best else None


def suggest(query, within=()):
    """A query close to `query` that finds articles (`within` the same filters), or None."""
    words = {
        text.fold(word)
        for word in text.WORD.findall(query)
        if word.isalpha() and len(word) in text.SUGGESTED_WORD_LENGTHS
    }
    words -= text.STOP_WORDS
    unknown = _unknown(words)
    if len(unknown) > MAX_UNKNOWN_WORDS:
        return None
    replacements = {}
    for folded in unknown:
        if closest := _closest(folded):
            replacements[folded] = closest
    if not replacements:
        return None
    suggestion = text.WORD.sub(
        lambda word: replacements.get(text.fold(word.group()), word.group()), query
    )
    return suggestion if search_articles(suggestion, within).count() else None
