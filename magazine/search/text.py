"""French text analysis in Python, the steps of PostgreSQL's `french_unaccent` configuration.

Words are lowercased, stripped of their accents, French stop words dropped, then reduced to their
Snowball stem: « Collectivités » and « collectivite » both become `collectivit`, « données » and
« donnees » both `donne`. SQLite's index and every highlighted excerpt use this module.

Snowball leaves the plural of short words alone (« élus » `elus`, « élu » `elu`; « jeux »,
« travaux »), on both databases: a reader's query therefore looks for each of its words in both
numbers (`query_words`), and finds the same articles whichever number it was typed in.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Snowball's French stop list, the one PostgreSQL uses (`french.stop`), less the accented forms:
# like PostgreSQL's `unaccent, french_stem` mapping, the list is checked after accents are removed.
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes
    moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
    un une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera serons serez
    seront serais serait serions seriez seraient fus fut furent sois soit soyons soyez soient fusse
    fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont
    aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions
    aviez avaient eut eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent
    """.split()
)
# Letters and digits; apostrophes, hyphens and underscores separate words.
WORD = re.compile(r"[^\W_]+")
# A query's single letters and digits are not looked for: nearly every article has them.
MIN_QUERY_WORD_LENGTH = 2
# The words « Vouliez-vous dire … ? » may offer: letters only, and no longer than this.
SUGGESTED_WORD_LENGTHS = range(3, 41)
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})

_stemmer = snowballstemmer.stemmer("french")


def fold(text):
    """Lowercase, without accents or ligatures: « Œuvre d’État » → « oeuvre d’etat »."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=100_000)
def stem(word):
    """The search term for one word as `WORD` finds it, or "" for a stop word."""
    folded = fold(word)
    if folded in STOP_WORDS:
        return ""
    return _stemmer.stemWord(folded)


def terms(text):
    """The search terms of a text, in order, stop words left out."""
    return [term for term in map(stem, WORD.findall(text or "")) if term]


def analyse(text):
    """A text as the index stores it: its terms separated by spaces."""
    return " ".join(terms(text))


def number_forms(folded):
    """A folded word and the forms it takes in the other number, as French mostly spells them:
    « elu » and « elus », « jeu » and « jeux », « travail » and « travaux » (a form no word has
    costs nothing: it matches nothing)."""
    forms = [folded]
    if folded.endswith("aux"):
        forms += [f"{folded[:-3]}al", f"{folded[:-3]}ail"]
    if folded.endswith(("s", "x")):
        forms.append(folded[:-1])
    else:
        forms.append(f"{folded}s")
        if folded.endswith(("au", "eu", "ou")):
            forms.append(f"{folded}x")
        if folded.endswith("al"):
            forms.append(f"{folded[:-2]}aux")
        elif folded.endswith("ail"):
            forms.append(f"{folded[:-3]}aux")
    return tuple(form for form in forms if len(form) >= MIN_QUERY_WORD_LENGTH)


def query_words(query):
    """The words of a reader's query to look for, each as the tuple of its folded forms in both
    numbers (`number_forms`); stop words and single letters left out, each word once."""
    words = {}
    for word in WORD.findall(query or ""):
        folded = fold(word)
        if len(folded) >= MIN_QUERY_WORD_LENGTH and folded not in STOP_WORDS:
            words.setdefault(folded, number_forms(folded))
    return list(words.values())


def query_terms(words):
    """The search terms of `query_words`, all forms together (what highlighting marks)."""
    return {term for forms in words for term in map(stem, forms) if term}


def vocabulary(*texts):
    """The words of `texts` « Vouliez-vous dire … ? » may suggest: {folded: as first written,
    lowercased}, stop words left out."""
    words = {}
    for source in texts:
        for word in WORD.findall(source or ""):
            if word.isalpha() and len(word) in SUGGESTED_WORD_LENGTHS:
                folded = fold(word)
                if folded not in STOP_WORDS and len(folded) in SUGGESTED_WORD_LENGTHS:
                    words.setdefault(folded, word.lower())
    return words
