"""The worker's heartbeat moves from `core` to `operations`: same table (renamed by 0002),
same content type (its app label changes)."""

from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="core", model="workerheartbeat"
    ).update(app_label="operations")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="operations", model="workerheartbeat"
    ).update(app_label="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_standardpage_sobriety_measures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        (
                            "host",
                            models.CharField(
                                max_length=255,
                                primary_key=True,
                                serialize=False,
                                verbose_name="machine",
                            ),
                        ),
                        ("beat_at", models.DateTimeField(verbose_name="dernier signe de vie")),
                    ],
                    options={
                        "verbose_name": "signe de vie du travailleur",
                        "verbose_name_plural": "signes de vie du travailleur",
                        "db_table": "core_workerheartbeat",
                    },
                )
            ]
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
