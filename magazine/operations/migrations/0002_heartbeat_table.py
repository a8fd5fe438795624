from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
        ("core", "0004_home_page_and_heartbeat_moved"),
    ]

    operations = [migrations.AlterModelTable(name="workerheartbeat", table=None)]
