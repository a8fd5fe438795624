"""The home page moves from `core` to `home`: same table (renamed by 0002), same content type
(its app label changes), so pages, revisions and permissions keep pointing at it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="core", model="homepage"
    ).update(app_label="home")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="home", model="homepage"
    ).update(app_label="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_standardpage_sobriety_measures"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("intro", models.TextField(blank=True, verbose_name="présentation")),
                    ],
                    options={"verbose_name": "page d’accueil", "db_table": "core_homepage"},
                    bases=("wagtailcore.page",),
                )
            ]
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
