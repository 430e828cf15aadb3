"""Changes to blocs, their memberships, leadership and pledges."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.validation import atomic_retried, validate
from history import audit
from members.audit_states import (
    BLOC_FIELDS,
    LEADERSHIP_FIELDS,
    MEMBERSHIP_FIELDS,
    PLEDGE_FIELDS,
    SECRETARY_FIELDS,
    criteria_state,
    scores_state,
    signatures_state,
)
from members.models import Agency, Organizer, User

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
    changes = audit.diff({}, audit.snapshot(bloc, BLOC_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=bloc, changes=changes, by=by)
    return bloc


@transaction.atomic
def bloc_update(*, bloc: Bloc, name: str, short_name: str, kind: str, by: User | None = None) -> Bloc:
    """Change a bloc's name, short name or kind."""
    before = audit.snapshot(bloc, BLOC_FIELDS)
    bloc.name, bloc.short_name, bloc.kind = name, short_name, kind
    bloc.refresh_text_keys()
    validate(bloc)
    bloc.save(update_fields=["name", "short_name", "kind"])
    changes = audit.diff(before, audit.snapshot(bloc, BLOC_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=bloc, changes=changes, by=by)
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
    changes = audit.diff({}, audit.snapshot(membership, MEMBERSHIP_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=membership, changes=changes, by=by)
    return membership


def membership_records(*, bloc: Bloc, agency: Agency, from_year: int, to_year: int | None) -> list[str]:
    """What the bloc recorded for the agency in those years, as "3 đề nghị khen thưởng"-like phrases.

    These are the records whose rules require the agency to be a member of the bloc in their year
    (leadership, attendance, proposals, ballots, ranking, pledge signature and scores): a membership
    cannot lose a year that one of them stands on.
    """
    from awards.models import Ballot, Proposal, Ranking
    from meetings.models import Attendance

    def years(prefix: str) -> dict:
        condition = {f"{prefix}__gte": from_year}
        if to_year is not None:
            condition[f"{prefix}__lte"] = to_year
        return condition

    counts = [
        (
            Leadership.objects.filter(bloc=bloc, **years("year")).filter(Q(chair=agency) | Q(vice_chair=agency)),
            _("%(count)s nhiệm kỳ trưởng, phó khối"),
        ),
        (
            Attendance.objects.filter(meeting__bloc=bloc, agency=agency, **years("meeting__year")),
            _("%(count)s lần điểm danh hội nghị"),
        ),
        (Proposal.objects.filter(bloc=bloc, nominee=agency, **years("year")), _("%(count)s đề nghị khen thưởng")),
        (
            Ballot.objects.filter(proposal__bloc=bloc, agency=agency, **years("proposal__year")),
            _("%(count)s phiếu biểu quyết"),
        ),
        (
            Ranking.objects.filter(meeting__bloc=bloc, agency=agency, **years("meeting__year")),
            _("%(count)s lần xếp hạng"),
        ),
        (
            Signature.objects.filter(pledge__bloc=bloc, agency=agency, **years("pledge__year")),
            _("%(count)s chữ ký giao ước"),
        ),
        (
            Score.objects.filter(criterion__pledge__bloc=bloc, agency=agency, **years("criterion__pledge__year")),
            _("%(count)s điểm chấm tiêu chí"),
        ),
    ]
    found = []
    for queryset, phrase in counts:
        if count := queryset.count():
            found.append(phrase % {"count": count})
    return found


def _years_text(from_year: int, to_year: int | None) -> str:
    if to_year is None:
        return _("từ năm %(year)s") % {"year": from_year}
    if to_year == from_year:
        return _("năm %(year)s") % {"year": from_year}
    return _("các năm %(from)s–%(to)s") % {"from": from_year, "to": to_year}


@transaction.atomic
def membership_end(*, membership: Membership, to_year: int, by: User | None = None) -> Membership:
    """An agency leaves a bloc after ``to_year``; refused while records of the years it gives up name it."""
    _lock_bloc(membership.bloc)
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    old_to_year = membership.to_year
    membership.to_year = to_year
    validate(membership)
    if to_year is not None and (old_to_year is None or to_year < old_to_year):
        records = membership_records(
            bloc=membership.bloc, agency=membership.agency, from_year=to_year + 1, to_year=old_to_year
        )
        if records:
            raise ValidationError(
                {
                    "to_year": _(
                        "Không thể kết thúc ở năm %(year)s: %(years)s khối còn ghi nhận của %(agency)s (%(records)s). "
                        "Hãy sửa các hồ sơ đó trước."
                    )
                    % {
                        "year": to_year,
                        "years": _years_text(to_year + 1, old_to_year),
                        "agency": membership.agency,
                        "records": ", ".join(records),
                    }
                }
            )
    membership.save(update_fields=["to_year"])
    changes = audit.diff(before, audit.snapshot(membership, MEMBERSHIP_FIELDS))
    audit.record(action=audit.Action.UPDATE, instance=membership, changes=changes, by=by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None = None) -> None:
    """Delete a membership entered by mistake; refused while records of its years name the agency."""
    _lock_bloc(membership.bloc)
    records = membership_records(
        bloc=membership.bloc, agency=membership.agency, from_year=membership.from_year, to_year=membership.to_year
    )
    if records:
        raise ValidationError(
            _(
                "Không thể xoá: %(years)s khối còn ghi nhận của %(agency)s (%(records)s). Nếu đơn vị đã rời khối, "
                "hãy kết thúc tư cách thành viên thay vì xoá."
            )
            % {
                "years": _years_text(membership.from_year, membership.to_year),
                "agency": membership.agency,
                "records": ", ".join(records),
            }
        )
    changes = audit.diff(audit.snapshot(membership, MEMBERSHIP_FIELDS), {})
    audit.record(action=audit.Action.DELETE, instance=membership, changes=changes, by=by)
    membership.delete()


@transaction.atomic
def leadership_set(
    *, bloc: Bloc, year: int, chair: Agency, vice_chair: Agency, elected_at=None, by: User | None = None
) -> Leadership:
    """Set (or replace) the chair and vice-chair of a bloc for a year."""
    _lock_bloc(bloc)
    leadership = Leadership.objects.filter(bloc=bloc, year=year).first() or Leadership(bloc=bloc, year=year)
    before = audit.snapshot(leadership, LEADERSHIP_FIELDS) if leadership.pk else {}
    leadership.chair = chair
    leadership.vice_chair = vice_chair
    leadership.elected_at = elected_at
    validate(leadership)
    leadership.save()
    audit.record(
        action=audit.Action.UPDATE if before else audit.Action.CREATE,
        instance=leadership,
        changes=audit.diff(before, audit.snapshot(leadership, LEADERSHIP_FIELDS)),
        by=by,
    )
    return leadership


@transaction.atomic
def leadership_override(
    *, bloc: Bloc, year: int, chair: Agency, vice_chair: Agency, by: User | None = None
) -> Leadership:
    """Set a year's chair and vice-chair outside a meeting: accept or override the suggested rotation.

    An election recorded at a finalized meeting belongs to that locked record: it changes only after the
    board reopens the meeting. An election at a meeting still being entered keeps its link to the meeting.
    """
    current = Leadership.objects.select_related("elected_at").filter(bloc=bloc, year=year).first()
    elected_at = current.elected_at if current is not None else None
    if elected_at is not None and elected_at.is_finalized:
        if (current.chair_id, current.vice_chair_id) == (chair.pk, vice_chair.pk):
            return current
        raise ValidationError(
            _(
                "Trưởng khối, phó trưởng khối năm %(year)s đã được bầu tại %(meeting)s, hội nghị đã chốt. "
                "Muốn thay đổi, Ban Thi đua - Khen thưởng cần mở lại hội nghị đó."
            )
            % {"year": year, "meeting": elected_at}
        )
    return leadership_set(bloc=bloc, year=year, chair=chair, vice_chair=vice_chair, elected_at=elected_at, by=by)


@atomic_retried
def secretary_assign(*, bloc: Bloc, year: int, user: User, by: User | None = None) -> SecretaryAssignment:
    """The board assigns a user as secretary of a bloc for a year."""
    assignment = SecretaryAssignment(bloc=bloc, year=year, user=user)
    validate(assignment)
    assignment.save()
    changes = audit.diff({}, audit.snapshot(assignment, SECRETARY_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=assignment, changes=changes, by=by)
    return assignment


@transaction.atomic
def secretary_unassign(*, assignment: SecretaryAssignment, by: User | None = None) -> None:
    """The board withdraws a secretary assignment (the chair agency's staff stay secretaries)."""
    changes = audit.diff(audit.snapshot(assignment, SECRETARY_FIELDS), {})
    audit.record(action=audit.Action.DELETE, instance=assignment, changes=changes, by=by)
    assignment.delete()


def _points(value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    # Decimal also parses "NaN" and "Infinity", which no points scale holds (and NaN breaks comparisons).
    if number is None or not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là một số điểm hợp lệ.") % {"value": value})
    return number


def _lock_pledge(pledge: Pledge, expected_version: int | str | None) -> Pledge:
    """The pledge as stored, locked until the transaction ends; refused when someone saved it after the
    user's page read ``expected_version`` (as the page sent it back; None: nothing to compare, e.g. the
    demo seed)."""
    current = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if expected_version is not None and str(current.version) != str(expected_version):
        raise ValidationError(
            _("Giao ước đã được người khác lưu trong lúc bạn đang nhập nên thay đổi của bạn chưa được lưu."),
            code="stale",
        )
    return current


def _bump_version(current: Pledge, given: Pledge, *fields: str) -> None:
    """Count one more change of the locked pledge (saving ``fields`` with it) and tell the caller's copy."""
    current.version += 1
    current.save(update_fields=[*fields, "version"])
    given.version = current.version


@atomic_retried
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
    created: list[Criterion] = []
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
        created.append(criterion)
    state = {**audit.snapshot(pledge, PLEDGE_FIELDS), **criteria_state(created)}
    audit.record(action=audit.Action.CREATE, instance=pledge, changes=audit.diff({}, state), by=by)
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
    current = _lock_pledge(pledge, None)
    before = signatures_state(Signature.objects.filter(pledge=current, agency=agency).select_related("agency"))
    signature = _signature_save(pledge=current, agency=agency, signer=signer, title=title, signed_on=signed_on)
    _bump_version(current, pledge)
    changes = audit.diff(before, signatures_state([signature]))
    audit.record(action=audit.Action.UPDATE, instance=current, changes=changes, by=by)
    return signature


def _signature_save(
    *, pledge: Pledge, agency: Agency, signer: str, title: str, signed_on: datetime.date | None
) -> Signature:
    signature = Signature.objects.filter(pledge=pledge, agency=agency).first() or Signature(
        pledge=pledge, agency=agency
    )
    signature.signer, signature.title, signature.signed_on = signer, title, signed_on
    validate(signature)
    signature.save()
    return signature


@transaction.atomic
def scores_record(
    *,
    pledge: Pledge,
    points: Mapping[tuple[int, int], object],
    expected_version: int | str | None = None,
    by: User | None = None,
) -> list[Score]:
    """Record scores: ``points`` maps (agency id, criterion id) to points; ``None`` or "" clears a score.

    Every problem in the sheet is reported at once, keyed ``"<agency id>-<criterion id>"``. Refused
    (code ``"stale"``) when the pledge changed since the sheet read ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)
    criteria = {c.pk: c for c in pledge.criteria.all()}
    existing = {(s.agency_id, s.criterion_id): s for s in Score.objects.filter(criterion__pledge=pledge)}
    # Agencies of the pledge's province only: another province's id is no agency here (never named back).
    agencies = Agency.objects.filter(organizer__blocs=pledge.bloc_id).in_bulk({agency_id for agency_id, _ in points})
    before = {cell: existing[cell].points for cell in points if cell in existing}
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
    if points:  # an unchanged sheet sends nothing and writes nothing
        _bump_version(pledge, given)
    after = {(s.agency_id, s.criterion_id): s.points for s in saved}
    names = {pk: agency.name for pk, agency in agencies.items()}

    def cells(values):
        return scores_state({(a, criteria[c].code): p for (a, c), p in values.items()}, names)

    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(cells(before), cells(after)), by=by)
    return saved


def pledge_criteria_lock_reason(pledge: Pledge) -> str | None:
    """Why the pledge's criteria may no longer change, or None while they may.

    Scores are measured against the scale, so the first score fixes it; and once the meeting where the
    pledge is signed is finalized, the signed pledge document is an official record (reopening the
    meeting unlocks it again). A signature alone does not lock it: the text is usually corrected after
    the paper copies are signed, before anybody is scored.
    """
    from meetings.models import Meeting

    if Score.objects.filter(criterion__pledge=pledge).exists():
        return _("Giao ước đã có điểm chấm nên không thể sửa tiêu chí.")
    signed_at = Meeting.objects.filter(
        bloc_id=pledge.bloc_id, pledge_year=pledge.year, status=Meeting.Status.FINALIZED
    ).first()
    if signed_at is not None:
        return _("Giao ước đã được ký tại %(meeting)s, hội nghị đã chốt biên bản, nên không thể sửa tiêu chí.") % {
            "meeting": signed_at
        }
    return None


@transaction.atomic
def pledge_criteria_set(
    *, pledge: Pledge, criteria: Iterable[Mapping], expected_version: int | str | None = None, by: User | None = None
) -> list[Criterion]:
    """Replace the pledge's criteria (each: code, title, max_points; in order) while nothing locks them.

    Every problem is reported at once, keyed ``"<row index>-<field>"``. Nothing refers to a criterion
    before it is scored, so the rows are simply replaced. Refused (code ``"stale"``) when the pledge
    changed since the page read ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)
    if reason := pledge_criteria_lock_reason(pledge):
        raise ValidationError(reason)
    rows = list(criteria)
    if not rows:
        raise ValidationError(_("Giao ước phải có ít nhất một tiêu chí."))
    errors: dict[str, list[str]] = {}
    built: list[Criterion] = []
    codes: set[str] = set()
    for index, item in enumerate(rows):
        criterion = Criterion(pledge=pledge, code=item["code"], title=item["title"], position=index + 1)
        exclude = ["pledge"]  # the pledge's old rows are about to go: codes are compared among the new ones
        try:
            criterion.max_points = _points(item["max_points"])
        except ValidationError as error:
            errors[f"{index}-max_points"] = error.messages
            exclude.append("max_points")
        try:
            validate(criterion, exclude=exclude)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{index}-{field}", []).extend(messages)
        if criterion.code in codes:
            errors.setdefault(f"{index}-code", []).append(_("Mã tiêu chí đã có trong giao ước."))
        codes.add(criterion.code)
        built.append(criterion)
    if errors:
        raise ValidationError(errors)
    before = criteria_state(pledge.criteria.all())
    pledge.criteria.all().delete()
    _bump_version(pledge, given)
    changes = audit.diff(before, criteria_state(built))
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=changes, by=by)
    return Criterion.objects.bulk_create(built)


@transaction.atomic
def signatures_record(
    *,
    pledge: Pledge,
    signed_on: datetime.date | None,
    rows: Mapping[int, Mapping],
    expected_version: int | str | None = None,
    by: User | None = None,
) -> Pledge:
    """Record the pledge's signing date and the signatures: agency id → signer, title, signed_on.

    A row left empty withdraws the agency's signature. Every problem is reported at once, keyed
    ``"<agency id>-<field>"``. Refused (code ``"stale"``) when the pledge changed since the page read
    ``expected_version``.
    """
    given, pledge = pledge, _lock_pledge(pledge, expected_version)

    def state() -> dict:
        signatures = Signature.objects.filter(pledge=pledge).select_related("agency")
        return {**audit.snapshot(pledge, PLEDGE_FIELDS), **signatures_state(signatures)}

    before = state()
    pledge.signed_on = signed_on
    validate(pledge)
    _bump_version(pledge, given, "signed_on")
    agencies = Agency.objects.filter(organizer__blocs=pledge.bloc_id).in_bulk(list(rows))
    errors: dict[str, list[str]] = {}
    for agency_id, row in rows.items():
        agency = agencies.get(agency_id)
        if agency is None:
            errors[f"{agency_id}-agency"] = [_("Đơn vị không tồn tại.")]
            continue
        if not any(row.get(field) for field in ("signer", "title", "signed_on")):
            Signature.objects.filter(pledge=pledge, agency=agency).delete()
            continue
        try:
            _signature_save(
                pledge=pledge,
                agency=agency,
                signer=row.get("signer") or "",
                title=row.get("title") or "",
                signed_on=row.get("signed_on"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{agency_id}-{field}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    audit.record(action=audit.Action.UPDATE, instance=pledge, changes=audit.diff(before, state()), by=by)
    return pledge
