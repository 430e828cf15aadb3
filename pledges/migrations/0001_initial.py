"""The pledges, their criteria, signatures and scores, moved here from the blocs app: the tables blocs_pledge,
blocs_criterion, blocs_signature and blocs_score stay as they are (SeparateDatabaseAndState), and so do the rows of
content types, relabelled, with what refers to them."""

import core.fields
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blocs', '0006_pledges_to_pledges_app'),
        ('members', '0004_auditentry_to_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Pledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1945), django.core.validators.MaxValueValidator(2100)], verbose_name='năm')),
                ('signed_on', core.fields.DateField(blank=True, null=True, verbose_name='ngày ký')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('bloc', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledges', to='blocs.bloc', verbose_name='khối')),
            ],
            options={
                'verbose_name': 'giao ước thi đua',
                'verbose_name_plural': 'giao ước thi đua',
                'db_table': 'blocs_pledge',
                'ordering': ['bloc', '-year'],
            },
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', core.fields.NameField(max_length=20, verbose_name='mã')),
                ('title', core.fields.LineField(max_length=2000, verbose_name='nội dung tiêu chí')),
                ('max_points', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='điểm tối đa')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='pledges.pledge', verbose_name='giao ước')),
            ],
            options={
                'verbose_name': 'tiêu chí',
                'verbose_name_plural': 'tiêu chí',
                'db_table': 'blocs_criterion',
                'ordering': ['pledge', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Score',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('points', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='điểm')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='members.agency', verbose_name='đơn vị')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='pledges.criterion', verbose_name='tiêu chí')),
            ],
            options={
                'verbose_name': 'điểm chấm',
                'verbose_name_plural': 'điểm chấm',
                'db_table': 'blocs_score',
            },
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signer', core.fields.NameField(blank=True, max_length=300, verbose_name='người ký')),
                ('title', core.fields.NameField(blank=True, max_length=300, verbose_name='chức vụ')),
                ('signed_on', core.fields.DateField(blank=True, null=True, verbose_name='ngày ký')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='members.agency', verbose_name='đơn vị')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='pledges.pledge', verbose_name='giao ước')),
            ],
            options={
                'verbose_name': 'chữ ký giao ước',
                'verbose_name_plural': 'chữ ký giao ước',
                'db_table': 'blocs_signature',
                'ordering': ['pledge', 'agency__sort_key'],
            },
        ),
        migrations.AddConstraint(
            model_name='pledge',
            constraint=models.UniqueConstraint(fields=('bloc', 'year'), name='pledge_one_per_bloc_year', violation_error_message='Khối đã có giao ước thi đua cho năm này.'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('pledge', 'code'), name='criterion_code_unique_per_pledge', violation_error_message='Mã tiêu chí đã có trong giao ước.'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.CheckConstraint(condition=models.Q(('max_points__gt', 0)), name='criterion_max_points_positive', violation_error_message='Điểm tối đa phải lớn hơn 0.'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('criterion', 'agency'), name='score_one_per_agency_criterion', violation_error_message='Đơn vị đã có điểm cho tiêu chí này.'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('points__gte', 0)), name='score_points_not_negative', violation_error_message='Điểm không được âm.'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(fields=('pledge', 'agency'), name='signature_one_per_agency', violation_error_message='Đơn vị đã ký giao ước này.'),
        ),
            ]
        ),
        migrations.RunPython(*move_content_types('blocs', 'pledges', ['pledge', 'criterion', 'signature', 'score'])),
    ]
