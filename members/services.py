"""Changes to organizers, agencies and users."""

from __future__ import annotations

from django.db import transaction

from core.validation import validate
from history import audit

from .audit_states import AGENCY_FIELDS
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
