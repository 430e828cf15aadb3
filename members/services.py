"""Changes to organizers, agencies and users."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.locks import for_update
from core.validation import validate
from history import audit

from .audit_states import AGENCY_FIELDS, ORGANIZER_FIELDS
from .models import Agency, Organizer, User


@transaction.atomic
def agency_create(
    *, organizer: Organizer, code: str, name: str, short_name: str = "", by: User | None = None
) -> Agency:
    """Create an agency of the organizer."""
    agency = Agency(organizer=organizer, code=code, name=name, short_name=short_name)
    agency.refresh_text_keys()
    validate(agency)
    agency.save()
    changes = audit.diff({}, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=agency, changes=changes, by=by)
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, name: str, short_name: str = "", by: User | None = None) -> Agency:
    """Correct an agency's name. A real rename that should keep history is ``agency_succeed``."""
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.name = name
    agency.short_name = short_name
    agency.refresh_text_keys()
    validate(agency)
    agency.save(update_fields=["name", "short_name"])
    changes = audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=agency, changes=changes, by=by)
    return agency


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    organizer: Organizer | None = None,
    agency: Agency | None = None,
    role: str = User.Role.AGENCY_USER,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    by: User | None = None,
) -> User:
    """Create a user tied to an organizer (board staff) or to an agency."""
    user = User(
        username=username,
        organizer=organizer or (agency.organizer if agency else None),
        agency=agency,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_password(password)
    validate(user)
    user.save()
    return user


ORGANIZER_EDITABLE = ("name", "short_name", "place_name", "board_name")


@transaction.atomic
def organizer_update(*, organizer: Organizer, by: User | None = None, **fields) -> Organizer:
    """Correct a province's names (its code stays): the fields given, the others left as they are."""
    unknown = set(fields) - set(ORGANIZER_EDITABLE)
    if unknown:
        raise TypeError(f"unknown organizer fields: {sorted(unknown)}")
    before = audit.snapshot(organizer, ORGANIZER_FIELDS)
    for name, value in fields.items():
        setattr(organizer, name, value)
    validate(organizer)
    organizer.save(update_fields=list(fields))
    audit.record(
        action=audit.Action.UPDATE,
        instance=organizer,
        changes=audit.diff(before, audit.snapshot(organizer, ORGANIZER_FIELDS)),
        by=by,
    )
    return organizer


@transaction.atomic
def agency_successor_set(
    *, agency: Agency, successor: Agency | None, until: datetime.date | None, by: User | None = None
) -> Agency:
    """Record an agency's successor and last day as a document states them (None, None: none), its
    memberships as they are. Succeeding an agency in the application, which moves its memberships to the
    successor, is ``blocs.services.agency_succeed``."""
    agency = for_update(Agency.objects).get(pk=agency.pk)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.successor, agency.until = successor, until
    validate(agency)
    agency.save(update_fields=["successor", "until"])
    changes = audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=agency, changes=changes, by=by)
    return agency
