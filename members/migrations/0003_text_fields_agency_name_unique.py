"""Text fields that store NFC and refuse invisible characters; agency names unique per province.

Before the constraint, stored names are made NFC (the sort and search keys follow) and, where two agencies
of a province still share a name, the later ones get their code added — "Sở Tài chính (STC-2)" — so that
the history names each one; nothing else changes.
"""

import unicodedata

import django.core.validators
import core.fields
from django.db import migrations, models

from core.text import fold, sort_key


def names_nfc_and_unique(apps, schema_editor):
    Agency = apps.get_model("members", "Agency")
    Organizer = apps.get_model("members", "Organizer")
    for organizer in Organizer.objects.all():
        for field in ("name", "short_name", "place_name", "board_name"):
            setattr(organizer, field, unicodedata.normalize("NFC", getattr(organizer, field)))
        organizer.save(update_fields=["name", "short_name", "place_name", "board_name"])
    taken: set[tuple[int, str]] = set()
    for agency in Agency.objects.order_by("organizer_id", "pk"):
        name = unicodedata.normalize("NFC", agency.name)
        if (agency.organizer_id, name) in taken:
            name = f"{name} ({agency.code})"
        taken.add((agency.organizer_id, name))
        if name != agency.name or unicodedata.normalize("NFC", agency.short_name) != agency.short_name:
            agency.name, agency.short_name = name, unicodedata.normalize("NFC", agency.short_name)
            # The historical model has no save() override: the keys are recomputed here.
            agency.sort_key = sort_key(agency.name)
            agency.search_text = fold(" ".join(filter(None, [agency.name, agency.short_name, agency.code])))
            agency.save(update_fields=["name", "short_name", "sort_key", "search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_audit_entry'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agency',
            name='code',
            field=core.fields.NameField(max_length=40, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$', 'Mã chỉ gồm chữ không dấu, chữ số và các ký tự _ . -, tối đa 40 ký tự.')], verbose_name='mã'),
        ),
        migrations.AlterField(
            model_name='agency',
            name='name',
            field=core.fields.NameField(max_length=500, verbose_name='tên'),
        ),
        migrations.AlterField(
            model_name='agency',
            name='short_name',
            field=core.fields.NameField(blank=True, max_length=200, verbose_name='tên viết tắt'),
        ),
        migrations.AlterField(
            model_name='agency',
            name='until',
            field=core.fields.DateField(blank=True, help_text='Bắt buộc khi có đơn vị kế thừa.', null=True, verbose_name='ngày cuối cùng hoạt động'),
        ),
        migrations.AlterField(
            model_name='organizer',
            name='board_name',
            field=core.fields.NameField(blank=True, max_length=500, verbose_name='tên Ban Thi đua - Khen thưởng'),
        ),
        migrations.AlterField(
            model_name='organizer',
            name='code',
            field=core.fields.NameField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$', 'Mã chỉ gồm chữ không dấu, chữ số và các ký tự _ . -, tối đa 40 ký tự.')], verbose_name='mã'),
        ),
        migrations.AlterField(
            model_name='organizer',
            name='name',
            field=core.fields.NameField(help_text='Ví dụ: Ủy ban nhân dân tỉnh Quảng Ngãi', max_length=500, verbose_name='tên'),
        ),
        migrations.AlterField(
            model_name='organizer',
            name='place_name',
            field=core.fields.NameField(help_text='Địa danh ghi ở dòng ngày tháng: Quảng Ngãi', max_length=200, verbose_name='địa danh'),
        ),
        migrations.AlterField(
            model_name='organizer',
            name='short_name',
            field=core.fields.NameField(blank=True, help_text='Ví dụ: UBND tỉnh Quảng Ngãi', max_length=200, verbose_name='tên viết tắt'),
        ),
        migrations.RunPython(names_nfc_and_unique, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='agency',
            constraint=models.UniqueConstraint(fields=('organizer', 'name'), name='agency_name_unique_per_organizer', violation_error_message='Tỉnh đã có một cơ quan, đơn vị cùng tên.'),
        ),
    ]
