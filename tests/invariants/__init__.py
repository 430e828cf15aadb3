"""Tests that try to break each invariant of INTERCHANGE.md ("Semantics") and of the models.

Through the services, a refusal must be a ``ValidationError`` carrying a readable Vietnamese message
(beside its field when the service reports fields) and must leave the database exactly as it was.
Bypassing the services, the database itself must refuse what a named constraint holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from awards.rules import Tally
from awards.tests.factories import award
from blocs.models import Bloc, Membership
from core.validation import error_messages
from meetings.models import Meeting
from meetings.services import meeting_create
from meetings.tests.factories import complete
from meetings.voting import proposal_create
from members.models import Agency, User
from members.tests.factories import AgencyFactory, UserFactory
from records.services import meeting_finalize
from tests.project import RECORD_APPS

APPS = RECORD_APPS
YEAR_END = Meeting.Kind.YEAR_END_REVIEW
NON_FIELD = NON_FIELD_ERRORS


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of the project's apps: equal snapshots mean nothing was written."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


def messages_of(error: ValidationError, field: str | None = None) -> list[str]:
    if field is None:
        return error_messages(error)
    assert hasattr(error, "error_dict"), f"expected errors keyed by field, got {error.messages!r}"
    assert field in error.message_dict, f"no error for {field!r}: {error.message_dict!r}"
    return error.message_dict[field]


@contextmanager
def refused(fragment: str, *, field: str | None = None, code: str | None = None) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise a ValidationError containing ``fragment`` (under ``field`` if given) and write nothing."""
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        yield info
    messages = messages_of(info.value, field)
    assert any(fragment in message for message in messages), f"{fragment!r} not in {messages!r}"
    if code is not None:
        assert info.value.code == code
    assert snapshot() == before, "a refused change left rows behind"


@contextmanager
def denied(fragment: str) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise PermissionDenied saying ``fragment`` (a service refusing the user, not the data)
    and write nothing."""
    before = snapshot()
    with pytest.raises(PermissionDenied) as info:
        yield info
    assert fragment in str(info.value), f"{fragment!r} not in {info.value!r}"
    assert snapshot() == before, "a refused change left rows behind"


@contextmanager
def db_refuses(constraint: str, *columns: str, alternatives: tuple[str, ...] = ()) -> Iterator[pytest.ExceptionInfo]:
    """The block, run in its own savepoint, must hit an IntegrityError from ``constraint``.

    PostgreSQL names the constraint in its message; SQLite names a CHECK constraint but, for a unique
    one, lists its columns instead (pass them as ``columns``, "table.column"). ``alternatives``: other
    constraints the same write also breaks, any of which the database may report first.
    """
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        yield info
    message = str(info.value)
    if connection.vendor == "sqlite" and columns:
        assert "UNIQUE constraint failed" in message, message
        for column in columns:
            assert column in message, message
    else:
        assert any(name in message for name in (constraint, *alternatives)), message


def member(bloc: Bloc, agency: Agency, from_year: int, to_year: int | None = None) -> Membership:
    """A membership written directly (set-up, not under test)."""
    return Membership.objects.create(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)


def outsider(bloc: Bloc) -> Agency:
    """An agency of the bloc's province that is not a member of the bloc."""
    return AgencyFactory(organizer=bloc.organizer)


def board_staff(organizer) -> User:
    return UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)


def year_end_meeting(bloc: Bloc, year: int = 2017, **fields) -> Meeting:
    return meeting_create(bloc=bloc, kind=YEAR_END, year=year, held_on=datetime.date(year + 1, 1, 4), **fields)


def finalized_meeting_with_proposal(bloc: Bloc, agencies: list[Agency]):
    """A year-end meeting of 2017 with one voted proposal, then finalized; returns (meeting, proposal).

    The meeting object returned is the one the proposal was made with, read before finalizing, as a
    page opened before someone else finalized would hold it.
    """
    meeting = year_end_meeting(bloc)
    proposal = proposal_create(
        meeting=meeting, nominee=agencies[0], award_type=award(bloc.organizer, "BK_TINH"), tally=Tally(9, 1)
    )
    meeting_finalize(meeting=complete(Meeting.objects.get(pk=meeting.pk)))
    return meeting, proposal
