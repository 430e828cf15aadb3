"""The minutes versions, moved here from the meetings app: the table meetings_minutesversion stays as it is,
and so does the row of its content type, relabelled."""

import django.db.models.deletion
import django.utils.timezone
import meetings.models
import uuid
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('meetings', '0006_minutesversion_to_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='MinutesVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document', models.CharField(choices=[('minutes', 'Biên bản'), ('pledge', 'Bản giao ước thi đua')], default='minutes', max_length=10, verbose_name='văn bản')),
                ('number', models.PositiveIntegerField(verbose_name='phiên bản')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('status', models.CharField(choices=[('queued', 'Đang chờ tạo tệp'), ('rendering', 'Đang tạo tệp'), ('ready', 'Đã có tệp'), ('failed', 'Tạo tệp bị lỗi')], default='queued', max_length=10, verbose_name='trạng thái')),
                ('error', models.TextField(blank=True, verbose_name='lỗi')),
                ('minutes_number', models.CharField(blank=True, max_length=200, verbose_name='số biên bản')),
                ('reason', models.TextField(blank=True, verbose_name='lý do có phiên bản này')),
                ('reopen_reason', models.TextField(blank=True, help_text='Ghi khi Ban Thi đua - Khen thưởng mở lại hội nghị sau phiên bản này.', verbose_name='lý do mở lại')),
                ('snapshot', models.JSONField(editable=False, verbose_name='dữ liệu biên bản')),
                ('content_hash', models.CharField(editable=False, max_length=64, verbose_name='mã băm nội dung (sha256)')),
                ('file', models.FileField(blank=True, max_length=300, upload_to=meetings.models.minutes_file_name, verbose_name='tệp PDF')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='số lần tạo tệp')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm chốt')),
                ('status_changed_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('rendered_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm tạo tệp')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người chốt')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='minutes_versions', to='meetings.meeting', verbose_name='hội nghị')),
            ],
            options={
                'verbose_name': 'phiên bản biên bản',
                'verbose_name_plural': 'phiên bản biên bản',
                'db_table': 'meetings_minutesversion',
                'ordering': ['meeting', 'document', '-number'],
                'indexes': [models.Index(fields=['status', 'status_changed_at'], name='minutes_version_status')],
                'constraints': [models.UniqueConstraint(fields=('meeting', 'document', 'number'), name='minutes_version_unique_number', violation_error_message='Hội nghị đã có phiên bản này của văn bản.'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='minutes_version_number_positive', violation_error_message='Số phiên bản bắt đầu từ 1.'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'ready'), _negated=True), models.Q(('rendered_at__isnull', False), models.Q(('file', ''), _negated=True)), _connector='OR'), name='minutes_version_ready_has_file', violation_error_message='Phiên bản đã sẵn sàng phải có tệp và thời điểm tạo tệp.')],
            },
        ),
            ]
        ),
        migrations.RunPython(*move_content_types('meetings', 'records', ['minutesversion'])),
    ]
