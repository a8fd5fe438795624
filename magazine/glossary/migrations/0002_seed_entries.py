"""Every installation starts with the glossary of data/entries.toml (the rédaction edits it
afterwards in the admin); terms already there are left as they are."""

import tomllib
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

ENTRIES = Path(__file__).resolve().parent.parent / "data" / "entries.toml"


def seed(apps, schema_editor):
    GlossaryEntry = apps.get_model("glossary", "GlossaryEntry")
    existing = set(GlossaryEntry.objects.values_list("term", flat=True))
    entries = tomllib.loads(ENTRIES.read_text(encoding="utf-8"))["entry"]
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(
            term=entry["term"],
            slug=slugify(entry["term"]),
            expansion=entry["expansion"],
            definition=entry["definition"],
        )
        for entry in entries
        if entry["term"] not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
