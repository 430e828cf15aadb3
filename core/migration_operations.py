"""What the migrations that move a model from one app to another share."""

from __future__ import annotations


def move_content_types(old_app: str, new_app: str, models: list[str]):
    """A ``RunPython`` function relabelling the content types of ``models`` from ``old_app`` to ``new_app``.

    The audit trail's entries, the admin's log and the permissions point at those rows: relabelled, they
    keep pointing at the same models. A row already made for the new label (a migration run once before,
    then rolled back) is merged into the old one first."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            old = ContentType.objects.filter(app_label=old_app, model=model).first()
            if old is None:
                continue
            ContentType.objects.filter(app_label=new_app, model=model).delete()
            old.app_label = new_app
            old.save(update_fields=["app_label"])

    return move
