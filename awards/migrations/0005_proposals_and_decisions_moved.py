"""Proposals, ballots and rankings moved to the meetings app, decisions to the decisions app: the tables stay
(db_table), only Django's state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0004_text_fields'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='decision',
            name='organizer',
        ),
        migrations.RemoveField(
            model_name='decision',
            name='proposals',
        ),
        migrations.RemoveField(
            model_name='decisionaward',
            name='decision',
        ),
        migrations.RemoveField(
            model_name='decisionaward',
            name='proposal',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='award_type',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='bloc',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='meeting',
        ),
        migrations.RemoveField(
            model_name='proposal',
            name='nominee',
        ),
        migrations.RemoveField(
            model_name='ranking',
            name='agency',
        ),
        migrations.RemoveField(
            model_name='ranking',
            name='meeting',
        ),
        migrations.DeleteModel(
            name='Ballot',
        ),
        migrations.DeleteModel(
            name='Decision',
        ),
        migrations.DeleteModel(
            name='DecisionAward',
        ),
        migrations.DeleteModel(
            name='Proposal',
        ),
        migrations.DeleteModel(
            name='Ranking',
        ),
            ]
        ),
    ]
