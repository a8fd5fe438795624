"""How easy an article is to read, in French: advice for the writer, never a block.

The score is **Kandel and Moles' adaptation of Flesch's reading ease to French** (L. Kandel,
A. Moles, « Application de l’indice de Flesch à la langue française », *Cahiers Études de
Radio-Télévision*, n° 19, 1958, p. 253-274):

    L = 207 − 1,015 × (mots par phrase) − 73,6 × (syllabes par mot)

from 0 (very hard) to 100 (very easy); a general newspaper scores about 50 to 60. Syllables are
counted by groups of vowels, a final mute « e » (« -e », « -es ») not counted: an
approximation, as every such tool's. Besides the score: the average and longest sentences, the
sentences over `LONG_SENTENCE_WORDS` (each with where it is), the share of sentences in the
passive voice (a form of « être » followed by a past participle) and of long words (three
syllables or more).
"""

import re
from dataclasses import dataclass, field
from html import unescape

# Used when the rédaction has set no audience (articles.Audience holds the targets it sets).
LONG_SENTENCE_WORDS = 25
TARGET_SCORE = 50  # an article for élu·es, agents and citizens: a general newspaper's ease
LONG_WORD_SYLLABLES = 3
SCALE = [  # (lowest score, how it reads), after Flesch's table
    (80, "très facile"),
    (70, "facile"),
    (60, "assez facile"),
    (50, "standard"),
    (40, "assez difficile"),
    (30, "difficile"),
    (float("-inf"), "très difficile"),
]

_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[»”)\]]*|$)")
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+", re.IGNORECASE)
_MUTE_E = re.compile(r"[^aeiouyàâäéèêëîïôöùûüœæ]es?$", re.IGNORECASE)
_SILENT_U = re.compile(r"([qg])u(?=[aeiouyéèê])", re.IGNORECASE)
_ETRE = r"(?:est|sont|était|étaient|sera|seront|serait|seraient|soit|soient|fut|furent|été|être)"
_PASSIVE = re.compile(
    rf"\b{_ETRE}\s+(?:\w+\s+)?\w+(?:é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues|ert|erte|erts|ertes)\b",
    re.IGNORECASE,
)


def syllables(word):
    word = _SILENT_U.sub(r"\1", word)  # « que », « gui »: the u is not a vowel
    count = len(_VOWELS.findall(word))
    if count > 1 and _MUTE_E.search(word):
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int
    where: str  # the part of the article it is in (« Chapô », « Corps, bloc 3 »)


@dataclass
class Readability:
    long_sentence_words: int = LONG_SENTENCE_WORDS
    sentences: list = field(default_factory=list)
    word_count: int = 0
    syllable_count: int = 0
    long_words: int = 0
    passive: int = 0

    @property
    def score(self):
        if not self.sentences or not self.word_count:
            return None
        words_per_sentence = self.word_count / len(self.sentences)
        syllables_per_word = self.syllable_count / self.word_count
        return round(207 - 1.015 * words_per_sentence - 73.6 * syllables_per_word)

    @property
    def reads(self):
        score = self.score
        if score is None:
            return ""
        return next(label for lowest, label in SCALE if score >= lowest)

    def meets(self, target):
        return self.score is not None and self.score >= target

    @property
    def average_sentence(self):
        return round(self.word_count / len(self.sentences), 1) if self.sentences else 0

    @property
    def longest(self):
        return max(self.sentences, key=lambda sentence: sentence.words, default=None)

    @property
    def long_sentences(self):
        limit = self.long_sentence_words
        return [sentence for sentence in self.sentences if sentence.words > limit]

    @property
    def passive_share(self):
        return round(100 * self.passive / len(self.sentences)) if self.sentences else 0

    @property
    def long_word_share(self):
        return round(100 * self.long_words / self.word_count) if self.word_count else 0


def plain(html):
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def _prose(block):
    """The running text of a body block, as the panel's script reads it in the editor (its
    text areas and rich texts): not headings, tables, figures or captions, which are not
    sentences."""
    value = block.value
    if block.block_type == "paragraph":
        return value.source
    if block.block_type == "callout":
        return value["text"].source
    if block.block_type == "quote":
        return value["text"]
    if block.block_type == "embed":
        return value["description"] or ""
    return ""


def parts_of(page):
    """The (where, text) parts of an article the editor's panel reads: chapô, « En bref », the
    running text of each block of the body."""
    parts = [("Chapô", page.chapo or ""), ("En bref", page.summary or "")]
    parts.extend(
        (f"Corps, bloc {index}", _prose(block)) for index, block in enumerate(page.body, start=1)
    )
    return [(where, text) for where, text in parts if text.strip()]


def analyse(parts, long_sentence_words=LONG_SENTENCE_WORDS):
    """The `Readability` of `parts`: (where, text) pairs, the text plain or HTML."""
    result = Readability(long_sentence_words)
    for where, text in parts:
        for match in _SENTENCE.finditer(plain(text)):
            sentence = match.group(0).strip()
            words = _WORD.findall(sentence)
            if not words:
                continue
            counted = [syllables(word) for word in words]
            result.sentences.append(Sentence(sentence, len(words), where))
            result.word_count += len(words)
            result.syllable_count += sum(counted)
            result.long_words += sum(1 for count in counted if count >= LONG_WORD_SYLLABLES)
            result.passive += bool(_PASSIVE.search(sentence))
    return result
