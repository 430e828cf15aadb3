"""Issue 18: the signed copies of issued versions (records/signed_copies.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import records.models


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0004_verification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SignedCopy",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(max_length=300, upload_to=records.models.signed_copy_name, verbose_name="tệp PDF"),
                ),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 của tệp")),
                ("size", models.PositiveIntegerField(verbose_name="dung lượng")),
                ("signers", models.JSONField(default=list, verbose_name="người ký")),
                ("report", models.JSONField(default=dict, verbose_name="kết quả kiểm tra")),
                (
                    "uploaded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="thời điểm tải lên"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người tải lên",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signed_copies",
                        to="records.minutesversion",
                        verbose_name="phiên bản",
                    ),
                ),
            ],
            options={
                "verbose_name": "bản có chữ ký số",
                "verbose_name_plural": "bản có chữ ký số",
                "ordering": ["-uploaded_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("sha256",),
                        name="signed_copy_unique_file",
                        violation_error_message="Tệp này đã được tải lên.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("size__gt", 0), ("size__lte", 20971520)),
                        name="signed_copy_size",
                        violation_error_message="Bản có chữ ký số phải có nội dung và không quá 20 MB.",
                    ),
                ],
            },
        ),
    ]
