"""The words of the indexed articles, for « Vouliez-vous dire … ? »: filled from the index."""

from django.db import migrations, models

from magazine.search import text


def fill(apps, schema_editor):
    ArticleSearchEntry = apps.get_model("magazine_search", "ArticleSearchEntry")
    IndexedWord = apps.get_model("magazine_search", "IndexedWord")
    words = {}
    for entry in ArticleSearchEntry.objects.iterator(chunk_size=500):
        for folded, word in text.vocabulary(entry.title, entry.chapo, entry.body).items():
            words.setdefault(folded, word)
    IndexedWord.objects.bulk_create(
        [IndexedWord(folded=folded, word=word) for folded, word in words.items()],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("magazine_search", "0003_search_function")]

    operations = [
        migrations.CreateModel(
            name="IndexedWord",
            fields=[
                (
                    "folded",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="sans accents"
                    ),
                ),
                ("word", models.CharField(max_length=40, verbose_name="mot")),
            ],
            options={"verbose_name": "mot indexé", "verbose_name_plural": "mots indexés"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
