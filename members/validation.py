"""Validation shared by every service: one way to run a model's rules and report them."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models


def related(instance: models.Model, name: str):
    """The object a foreign key points to, saved or not, or None when unset.

    ``clean()`` must check rows whose parent is not saved yet (the importer validates a whole meeting
    before writing it), so it cannot rely on ``<name>_id`` being filled in.
    """
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run ``full_clean`` (field checks, ``clean()``, unique and named constraints).

    A rule held both by ``clean()`` (message beside its field) and by a database constraint
    (same message, not tied to a field) would be reported twice; keep the field's copy.
    """
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise deduplicated(error) from None


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
