"""Blocs get the symbol of their documents (Số: 01/BB-KTĐ-KTKT); the vice-chair becomes optional."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import blocs.models


def fill_symbols(apps, schema_editor):
    """A short name already written as a symbol (KTĐVHXH) is kept, else the one the name suggests."""
    Bloc = apps.get_model("blocs", "Bloc")
    for bloc in Bloc.objects.all():
        bloc.symbol = blocs.models.default_symbol(bloc.name, bloc.short_name, bloc.kind)
        bloc.save(update_fields=["symbol"])


class Migration(migrations.Migration):
    dependencies = [
        ("blocs", "0006_pledges_to_pledges_app"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="bloc",
            name="symbol",
            field=models.CharField(default="", max_length=30, verbose_name="ký hiệu văn bản"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_symbols, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="bloc",
            name="symbol",
            field=models.CharField(
                help_text="In trong số văn bản, ví dụ KTĐ-KTKT trong \"Số: 01/BB-KTĐ-KTKT\".",
                max_length=30,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z0-9Đ]+(-[A-Z0-9Đ]+)*$",
                        "Ký hiệu chỉ gồm chữ in hoa không dấu, chữ Đ, chữ số và dấu gạch nối, ví dụ KTĐ-KTKT.",
                    )
                ],
                verbose_name="ký hiệu văn bản",
            ),
        ),
        migrations.AddConstraint(
            model_name="bloc",
            constraint=models.CheckConstraint(
                condition=models.Q(("symbol__regex", "^[A-Z0-9Đ]+(-[A-Z0-9Đ]+)*$")),
                name="bloc_symbol_format",
                violation_error_message="Ký hiệu chỉ gồm chữ in hoa không dấu, chữ Đ, chữ số và dấu gạch nối, ví dụ KTĐ-KTKT.",
            ),
        ),
        migrations.AlterField(
            model_name="leadership",
            name="vice_chair",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="vice_chair_terms",
                to="members.agency",
                verbose_name="phó trưởng khối",
            ),
        ),
    ]
