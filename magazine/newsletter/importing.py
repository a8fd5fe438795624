"""Importing a list of subscribers kept by another tool (a CSV file from MailPoet, listmonk, a
spreadsheet): each address becomes a confirmed subscriber whose consent is recorded as coming
from there. Nothing is sent: they receive the next numéro or alert like everyone else. An
address already known is left as it is (someone who unsubscribed stays unsubscribed)."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from magazine.newsletter.models import Subscriber

MAX_BYTES = 5 * 1024 * 1024
EMAIL_HEADINGS = {"email", "e-mail", "mail", "courriel", "adresse", "adresse électronique"}
IMPORTED_CONSENT = "import"


class ImportRefused(Exception):
    """The whole file is refused (the message says why, in French)."""


@dataclass
class Outcome:
    added: int = 0
    known: int = 0
    refused: list = field(default_factory=list)  # (line number, what was read, why)


def _text(content):
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused(
                "Ce fichier n’est pas un texte lisible (ni UTF-8 ni Windows-1252)."
            ) from None


def _rows(text):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _email_column(rows):
    """(index of the e-mail column, whether the first row is headings)."""
    if not rows:
        raise ImportRefused("Le fichier est vide.")
    first = [cell.strip().lower() for cell in rows[0]]
    for index, heading in enumerate(first):
        if heading in EMAIL_HEADINGS:
            return index, True
    for index, cell in enumerate(first):
        if "@" in cell:
            return index, False
    raise ImportRefused(
        "Aucune colonne d’adresses trouvée : nommez-la « email » ou « courriel » sur la "
        "première ligne."
    )


def import_subscribers(content, origin, frequency):
    """Imports the CSV `content` (bytes); returns an Outcome. Raises ImportRefused."""
    if len(content) > MAX_BYTES:
        raise ImportRefused("Le fichier dépasse 5 Mo : découpez-le en plusieurs imports.")
    rows = _rows(_text(content))
    column, headed = _email_column(rows)
    outcome = Outcome()
    seen, new = set(), []
    for number, row in enumerate(rows, start=1):
        if headed and number == 1 or not any(cell.strip() for cell in row):
            continue
        read = row[column].strip() if column < len(row) else ""
        try:
            validate_email(read)
        except ValidationError:
            outcome.refused.append((number, read[:100], "adresse invalide"))
            continue
        address = read.lower()
        if address in seen:
            outcome.refused.append((number, read[:100], "déjà plus haut dans le fichier"))
            continue
        seen.add(address)
        new.append(address)
    now = timezone.now()
    with transaction.atomic():
        known = set(Subscriber.objects.filter(email__in=new).values_list("email", flat=True))
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=address,
                    state=Subscriber.State.CONFIRMED,
                    frequency=frequency,
                    consent_version=IMPORTED_CONSENT,
                    origin=origin[:200],
                    asked_at=now,
                    confirmed_at=now,
                    last_active_at=now,
                )
                for address in new
                if address not in known
            ],
            batch_size=1000,
        )
    outcome.known = len(known)
    outcome.added = len(new) - len(known)
    return outcome
