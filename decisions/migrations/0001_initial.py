"""Award decisions, moved here from the awards app (state first; the tables awards_decision and
awards_decisionaward stay as they are)."""

import core.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0004_auditentry_to_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', core.fields.NameField(help_text='Ví dụ: 123/QĐ-UBND', max_length=200, verbose_name='số quyết định')),
                ('signed_on', core.fields.DateField(verbose_name='ngày ký')),
                ('issued_by', core.fields.NameField(blank=True, max_length=500, verbose_name='cơ quan ban hành')),
                ('organizer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='members.organizer', verbose_name='tỉnh')),
            ],
            options={
                'verbose_name': 'quyết định khen thưởng',
                'verbose_name_plural': 'quyết định khen thưởng',
                'db_table': 'awards_decision',
                'ordering': ['-signed_on', 'number'],
            },
        ),
        migrations.CreateModel(
            name='DecisionAward',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='awards', to='decisions.decision', verbose_name='quyết định')),
            ],
            options={
                'verbose_name': 'khen thưởng theo quyết định',
                'verbose_name_plural': 'khen thưởng theo quyết định',
                'db_table': 'awards_decisionaward',
            },
        ),
            ]
        ),
    ]
