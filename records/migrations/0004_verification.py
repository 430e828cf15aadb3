"""Issue 18: each version gets its verification code, and the SHA-256 of its stored PDF and of the interchange
document attached to it (computed here for the versions issued before)."""

import hashlib
import json

from django.db import migrations, models

import records.models


def fill(apps, schema_editor):
    MinutesVersion = apps.get_model("records", "MinutesVersion")
    codes = set()
    for version in MinutesVersion.objects.all().iterator(chunk_size=500):
        code = records.models.new_verification_code()
        while code in codes:
            code = records.models.new_verification_code()
        codes.add(code)
        version.code = code
        if version.file:  # issued: its file carries the record (a version still queued gets both when rendered)
            interchange = (version.snapshot or {}).get("interchange")
            if interchange is not None:
                attachment = json.dumps(interchange, ensure_ascii=False, indent=2).encode()
                version.record_sha256 = hashlib.sha256(attachment).hexdigest()
            try:
                with version.file.open("rb") as stored:
                    version.file_sha256 = hashlib.file_digest(stored, "sha256").hexdigest()
            except OSError:  # a file missing from the store: the version is found by its code alone
                pass
        version.save(update_fields=["code", "record_sha256", "file_sha256"])


class Migration(migrations.Migration):
    dependencies = [("records", "0003_dossier_documents")]

    operations = [
        migrations.AddField(
            model_name="minutesversion",
            name="code",
            field=models.CharField(default="", editable=False, max_length=14, verbose_name="mã xác minh"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="minutesversion",
            name="file_sha256",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=64, verbose_name="SHA-256 của tệp PDF"
            ),
        ),
        migrations.AddField(
            model_name="minutesversion",
            name="record_sha256",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=64, verbose_name="SHA-256 của dữ liệu đính kèm"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="minutesversion",
            name="code",
            field=models.CharField(
                default=records.models.new_verification_code,
                editable=False,
                max_length=14,
                unique=True,
                verbose_name="mã xác minh",
            ),
        ),
    ]
