"""French typography: non-breaking spaces where French puts them, curly apostrophes.

Plain-text only: HTML is handled by `french_html`, which leaves tags and attributes alone.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »

_BEFORE_DOUBLE = re.compile(r"[ \u00a0\u202f]*([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]+:")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
_BEFORE_UNIT = re.compile(r"(?<=\d)[ \u00a0\u202f]+(%|€|Ko|Mo|Go|km|m²|h\b|min\b)")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")
_URL = re.compile(r"https?://\S+")


def french_text(text):
    """Apply French typography to plain text (no HTML)."""
    if not text:
        return text
    urls = _URL.findall(text)
    if urls:
        # Never touch URLs written in the text.
        parts = _URL.split(text)
        return "".join(
            french_text(part) + (urls[index] if index < len(urls) else "")
            for index, part in enumerate(parts)
        )
    text = _APOSTROPHE.sub("’", text)
    text = _AFTER_OPENING.sub("«" + NNBSP, text)
    text = _BEFORE_CLOSING.sub(NNBSP + "»", text)
    text = _BEFORE_DOUBLE.sub(lambda m: NNBSP + m.group(1), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_UNIT.sub(lambda m: NBSP + m.group(1), text)
    text = _THOUSANDS.sub(NNBSP, text)
    return text


def french_html(html):
    """Apply French typography to the text nodes of an HTML fragment (tags, entities kept)."""
    if not html:
        return html
    return "".join(
        chunk if chunk.startswith(("<", "&")) else french_text(chunk)
        for chunk in _TAG_OR_ENTITY.split(html)
    )


def french_date(value, with_year=True):
    """« 26 novembre 2026 » (« 1er » for the first day of the month)."""
    if value is None:
        return ""
    months = (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    ).split()
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {months[value.month - 1]}"
    return f"{text} {value.year}" if with_year else text
