"""What the migrations that move a model from one app to another share."""

from __future__ import annotations


def move_content_types(old_app: str, new_app: str, models: list[str]) -> tuple:
    """The ``RunPython`` functions (forward, backward) relabelling the content types of ``models`` from
    ``old_app`` to ``new_app`` and back.

    The audit trail's entries, the admin's log and the permissions point at those rows: relabelled, they keep
    pointing at the same models. Where a row already exists under the label moved to (made by code that ran
    against the other state), what points at it is pointed at the moved row and it is deleted."""

    def relabel(apps, from_app: str, to_app: str) -> None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        pointing = [
            (model, field.attname)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is ContentType and model is not Permission
        ]
        for model_name in models:
            moved = ContentType.objects.filter(app_label=from_app, model=model_name).first()
            if moved is None:
                continue
            for other in ContentType.objects.filter(app_label=to_app, model=model_name):
                codenames = Permission.objects.filter(content_type=moved).values_list("codename", flat=True)
                Permission.objects.filter(content_type=other, codename__in=list(codenames)).delete()
                Permission.objects.filter(content_type=other).update(content_type=moved)
                for model, attname in pointing:
                    model._base_manager.filter(**{attname: other.pk}).update(**{attname: moved.pk})
                other.delete()
            moved.app_label = to_app
            moved.save(update_fields=["app_label"])

    def forward(apps, schema_editor):
        relabel(apps, old_app, new_app)

    def backward(apps, schema_editor):
        relabel(apps, new_app, old_app)

    return forward, backward
