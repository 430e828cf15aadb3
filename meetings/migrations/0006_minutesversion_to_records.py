"""The minutes versions moved to the records app: the table stays (db_table), only Django's state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_proposals_from_awards'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.DeleteModel(
            name='MinutesVersion',
        ),
            ]
        ),
    ]
