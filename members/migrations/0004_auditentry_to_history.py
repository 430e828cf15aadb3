"""The audit trail's entries moved to the history app: the table stays (db_table), only Django's state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0003_text_fields_agency_name_unique"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")]),
    ]
