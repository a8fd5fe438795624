"""How to cite an article: an ISO 690 reference in French, BibTeX, RIS and the metadata
(Highwire `citation_*`, OpenGraph, JSON-LD) that reference managers such as Zotero read.

Every URL is absolute, built on the host the request came to, like the feeds and the sitemap.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from magazine.core import deferred
from magazine.core.models import SiteSettings
from magazine.core.typography import french_date

OG_IMAGE_FILTER = "format-jpeg|width-1200"  # also one of the renditions the page itself shows
_FINAL_PUNCTUATION = (".", "!", "?", "…")


@dataclass(frozen=True)
class Person:
    name: str
    url: str

    @property
    def given(self):
        return split_name(self.name)[0]

    @property
    def family(self):
        return split_name(self.name)[1]

    @property
    def inverted(self):
        """« Vidal, Hélène », the order of reference lists and of `citation_author`."""
        return f"{self.family}, {self.given}" if self.given else self.family


def split_name(name):
    """(given name, family name): the first word is the given name, the rest the family name.

    Author records hold a single name; « Thomas Le Roux » gives (« Thomas », « Le Roux »).
    """
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[0], " ".join(words[1:])


def _sentence(text):
    """Text closed by a full stop, unless it already ends with a punctuation mark."""
    text = text.strip()
    return text if text.endswith(_FINAL_PUNCTUATION) else f"{text}."


class ArticleCitation:
    """What it takes to cite one published article, seen from one request."""

    def __init__(self, article, request):
        self.article = article
        self.request = request
        self.settings = SiteSettings.for_request(request)

    def absolute(self, location):
        return self.request.build_absolute_uri(location)

    # — the facts —

    @cached_property
    def url(self):
        return self.absolute(self.article.get_url(self.request))

    @property
    def title(self):
        return self.article.title

    @property
    def description(self):
        return self.article.search_description or self.article.chapo

    @cached_property
    def authors(self):
        return [
            Person(author.name, self.absolute(author.get_absolute_url()))
            for author in self.article.authors
        ]

    @property
    def published_at(self):
        """First publication; for the preview of a draft never published, now."""
        return timezone.localtime(self.article.first_published_at or timezone.now())

    @property
    def modified_at(self):
        """The last substantive update (a public correction), else the first publication."""
        updated = self.article.last_updated_at
        return timezone.localtime(updated) if updated else self.published_at

    @property
    def journal(self):
        return self.settings.magazine_name

    @property
    def publisher(self):
        return self.settings.publisher_name or self.settings.magazine_name

    @cached_property
    def licence(self):
        return self.article.licence_for(self.settings)

    @cached_property
    def themes(self):
        return [theme.name for theme in self.article.themes.all()]

    @cached_property
    def tags(self):
        return [tag.name for tag in self.article.tags.all()]

    @cached_property
    def image(self):
        """The lead image's shared rendition (absolute URL and alt text), if any."""
        image = self.article.lead_image
        if image is None:
            return None
        rendition = image.get_rendition(OG_IMAGE_FILTER)
        return {"url": self.absolute(rendition.url), "alt": image.description}

    @property
    def bibtex_url(self):
        return reverse("articles:cite_bibtex", kwargs={"slug": self.article.slug})

    @property
    def ris_url(self):
        return reverse("articles:cite_ris", kwargs={"slug": self.article.slug})

    @property
    def file_name(self):
        return self.article.slug

    def share_links(self):
        """Plain links that open a sharing form elsewhere: no script, nothing loaded here."""
        text = f"{self.title} {self.url}"
        mail_body = f"{self.title}\n{self.url}"
        return [
            {
                "label": "Par courriel",
                "url": f"mailto:?subject={quote(self.title)}&body={quote(mail_body)}",
            },
            {
                # Share₂Fedi asks the reader for their instance (Mastodon or any fediverse
                # server) and works without JavaScript.
                "label": "Sur Mastodon",
                "url": f"https://s2f.kytta.dev/?text={quote(text)}",
            },
            {
                "label": "Sur LinkedIn",
                "url": f"https://www.linkedin.com/sharing/share-offsite/?url={quote(self.url)}",
            },
        ]

    # — the formats —

    def iso690(self, consulted_on=None):
        """The reference in the French ISO 690 style, as HTML (the magazine's name in italics).

        VIDAL, Hélène et MORVAN, Claire. Titre. *Magazine* [en ligne]. 14 avril 2025.
        [Consulté le 26 novembre 2026]. Disponible à l’adresse : https://…
        """
        consulted = (
            french_date(consulted_on) if consulted_on else deferred.consulted_on(self.request)
        )
        names = [
            f"{person.family.upper()}, {person.given}" if person.given else person.family.upper()
            for person in self.authors
        ]
        if len(names) > 1:
            names = [", ".join(names[:-1]) + " et " + names[-1]]
        updated = ""
        if self.article.last_updated_at:
            updated = f" Mis à jour le {french_date(self.modified_at)}."
        return format_html(
            "{authors}{title} <i>{journal}</i> [en ligne]. {published}.{updated} "
            "[Consulté le {consulted}]. Disponible à l’adresse : {url}",  # this very page: no link
            authors=f"{_sentence(names[0])} " if names else "",
            title=_sentence(self.title),
            journal=self.journal,
            published=french_date(self.published_at),
            updated=updated,
            consulted=consulted,
            url=self.url,
        )

    def bibtex_key(self):
        """« vidal2025etat »: first author's family name, year, first word of the title."""
        first = self.authors[0].family if self.authors else self.journal
        word = next((w for w in slugify(self.title).split("-") if len(w) > 3), "article")
        return f"{slugify(first).replace('-', '')}{self.published_at.year}{word}"

    def bibtex(self, consulted_on=None):
        consulted_on = consulted_on or timezone.localdate()
        escape = _bibtex_escape
        fields = [
            ("author", escape(" and ".join(person.inverted for person in self.authors))),
            ("title", f"{{{escape(self.title)}}}"),  # inner braces keep the capitals
            ("journal", escape(self.journal)),
            ("publisher", escape(self.publisher)),
            ("year", str(self.published_at.year)),
            ("date", self.published_at.date().isoformat()),
            ("url", self.url),
            ("urldate", consulted_on.isoformat()),
            ("abstract", escape(self.description)),
            ("keywords", escape(", ".join([*self.themes, *self.tags]))),
            ("langid", "french"),
        ]
        if self.licence["url"]:
            fields.append(("note", escape(f"Licence : {self.licence['label']}")))
        lines = [f"  {name} = {{{value}}}" for name, value in fields if value]
        month = _BIBTEX_MONTHS[self.published_at.month - 1]  # a macro, never in braces
        lines.insert(
            lines.index(f"  year = {{{self.published_at.year}}}") + 1, f"  month = {month}"
        )
        return f"@article{{{self.bibtex_key()},\n" + ",\n".join(lines) + "\n}\n"

    def ris(self, consulted_on=None):
        """RIS, as Zotero, EndNote and Mendeley import it: `MGZN` is a magazine article."""
        consulted_on = consulted_on or timezone.localdate()
        date = self.published_at.strftime("%Y/%m/%d")
        records = [
            ("TY", "MGZN"),
            ("TI", self.title),
            *(("AU", person.inverted) for person in self.authors),
            ("T2", self.journal),
            ("PB", self.publisher),
            ("PY", self.published_at.strftime("%Y")),
            ("DA", date),
            ("UR", self.url),
            ("Y2", consulted_on.strftime("%Y/%m/%d")),
            ("AB", self.description),
            *(("KW", keyword) for keyword in [*self.themes, *self.tags]),
            ("LA", "fr"),
            ("ER", ""),
        ]
        return "".join(
            f"{tag}  - {_one_line(value)}\r\n" for tag, value in records if value or tag == "ER"
        )

    def highwire(self):
        """`citation_*` meta tags (name, content), in the order Google Scholar documents."""
        date = self.published_at.strftime("%Y/%m/%d")
        tags = [
            ("citation_title", self.title),
            *(("citation_author", person.inverted) for person in self.authors),
            ("citation_publication_date", date),
            ("citation_journal_title", self.journal),
        ]
        return [(name, content) for name, content in tags if content]

    def json_ld(self):
        """schema.org `Article`, as a dict ready for JSON."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.description,
            "datePublished": self.published_at.isoformat(),
            "dateModified": self.modified_at.isoformat(),
            "author": [
                {"@type": "Person", "name": person.name, "url": person.url}
                for person in self.authors
            ],
            "publisher": {
                "@type": "Organization",
                "name": self.publisher,
                "url": self.absolute("/"),
            },
            "isPartOf": {"@type": "Periodical", "name": self.journal},
            "inLanguage": "fr",
            "url": self.url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.url},
            "articleSection": self.themes,
            "keywords": self.tags,
        }
        if self.licence["url"]:
            data["license"] = self.licence["url"]
        if self.image:
            data["image"] = [self.image["url"]]
        return data

    def json_ld_script(self):
        """The JSON-LD in its `<script type="application/ld+json">`, safe to put in HTML.

        A data block, never executed: a strict CSP (`script-src` without 'unsafe-inline')
        does not apply to it.
        """
        text = json.dumps(self.json_ld(), ensure_ascii=False)
        for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(char, escape)
        # Safe: with <, > and & escaped, the JSON can neither close the element nor hold markup.
        return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


_BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_BIBTEX_SPECIAL = {
    **{char: f"\\{char}" for char in "&%$#_"},
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # A lone brace: BibTeX counts every brace, even after a backslash, so `\{` would leave the
    # field unbalanced.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}


def _lone_braces(text):
    """The positions of the braces of `text` that do not pair up."""
    opened, lone = [], set()
    for position, char in enumerate(text):
        if char == "{":
            opened.append(position)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                lone.add(position)
    return lone.union(opened)


def _bibtex_escape(text):
    """One line, TeX's special characters escaped. Braces that pair up stay: « le {SIG} »
    keeps them, and BibTeX its capitals; a lone brace is written as TeX's brace character."""
    text = " ".join((text or "").split())
    lone = _lone_braces(text)
    return "".join(
        char if char in "{}" and position not in lone else _BIBTEX_SPECIAL.get(char, char)
        for position, char in enumerate(text)
    )


def _one_line(text):
    return " ".join(str(text).split())
