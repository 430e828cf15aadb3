"""The audit trail of changes made in the admin.

The admin changes reference data only (meetings, their rows, scores, signatures, decisions, minutes and the
audit trail are read-only there: ``members.admin_scoping.RecordReadOnlyMixin``). Some of its saves go through
the services, which record their own entries. What the admin writes itself (a bloc's fields, an inline row of
members, a pledge's criteria…) is recorded here, in the admin view's transaction: the record as it was when
the view read it, against the record as saved. An entry the services already recorded with the same values
is not repeated.

A row that belongs to a record (a criterion) is recorded on that record: its history page is where the board
looks.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils.text import capfirst

from . import audit

# Records followed on their own, by app label.
AUDITED = {
    "members.Organizer", "members.Agency", "blocs.Bloc", "blocs.Membership", "blocs.Leadership",
    "blocs.SecretaryAssignment", "pledges.Pledge", "awards.AwardType",
}  # fmt: skip
# Rows recorded on the record they belong to: the path to it.
PARENTS = {"pledges.Criterion": "pledge"}


def is_audited(model: type[Model]) -> bool:
    return model._meta.label in AUDITED or model._meta.label in PARENTS


def fields_of(model: type[Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def state(obj: Model) -> dict:
    return audit.snapshot(obj, fields_of(type(obj)))


def _parent(obj: Model) -> Model | None:
    value = obj
    for part in PARENTS[obj._meta.label].split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


@audit.in_vietnamese
def _row_title(obj: Model) -> str:
    return f"{capfirst(obj._meta.verbose_name)} «{obj}»"


def entry_for(request, obj: Model, *, action: str, before: dict, after: dict, pk=None):
    """The entry for one record or row the admin wrote (None when nothing changed)."""
    changes = audit.diff(before, after)
    if obj._meta.label in PARENTS:
        parent = _parent(obj)
        if parent is None or not changes:
            return None
        title = _row_title(obj)
        changes = {f"{title} — {key}": pair for key, pair in changes.items()}
        return audit.entry(action=audit.Action.UPDATE, instance=parent, changes=changes, by=request.user)
    if pk is not None and obj.pk is None:
        obj.pk = pk  # a deleted record keeps its id in its history
        try:
            return audit.entry(action=action, instance=obj, changes=changes, by=request.user)
        finally:
            obj.pk = None
    return audit.entry(action=action, instance=obj, changes=changes, by=request.user)


def _already_recorded(scope, item) -> bool:
    """Whether the services recorded this change of the record already (same values or more)."""
    recorded = scope.recorded.get((item.content_type_id, item.object_id, item.action))
    if recorded is None:
        return False
    return item.action == audit.Action.DELETE or all(recorded.get(k) == v for k, v in item.changes.items())


def flush(scope) -> None:
    """Write the admin's own entries waiting in ``scope``, leaving out what a service recorded already."""
    items, scope.pending = [i for i in scope.pending if i is not None], []
    audit.record_many([i for i in items if not _already_recorded(scope, i)])


class AuditedAdminMixin:
    """Records what an admin view writes (see the module's docstring); part of ``OrganizerScopedMixin``."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with audit.scope():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with audit.scope():
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with audit.scope():  # the bulk delete action
            return super().changelist_view(request, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        scope = audit.current_scope()
        if obj is not None and scope is not None and is_audited(type(obj)):
            scope.before[(type(obj), obj.pk)] = state(obj)  # before the form changes it
        return obj

    def _log_saved(self, request, obj, *, created: bool) -> None:
        scope = audit.current_scope()
        if scope is None or not is_audited(type(obj)):
            return
        before = {} if created else scope.before.get((type(obj), obj.pk), {})
        action = audit.Action.CREATE if created else audit.Action.UPDATE
        scope.pending.insert(0, entry_for(request, obj, action=action, before=before, after=state(obj)))
        flush(scope)

    def log_addition(self, request, obj, message):
        self._log_saved(request, obj, created=True)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._log_saved(request, obj, created=False)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the deletion: the entries wait until it is done (response_delete, delete_queryset).
        scope = audit.current_scope()
        if scope is not None and is_audited(self.model):
            for obj in queryset:
                before = state(obj)
                scope.pending.append(entry_for(request, obj, action=audit.Action.DELETE, before=before, after={}))
        return super().log_deletions(request, queryset)

    def response_delete(self, request, obj_display, obj_id):
        if (scope := audit.current_scope()) is not None:
            flush(scope)
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            if (scope := audit.current_scope()) is not None:
                flush(scope)

    def save_formset(self, request, form, formset, change):
        scope = audit.current_scope()
        model = formset.model
        if scope is None or not is_audited(model):
            return super().save_formset(request, form, formset, change)
        pks = {id(f.instance): f.instance.pk for f in formset.initial_forms}
        stored = model._default_manager.in_bulk([pk for pk in pks.values() if pk is not None])
        befores = {pk: state(obj) for pk, obj in stored.items()}
        result = super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            scope.pending.append(entry_for(request, obj, action=audit.Action.CREATE, before={}, after=state(obj)))
        for obj, _fields in formset.changed_objects:
            before = befores.get(obj.pk, {})
            scope.pending.append(entry_for(request, obj, action=audit.Action.UPDATE, before=before, after=state(obj)))
        for obj in formset.deleted_objects:
            pk = pks.get(id(obj))
            before = befores.get(pk, {})
            scope.pending.append(entry_for(request, obj, action=audit.Action.DELETE, before=before, after={}, pk=pk))
        return result
