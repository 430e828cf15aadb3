"""The audit trail's entries, moved here from the members app: the table members_auditentry stays as it is
(``SeparateDatabaseAndState``), and so do the rows of content types, relabelled, with what refers to them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('members', '0004_auditentry_to_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='thời điểm')),
                ('actor_name', models.CharField(blank=True, max_length=300, verbose_name='tên người thực hiện')),
                ('source', models.CharField(choices=[('web', 'Trang web'), ('import', 'Nhập dữ liệu'), ('admin', 'Trang quản trị'), ('system', 'Hệ thống')], default='system', max_length=10, verbose_name='thực hiện qua')),
                ('action', models.CharField(choices=[('create', 'Tạo mới'), ('update', 'Thay đổi'), ('delete', 'Xoá')], max_length=10, verbose_name='thao tác')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='mã hồ sơ')),
                ('object_repr', models.CharField(max_length=2000, verbose_name='hồ sơ')),
                ('bloc_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name='khối')),
                ('meeting_id', models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name='hội nghị')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='thay đổi')),
                ('reason', models.TextField(blank=True, verbose_name='lý do')),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='loại hồ sơ')),
                ('organizer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.organizer', verbose_name='tỉnh')),
            ],
            options={
                'verbose_name': 'nhật ký thay đổi',
                'verbose_name_plural': 'nhật ký thay đổi',
                'db_table': 'members_auditentry',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='audit_entry_object')],
            },
        ),
            ]
        ),
        migrations.RunPython(*move_content_types("members", "history", ["auditentry"])),
    ]
