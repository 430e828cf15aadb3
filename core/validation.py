"""Validation shared by every service: one way to run a model's rules and report them, also when a parallel
request stores the same unique row between the check and the write (``atomic_retried``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import wraps
from typing import ParamSpec, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

STALE = "stale"  # the code of a refused stale save: the pages merge (core.forms.is_stale)

CHANGED_MEANWHILE = _("Dữ liệu vừa được người khác thay đổi cùng lúc nên thay đổi của bạn chưa được lưu. Hãy thử lại.")


def ensure_version(current: int | str, expected: int | str | None, message: str) -> None:
    """The optimistic lock of every page that edits a record: refuse (code ``STALE``, saying ``message``) a
    save made from a page built from version ``expected`` of what is ``current`` now. ``expected`` None (a
    caller with no page, e.g. the demo seed) checks nothing; it is compared as text, as the page sends it
    back: any other value, whatever it is, counts as stale (refusing is safe)."""
    if expected is not None and str(current) != str(expected):
        raise ValidationError(message, code=STALE)


def related(instance: models.Model, name: str):
    """The object a foreign key points to, saved or not, or None when unset.

    ``clean()`` must check rows whose parent is not saved yet (the importer validates a whole meeting
    before writing it), so it cannot rely on ``<name>_id`` being filled in.
    """
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def _loaded_parents(instance: models.Model) -> set[str]:
    """The foreign keys whose object the caller handed over, read from the database: that row exists, so the
    field check need not ask the database again (the key's constraint still stands behind the write)."""
    found = set()
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            parent = field.get_cached_value(instance)
            if parent is not None and not parent._state.adding and parent.pk == getattr(instance, field.attname):
                found.add(field.name)
    return found


def validate(instance: models.Model, *, exclude: list[str] | None = None, constraints: bool = True) -> None:
    """Run what ``full_clean`` runs (field checks, ``clean()``, unique and named constraints).

    A rule held both by ``clean()`` (message beside its field) and by a database constraint
    (same message, not tied to a field) would be reported twice; keep the field's copy.

    ``constraints=False``: a service writing a sheet of rows (scores, ballots) that holds their uniqueness
    itself (one row per cell, under the lock of their parent) and whose ``clean()`` holds the rules of their
    check constraints, skips the database's re-check of each row, a query each; the constraints stand.
    """
    excluded = set(exclude or ())
    errors: dict = {}
    for step in (lambda: instance.clean_fields(exclude=excluded | _loaded_parents(instance)), instance.clean):
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    checks = (instance.validate_unique, instance.validate_constraints) if constraints else ()
    for check in checks:
        excluded |= {name for name in errors if name != NON_FIELD_ERRORS}  # as full_clean: fields that passed
        try:
            check(exclude=excluded)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise deduplicated(ValidationError(errors))


def deduplicated(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    by_field = {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}
    field_messages = {m for field, msgs in by_field.items() if field != NON_FIELD_ERRORS for m in msgs}
    result: dict[str, list[str]] = {}
    for field, messages in by_field.items():
        kept = [m for m in dict.fromkeys(messages) if field != NON_FIELD_ERRORS or m not in field_messages]
        if kept:
            result[field] = kept
    return ValidationError(result)


def error_messages(error: ValidationError) -> list[str]:
    """Every message of an error as plain strings, fields first."""
    if hasattr(error, "error_dict"):
        return [str(m) for errors in error.error_dict.values() for e in errors for m in e.messages]
    return [str(m) for m in error.messages]


def atomic_retried(service: Callable[P, R]) -> Callable[P, R]:
    """``transaction.atomic`` for a service that writes rows the database holds unique, answering a race
    the way ``validate()`` answers a duplicate.

    Two requests at once both pass ``validate()`` and the later write breaks the constraint. PostgreSQL makes
    that INSERT wait for the first transaction, so once the IntegrityError is raised the other row is
    committed. The attempt is rolled back (to its own savepoint when the service is called inside another
    transaction: the caller's work stands) and the service runs once more; under READ COMMITTED each
    statement sees what was committed before it, so this ``validate()`` refuses with the model's "already
    exists" message. A second IntegrityError is reported as a change made meanwhile (and logged).

    The service must be safe to run twice: it builds or re-reads what it writes and changes no argument
    before it can fail. Iterator arguments are read into lists first, so that both attempts get them whole.
    """

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        args = tuple(_replayable(value) for value in args)
        kwargs = {name: _replayable(value) for name, value in kwargs.items()}
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except IntegrityError:
            pass  # rolled back; the row that broke the constraint is committed: validate() sees it now
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except IntegrityError as error:
            logger.warning("%s: IntegrityError again after a retry", service.__qualname__, exc_info=True)
            raise ValidationError(CHANGED_MEANWHILE, code="conflict") from error

    return run


def _replayable(value):
    return list(value) if isinstance(value, Iterator) else value


def chain_loops(model: type[models.Model], pk: int, next_id: int | None, field: str) -> bool:
    """Whether following ``field`` (a foreign key to ``model`` itself: a successor, a merger) from ``next_id``
    through the stored rows comes back to ``pk`` or round in a circle: one query a step. The stored chain, not
    the objects in memory: a successor read before its own succession was recorded would hide the loop."""
    seen, current = {pk}, next_id
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = model._default_manager.filter(pk=current).values_list(f"{field}_id", flat=True).first()
    return False
