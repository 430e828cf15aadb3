"""The national legal bases printed on documents, with their validity (DOMAIN.md). Board staff can edit them."""

import datetime

from django.db import migrations

LEGAL_BASES = [
    ("06/2022/QH15", "Luật Thi đua, khen thưởng", datetime.date(2024, 1, 1), None),
    ("98/2023/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     datetime.date(2023, 12, 31), datetime.date(2025, 7, 1)),
    ("152/2025/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
     datetime.date(2025, 7, 1), None),
]  # fmt: skip


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("awards", "LegalBasis")
    for number, title, valid_from, valid_to in LEGAL_BASES:
        LegalBasis.objects.get_or_create(
            organizer=None, number=number, defaults={"title": title, "valid_from": valid_from, "valid_to": valid_to}
        )


def backwards(apps, schema_editor):
    LegalBasis = apps.get_model("awards", "LegalBasis")
    LegalBasis.objects.filter(organizer=None, number__in=[number for number, *_ in LEGAL_BASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
