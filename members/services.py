"""Changes to organizers, agencies and users."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.validation import validate
from history import audit

from .audit_states import AGENCY_FIELDS, ORGANIZER_FIELDS
from .models import Agency, Organizer, User


@transaction.atomic
def organizer_create(
    *, code: str, name: str, place_name: str, short_name: str = "", board_name: str = "", by: User | None = None
) -> Organizer:
    """Create a province and give it the default award types."""
    from awards.services import award_types_ensure_defaults

    organizer = Organizer(code=code, name=name, place_name=place_name, short_name=short_name, board_name=board_name)
    validate(organizer)
    organizer.save()
    changes = audit.diff({}, audit.snapshot(organizer, ORGANIZER_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=organizer, changes=changes, by=by)
    award_types_ensure_defaults(organizer=organizer)
    return organizer


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
def agency_succeed(*, agency: Agency, successor: Agency, last_day: datetime.date, by: User | None = None) -> Agency:
    """Record that ``agency`` was merged into or renamed to ``successor`` after ``last_day``.

    Its open memberships end with the year before ``last_day``'s year, and the successor joins each of
    those blocs from that year on where it is not already a member: the records of earlier years keep
    the old agency.
    """
    from blocs.models import Membership
    from blocs.services import membership_add, membership_end

    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.successor_id:
        raise ValidationError({"successor": _("Đơn vị này đã có đơn vị kế thừa.")})
    before = audit.snapshot(agency, AGENCY_FIELDS)
    agency.successor = successor
    agency.until = last_day
    validate(agency)
    agency.save(update_fields=["successor", "until"])
    changes = audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=agency, changes=changes, by=by)
    first_year_of_successor = last_day.year
    for membership in Membership.objects.filter(agency=agency, to_year__isnull=True).select_related("bloc"):
        if membership.from_year >= first_year_of_successor:
            raise ValidationError(
                _("%(agency)s mới vào khối %(bloc)s từ năm %(year)s; hãy sửa thành viên khối trước khi sáp nhập.")
                % {"agency": agency, "bloc": membership.bloc, "year": membership.from_year}
            )
        membership_end(membership=membership, to_year=first_year_of_successor - 1, by=by)
        already = Membership.objects.in_year(first_year_of_successor).filter(bloc=membership.bloc, agency=successor)
        if not already.exists():
            membership_add(bloc=membership.bloc, agency=successor, from_year=first_year_of_successor, by=by)
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
