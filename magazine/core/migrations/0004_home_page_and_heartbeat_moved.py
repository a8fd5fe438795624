"""The home page and the worker's heartbeat now belong to `home` and `operations`: they leave
`core`'s state only; their tables are theirs (see home/0001 and operations/0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_standardpage_sobriety_measures"),
        ("home", "0001_initial"),
        ("operations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HomePage"),
                migrations.DeleteModel(name="WorkerHeartbeat"),
            ]
        )
    ]
