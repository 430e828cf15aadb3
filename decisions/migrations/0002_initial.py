"""The decisions' relations to proposals, then the content types relabelled."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('decisions', '0001_initial'),
        ('meetings', '0005_proposals_from_awards'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AddField(
            model_name='decisionaward',
            name='proposal',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision_award', to='meetings.proposal', verbose_name='đề nghị'),
        ),
        migrations.AddField(
            model_name='decision',
            name='proposals',
            field=models.ManyToManyField(related_name='decisions', through='decisions.DecisionAward', to='meetings.proposal', verbose_name='đề nghị được khen thưởng'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(fields=('organizer', 'number'), name='decision_number_unique_per_organizer', violation_error_message='Số quyết định này đã có trong tỉnh.'),
        ),
            ]
        ),
        migrations.RunPython(*move_content_types('awards', 'decisions', ['decision', 'decisionaward'])),
    ]
