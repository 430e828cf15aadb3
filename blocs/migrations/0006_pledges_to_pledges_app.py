"""The pledges, their criteria, signatures and scores moved to the pledges app: the tables stay (db_table),
only Django's state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('blocs', '0005_text_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='score',
            name='criterion',
        ),
        migrations.RemoveField(
            model_name='pledge',
            name='bloc',
        ),
        migrations.RemoveField(
            model_name='signature',
            name='pledge',
        ),
        migrations.RemoveField(
            model_name='score',
            name='agency',
        ),
        migrations.RemoveField(
            model_name='signature',
            name='agency',
        ),
        migrations.DeleteModel(
            name='Criterion',
        ),
        migrations.DeleteModel(
            name='Pledge',
        ),
        migrations.DeleteModel(
            name='Score',
        ),
        migrations.DeleteModel(
            name='Signature',
        ),
            ]
        ),
    ]
