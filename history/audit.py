"""The audit trail: each change to the records people answer for, written in the transaction of the change.

A service takes a ``snapshot`` of what it is about to change, makes the change, and ``record``s the
``diff`` of the snapshot before and after, with the acting user (its ``by`` argument). The importer builds
its entries with ``entry`` and writes them at once with ``record_many``.

Changes are stored as ``{label: [old, new]}`` with labels and values as the board reads them, in Vietnamese
(field names are the models' verbose names; choices their labels; a foreign key the record's name, never
its id; dates ISO, decimals "8,5"), so the history reads the same after the records it names are gone.

How the change came in (the web pages, the admin, an import, a command) is the ``source``: set by
``members.middleware.AuditSourceMiddleware`` for requests and by the importer; commands leave the default.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from core.numbers import number_text

from .models import AuditEntry

Action = AuditEntry.Action
# The agencies' model, by label: the trail names an agency by its name (the app lies above this one).
AGENCY = "members.Agency"
Source = AuditEntry.Source

_source: ContextVar[str] = ContextVar("audit_source", default=Source.SYSTEM)


@contextmanager
def source(value: str) -> Iterator[None]:
    """Within this block, entries say the change came in through ``value`` (an ``AuditEntry.Source``)."""
    token = _source.set(value)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def in_vietnamese(function):
    """Labels and values are written in the language of the records, whatever the user's page shows."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


# -- values ------------------------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A JSON-safe form of a value for the record: dates ISO, decimals "8,5", records by their name.

    Empty values ("", [], None) are all None, so that clearing a field reads the same everywhere.
    """
    if value is None or value == "" or value == [] or value == ():
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | float):
        return number_text(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


def label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def field_value(instance: models.Model, name: str, agency_names: Mapping[int, str] | None = None) -> Any:
    """The value of one field as the history shows it: a choice's label, a related record's name."""
    model_field = instance._meta.get_field(name)
    raw = getattr(instance, model_field.attname)
    if raw is None or raw == "":
        return None
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if model_field.is_relation:
        if agency_names is not None and model_field.related_model._meta.label == AGENCY and raw in agency_names:
            return agency_names[raw]
        return str(getattr(instance, name))
    return json_value(raw)


@in_vietnamese
def snapshot(
    instance: models.Model, fields: Iterable[str], *, agency_names: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """The named fields of ``instance``: verbose name → value as the history shows it."""
    return {label(type(instance), name): field_value(instance, name, agency_names) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """``{label: [old, new]}`` for every label whose value differs (absent counts as None)."""
    keys = [*before, *(k for k in after if k not in before)]
    changes = {}
    for key in keys:
        old, new = json_value(before.get(key)), json_value(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


# -- entries -----------------------------------------------------------------------------------------------


@dataclass
class _Scope:
    """What was recorded while a scope is open (the admin compares its own view of a change with it)."""

    recorded: dict[tuple[int, int, str], dict] = field(default_factory=dict)
    entries: list[AuditEntry] = field(default_factory=list)  # in the order recorded (the importer's preview)
    pending: list[AuditEntry] = field(default_factory=list)
    before: dict[tuple[type, Any], dict] = field(default_factory=dict)
    organizers: dict[int, int] = field(default_factory=dict)  # bloc id → organizer id, read once per scope


_scope: ContextVar[_Scope | None] = ContextVar("audit_scope", default=None)


@contextmanager
def scope() -> Iterator[_Scope]:
    """Collect what the services record within this block (the admin, see ``admin_scoping``; the importer)."""
    current = _Scope()
    token = _scope.set(current)
    try:
        yield current
    finally:
        _scope.reset(token)


def current_scope() -> _Scope | None:
    return _scope.get()


def _owner(instance: models.Model) -> tuple[int | None, int | None, int | None]:
    """The organizer, bloc and meeting a record belongs to: who may read its history, and where it is listed.

    A record that knows better says so (``audit_owner()``: a province, a bloc, a meeting); any other names
    them through its own ``organizer``, ``bloc`` and ``meeting`` fields."""
    if hasattr(instance, "audit_owner"):
        return instance.audit_owner()
    organizer_id = getattr(instance, "organizer_id", None)
    bloc_id = getattr(instance, "bloc_id", None)
    meeting_id = getattr(instance, "meeting_id", None)
    if organizer_id is None and bloc_id is not None:
        organizer_id = _organizer_of_bloc(instance)
    return organizer_id, bloc_id, meeting_id


def _organizer_of_bloc(instance: models.Model) -> int:
    """The organizer of the record's bloc; within a scope (an import writing thousands of rows of a few blocs)
    read once per bloc, unless the record holds its bloc already."""
    current = _scope.get()
    field = instance._meta.get_field("bloc")
    if current is None or field.is_cached(instance):
        return instance.bloc.organizer_id
    if instance.bloc_id not in current.organizers:
        current.organizers[instance.bloc_id] = instance.bloc.organizer_id
    return current.organizers[instance.bloc_id]


def _actor(by) -> tuple[Any, str]:
    if by is None or not getattr(by, "is_authenticated", False):
        return None, ""
    return by, by.get_full_name() or by.get_username()


@in_vietnamese
def entry(
    *,
    action: str,
    instance: models.Model,
    changes: Mapping[str, list],
    by=None,
    source: str | None = None,
    reason: str = "",
    organizer_id: int | None = None,
    bloc_id: int | None = None,
    meeting_id: int | None = None,
    object_repr: str | None = None,
) -> AuditEntry | None:
    """An unsaved entry for a change of ``instance``; None for an update that changed nothing.

    The organizer, bloc and meeting are found from the record unless given (the importer gives them).
    """
    if action == Action.UPDATE and not changes and not reason:
        return None
    if organizer_id is None:
        owner = _owner(instance)
        organizer_id = owner[0]
        bloc_id = owner[1] if bloc_id is None else bloc_id
        meeting_id = owner[2] if meeting_id is None else meeting_id
    actor, actor_name = _actor(by)
    return AuditEntry(
        organizer_id=organizer_id,
        actor=actor,
        actor_name=actor_name,
        source=source or current_source(),
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=(object_repr if object_repr is not None else str(instance))[:2000],
        bloc_id=bloc_id,
        meeting_id=meeting_id,
        changes=dict(changes),
        reason=reason or "",
    )


def _remember(entries: Iterable[AuditEntry]) -> None:
    current = _scope.get()
    if current is None:
        return
    for item in entries:
        key = (item.content_type_id, item.object_id, item.action)
        current.recorded.setdefault(key, {}).update(item.changes)
        current.entries.append(item)


def record(**kwargs) -> AuditEntry | None:
    """Write one entry (see ``entry`` for the arguments) in the caller's transaction; None if nothing changed."""
    item = entry(**kwargs)
    if item is not None:
        item.save()
        _remember([item])
    return item


def record_many(entries: Iterable[AuditEntry | None]) -> list[AuditEntry]:
    """Write many entries in one query; None entries (nothing changed) are skipped."""
    items = [item for item in entries if item is not None]
    if items:
        AuditEntry.objects.bulk_create(items, batch_size=500)
        _remember(items)
    return items
