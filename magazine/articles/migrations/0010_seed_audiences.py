"""Every installation starts with the magazine's three readerships and their readability targets
(the rédaction en chef changes them in « Paramètres › Publics et lisibilité »)."""

from django.db import migrations

AUDIENCES = [
    # name, who, target (Kandel-Moles), long sentence (words), default
    ("Grand public", "Habitant·es, associations, étudiant·es curieux", 60, 20, False),
    ("Élu·es et agents", "Élu·es locaux, agents des collectivités : le lectorat du magazine", 50, 25, True),
    ("Spécialistes", "DSI, chercheur·es, juristes du numérique public", 40, 30, False),
]  # fmt: skip


def seed(apps, schema_editor):
    Audience = apps.get_model("articles", "Audience")
    for order, (name, who, target, long_sentence, default) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(
            name=name,
            defaults={
                "description": who,
                "target_score": target,
                "long_sentence_words": long_sentence,
                "is_default": default and not Audience.objects.filter(is_default=True).exists(),
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_audiences")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
