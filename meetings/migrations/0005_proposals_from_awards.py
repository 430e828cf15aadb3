"""Award proposals, their ballots and the rankings, moved here from the awards app: the tables awards_proposal,
awards_ballot and awards_ranking stay as they are, and so do the rows of content types, relabelled."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0005_proposals_and_decisions_moved'),
        ('blocs', '0006_pledges_to_pledges_app'),
        ('meetings', '0004_text_fields'),
        ('members', '0004_auditentry_to_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(editable=False, validators=[django.core.validators.MinValueValidator(1945), django.core.validators.MaxValueValidator(2100)], verbose_name='năm')),
                ('votes_for', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số phiếu đồng ý')),
                ('votes_against', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số phiếu không đồng ý')),
                ('votes_abstain', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='số phiếu không biểu quyết')),
                ('outcome', models.CharField(choices=[('pending', 'Chưa biểu quyết'), ('passed', 'Đạt'), ('failed', 'Không đạt')], default='pending', max_length=10, verbose_name='kết quả')),
                ('outcome_reason', models.CharField(blank=True, max_length=500, verbose_name='lý do')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('award_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='awards.awardtype', verbose_name='hình thức khen thưởng')),
                ('bloc', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='blocs.bloc')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='meetings.meeting', verbose_name='hội nghị')),
                ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='members.agency', verbose_name='đơn vị được đề nghị')),
            ],
            options={
                'verbose_name': 'đề nghị khen thưởng',
                'verbose_name_plural': 'đề nghị khen thưởng',
                'db_table': 'awards_proposal',
                'ordering': ['meeting', 'position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Ballot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('vote', models.CharField(choices=[('for', 'Đồng ý'), ('against', 'Không đồng ý'), ('abstain', 'Không biểu quyết')], max_length=10, verbose_name='phiếu')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='members.agency', verbose_name='đơn vị bỏ phiếu')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballots', to='meetings.proposal', verbose_name='đề nghị')),
            ],
            options={
                'verbose_name': 'phiếu biểu quyết',
                'verbose_name_plural': 'phiếu biểu quyết',
                'db_table': 'awards_ballot',
                'ordering': ['proposal', 'agency__sort_key'],
            },
        ),
        migrations.CreateModel(
            name='Ranking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='xếp hạng')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rankings', to='members.agency', verbose_name='đơn vị')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rankings', to='meetings.meeting', verbose_name='hội nghị')),
            ],
            options={
                'verbose_name': 'xếp hạng',
                'verbose_name_plural': 'xếp hạng',
                'db_table': 'awards_ranking',
                'ordering': ['meeting', 'rank', 'agency__sort_key'],
            },
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['bloc', 'year', 'outcome'], name='proposal_bloc_year_outcome'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.UniqueConstraint(fields=('bloc', 'year', 'nominee', 'award_type'), name='proposal_unique_per_bloc_year', violation_error_message='Đơn vị đã được đề nghị hình thức khen thưởng này trong năm.'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('votes_for__isnull', True), ('votes_against__isnull', True), ('votes_abstain__isnull', True)), ('votes_for__isnull', False), _connector='OR'), name='proposal_tally_has_for', violation_error_message='Cần nhập số phiếu đồng ý.'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(fields=('proposal', 'agency'), name='ballot_one_per_agency', violation_error_message='Mỗi đơn vị chỉ được bỏ một phiếu cho mỗi đề nghị.'),
        ),
        migrations.AddConstraint(
            model_name='ranking',
            constraint=models.UniqueConstraint(fields=('meeting', 'agency'), name='ranking_one_per_agency', violation_error_message='Đơn vị đã được xếp hạng trong hội nghị này.'),
        ),
        migrations.AddConstraint(
            model_name='ranking',
            constraint=models.CheckConstraint(condition=models.Q(('rank__gte', 1)), name='ranking_rank_positive', violation_error_message='Thứ hạng phải từ 1 trở lên.'),
        ),
            ]
        ),
        migrations.RunPython(*move_content_types('awards', 'meetings', ['proposal', 'ballot', 'ranking'])),
    ]
