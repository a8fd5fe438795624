"""French text analysis in Python, the steps of PostgreSQL's `french_unaccent` configuration.

Words are lowercased, stripped of their accents, French stop words dropped, then reduced to their
Snowball stem: « Collectivités » and « collectivite » both become `collectivit`, « données » and
« donnees » both `donne`. SQLite's index and every highlighted excerpt use this module.
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
