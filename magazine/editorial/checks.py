"""The quality gate: what an article must satisfy before it is submitted or published.

Each check is a plain function taking the article (possibly unsaved, with its in-memory child
objects) and yielding `Problem`s in French, each saying where to fix it. Other modules add
checks by appending to `CHECKS`.
"""

import logging
import re
from dataclasses import dataclass
from html import unescape

from magazine.core.blocks import FILE_NAME_EXTENSIONS
from magazine.editorial import readability

logger = logging.getLogger(__name__)

BODY = "Contenu › Corps de l’article"
FOOTNOTES = "Contenu › Notes de bas de page"
# Where each problem is fixed, as the editor's tabs and panels say it, and the form field it
# is: the editor turns « à corriger dans : … » into a link to that field (or to block N of the
# body, note N of the footnotes), from this table (`wagtail_hooks.quality_gate_links`).
WHERE = {
    "chapo": "Contenu › Chapô",
    "article_authors": "Contenu › Auteur·rices",
    "lead_image_alt": "Contenu › Image principale",
    "sources": "Contenu › Sources",
    "themes": "Classement › Thèmes",
    "territory_kinds": "Classement › Types de territoire",
    "slug": "Promotion › Slug",
    "body": BODY,
    "footnotes": FOOTNOTES,
}
VAGUE_LINK_TEXTS = {
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clic ici",
    "lien",
    "ce lien",
    "en savoir plus",
    "lire la suite",
    "plus",
    "voir",
    "là",
}
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE = re.compile(r'<footnote id="([^"]+)">')
_URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.I)


@dataclass(frozen=True)
class Problem:
    message: str
    where: str

    def __str__(self):
        return f"{self.message} (à corriger dans : {self.where})"


def _block_where(index, block):
    return f"{BODY}, bloc {index} ({block.block.label})"


def chapo_present(page):
    if not (page.chapo or "").strip():
        yield Problem("Le chapô est vide.", WHERE["chapo"])


def has_author(page):
    if not list(page.article_authors.all()):
        yield Problem("Aucun·e auteur·rice n’est indiqué·e.", WHERE["article_authors"])


def has_theme(page):
    if not list(page.themes.all()):
        yield Problem("Aucun thème n’est choisi.", WHERE["themes"])


def has_territory_kind(page):
    if not list(page.territory_kinds.all()):
        yield Problem("Aucun type de territoire n’est choisi.", WHERE["territory_kinds"])


def has_source(page):
    if not list(page.sources.all()):
        yield Problem("L’article ne cite aucune source.", WHERE["sources"])


def _alt_problem(alt):
    if not alt:
        return "n’a pas de texte alternatif et n’est pas marquée décorative"
    if alt.lower().endswith(FILE_NAME_EXTENSIONS):
        return f"a pour texte alternatif un nom de fichier (« {alt} »)"
    return None


def images_have_alt_text(page):
    if page.lead_image and (problem := _alt_problem(page.lead_image_alt_text)):
        yield Problem(
            f"L’image principale {problem} : décrivez-la sous l’image (champ « Texte "
            "alternatif »).",
            WHERE["lead_image_alt"],
        )
    for index, block in enumerate(page.body, start=1):
        if block.block_type != "image" or block.value.get("decorative"):
            continue
        if problem := _alt_problem((block.value.alt or "").strip()):
            yield Problem(f"L’image {problem}.", _block_where(index, block))


def headings_are_ordered(page):
    seen_h2 = False
    for index, block in enumerate(page.body, start=1):
        if block.block_type != "heading":
            continue
        if not (block.value.get("text") or "").strip():
            yield Problem("Un intertitre est vide.", _block_where(index, block))
        if block.value.get("level") == "h2":
            seen_h2 = True
        elif not seen_h2:
            yield Problem(
                "Un sous-intertitre (niveau 3) arrive avant tout intertitre de niveau 2.",
                _block_where(index, block),
            )


def tables_are_filled(page):
    for index, block in enumerate(page.body, start=1):
        if block.block_type != "table":
            continue
        rows = (block.value or {}).get("data") or []
        if not any((cell or "").strip() for row in rows for cell in row or []):
            yield Problem(
                "Le tableau est vide : remplissez-le ou retirez-le.", _block_where(index, block)
            )


def _rich_texts(page):
    for index, block in enumerate(page.body, start=1):
        if block.block_type == "paragraph":
            yield _block_where(index, block), block.value.source
        elif block.block_type == "callout":
            yield _block_where(index, block), block.value["text"].source
    for number, footnote in enumerate(page.footnotes.all(), start=1):
        yield f"{FOOTNOTES}, note {number}", str(footnote.text)


def links_are_meaningful(page):
    for where, html in _rich_texts(page):
        for inner in _LINK.findall(html or ""):
            text = " ".join(unescape(_TAG.sub("", inner)).split())
            label = text.lower().strip(" .:;!?«»\u00a0\u202f")
            if not label or label in VAGUE_LINK_TEXTS:
                yield Problem(
                    f"Le texte du lien « {text} » ne dit pas où il mène : "
                    "écrivez le titre ou la nature de la page liée.",
                    where,
                )
            elif _URL_TEXT.match(text):
                yield Problem(
                    f"Le lien affiche une adresse brute (« {text} ») : "
                    "écrivez plutôt le titre de la page liée.",
                    where,
                )


def footnotes_resolve(page):
    known = {str(footnote.uuid) for footnote in page.footnotes.all()}
    for index, block in enumerate(page.body, start=1):
        if block.block_type != "paragraph":
            continue
        for reference in _FOOTNOTE.findall(block.value.source or ""):
            if reference not in known:
                yield Problem(
                    "Un appel de note renvoie à une note qui n’existe plus.",
                    _block_where(index, block),
                )


def readable_for_its_audience(page):
    """Only when the rédaction made its audience's readability target a rule (Audience.gate)."""
    audience = page.reading_audience
    if audience is None or not audience.gate:
        return
    result = readability.analyse(readability.parts_of(page), audience.long_sentence_words)
    if result.score is not None and not result.meets(audience.target_score):
        yield Problem(
            f"La lisibilité de l’article ({result.score}) est sous l’objectif de "
            f"{audience.target_score} fixé pour le public « {audience} » : raccourcissez les "
            "phrases et les mots (le panneau « Lisibilité » sous le corps les liste).",
            BODY,
        )


def renders(page):
    """The article as it would go live answers its preview without a server error (a slug the
    routes refuse, a broken block): nothing that cannot be displayed is submitted or published."""
    if not page.url_path:
        return  # not placed in the tree yet (a new article): checked at the next step
    try:
        status = page.make_preview_request().status_code
    except Exception as error:  # noqa: BLE001 (whatever fails, the article cannot be shown)
        logger.exception("L’article « %s » ne peut pas être affiché.", page.title)
        status, detail = 500, f" ({type(error).__name__})"
    else:
        detail = ""
    if status >= 500:
        yield Problem(
            f"L’article ne peut pas être affiché{detail} : vérifiez son adresse (slug) et ses "
            "blocs, ou signalez-le à l’administrateur·rice.",
            WHERE["slug"],
        )


CHECKS = [
    chapo_present,
    has_author,
    has_theme,
    has_territory_kind,
    has_source,
    images_have_alt_text,
    headings_are_ordered,
    tables_are_filled,
    links_are_meaningful,
    footnotes_resolve,
    readable_for_its_audience,
    renders,
]


def quality_problems(page):
    """Every problem the gate finds in the article, in the order of the checks."""
    return [problem for check in CHECKS for problem in check(page)]
