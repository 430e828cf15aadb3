"""Changes to blocs, their memberships, leadership and pledges."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Agency, Organizer, User
from members.validation import validate

from .models import Bloc, Criterion, Leadership, Membership, Pledge, Score, SecretaryAssignment, Signature


def _lock_bloc(bloc: Bloc) -> Bloc:
    """Serialise writes that check rules across rows of one bloc (membership ranges, quotas)."""
    return Bloc.objects.select_for_update().get(pk=bloc.pk)


@transaction.atomic
def bloc_create(
    *, organizer: Organizer, code: str, name: str, kind: str = Bloc.Kind.BLOC, short_name: str = "",
    by: User | None = None,
) -> Bloc:  # fmt: skip
    """Create a bloc or cluster of the organizer."""
    bloc = Bloc(organizer=organizer, code=code, name=name, kind=kind, short_name=short_name)
    bloc.refresh_text_keys()
    validate(bloc)
    bloc.save()
    return bloc


@transaction.atomic
def bloc_update(*, bloc: Bloc, name: str, short_name: str, kind: str, by: User | None = None) -> Bloc:
    """Change a bloc's name, short name or kind."""
    bloc.name, bloc.short_name, bloc.kind = name, short_name, kind
    bloc.refresh_text_keys()
    validate(bloc)
    bloc.save(update_fields=["name", "short_name", "kind"])
    return bloc


@transaction.atomic
def membership_add(
    *, bloc: Bloc, agency: Agency, from_year: int, to_year: int | None = None, by: User | None = None
) -> Membership:
    """An agency joins a bloc from a year (until a year, or open-ended)."""
    _lock_bloc(bloc)
    membership = Membership(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)
    validate(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, to_year: int, by: User | None = None) -> Membership:
    """An agency leaves a bloc after ``to_year``."""
    _lock_bloc(membership.bloc)
    membership.to_year = to_year
    validate(membership)
    membership.save(update_fields=["to_year"])
    return membership


@transaction.atomic
def leadership_set(
    *, bloc: Bloc, year: int, chair: Agency, vice_chair: Agency, elected_at=None, by: User | None = None
) -> Leadership:
    """Set (or replace) the chair and vice-chair of a bloc for a year."""
    _lock_bloc(bloc)
    leadership = Leadership.objects.filter(bloc=bloc, year=year).first() or Leadership(bloc=bloc, year=year)
    leadership.chair = chair
    leadership.vice_chair = vice_chair
    leadership.elected_at = elected_at
    validate(leadership)
    leadership.save()
    return leadership


@transaction.atomic
def secretary_assign(*, bloc: Bloc, year: int, user: User, by: User | None = None) -> SecretaryAssignment:
    """The board assigns a user as secretary of a bloc for a year."""
    assignment = SecretaryAssignment(bloc=bloc, year=year, user=user)
    validate(assignment)
    assignment.save()
    return assignment


def _points(value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    # Decimal also parses "NaN" and "Infinity", which no points scale holds (and NaN breaks comparisons).
    if number is None or not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là một số điểm hợp lệ.") % {"value": value})
    return number


@transaction.atomic
def pledge_create(
    *,
    bloc: Bloc,
    year: int,
    criteria: Iterable[Mapping],
    signed_on: datetime.date | None = None,
    by: User | None = None,
) -> Pledge:
    """Create the year's pledge with its criteria (each: code, title, max_points)."""
    pledge = Pledge(bloc=bloc, year=year, signed_on=signed_on)
    validate(pledge)
    pledge.save()
    criteria = list(criteria)
    if not criteria:
        raise ValidationError(_("Giao ước phải có ít nhất một tiêu chí."))
    for position, item in enumerate(criteria, start=1):
        criterion = Criterion(
            pledge=pledge,
            code=item["code"],
            title=item["title"],
            max_points=_points(item["max_points"]),
            position=position,
        )
        validate(criterion)
        criterion.save()
    return pledge


@transaction.atomic
def pledge_copy(*, source: Pledge, year: int, by: User | None = None) -> Pledge:
    """Start a year's pledge from another year's criteria (signatures and scores are not copied)."""
    criteria = [{"code": c.code, "title": c.title, "max_points": c.max_points} for c in source.criteria.all()]
    return pledge_create(bloc=source.bloc, year=year, criteria=criteria, by=by)


@transaction.atomic
def signature_record(
    *,
    pledge: Pledge,
    agency: Agency,
    signer: str = "",
    title: str = "",
    signed_on: datetime.date | None = None,
    by: User | None = None,
) -> Signature:
    """Record (or correct) an agency's signature on the pledge."""
    signature = Signature.objects.filter(pledge=pledge, agency=agency).first() or Signature(
        pledge=pledge, agency=agency
    )
    signature.signer, signature.title, signature.signed_on = signer, title, signed_on
    validate(signature)
    signature.save()
    return signature


@transaction.atomic
def scores_record(*, pledge: Pledge, points: Mapping[tuple[int, int], object], by: User | None = None) -> list[Score]:
    """Record scores: ``points`` maps (agency id, criterion id) to points; ``None`` or "" clears a score.

    Every problem in the sheet is reported at once, keyed ``"<agency id>-<criterion id>"``.
    """
    criteria = {c.pk: c for c in pledge.criteria.all()}
    existing = {(s.agency_id, s.criterion_id): s for s in Score.objects.filter(criterion__pledge=pledge)}
    agencies = Agency.objects.in_bulk({agency_id for agency_id, _ in points})
    errors: dict[str, list[str]] = {}
    saved: list[Score] = []
    for (agency_id, criterion_id), value in points.items():
        key = f"{agency_id}-{criterion_id}"
        if criterion_id not in criteria:
            errors[key] = [_("Tiêu chí không thuộc giao ước này.")]
            continue
        score = existing.get((agency_id, criterion_id))
        if value is None or value == "":
            if score is not None:
                score.delete()
            continue
        try:
            number = _points(value)
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if score is None:
            score = Score(criterion=criteria[criterion_id], agency=agencies.get(agency_id), agency_id=agency_id)
        score.points = number
        try:
            validate(score)
        except ValidationError as error:
            errors[key] = [m for msgs in error.message_dict.values() for m in msgs]
            continue
        score.save()
        saved.append(score)
    if errors:
        raise ValidationError(errors)
    return saved
