"""Changes to blocs, their memberships, leadership and pledges."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.audit_states import BLOC_FIELDS, LEADERSHIP_FIELDS, MEMBERSHIP_FIELDS, SECRETARY_FIELDS, memberships_state
from blocs.models import Bloc, Leadership, Membership, SecretaryAssignment, default_symbol
from core.locks import for_update
from core.text import nfc
from core.validation import atomic_retried, validate
from history import audit
from members.audit_states import AGENCY_FIELDS
from members.models import Agency, Organizer, User
from members.services import agency_update
from notices.models import Notification
from notices.services import notify


def _lock_bloc(bloc: Bloc) -> Bloc:
    """Serialise writes that check rules across rows of one bloc (membership ranges, quotas)."""
    return for_update(Bloc.objects).get(pk=bloc.pk)


@transaction.atomic
def bloc_create(
    *, organizer: Organizer, code: str, name: str, kind: str = Bloc.Kind.BLOC, short_name: str = "",
    symbol: str = "", by: User | None = None,
) -> Bloc:  # fmt: skip
    """Create a bloc or cluster of the organizer; without a symbol, the one its name suggests (the interchange
    carries none)."""
    symbol = symbol or default_symbol(nfc(name), nfc(short_name), kind)
    bloc = Bloc(organizer=organizer, code=code, name=name, kind=kind, short_name=short_name, symbol=symbol)
    bloc.refresh_text_keys()
    validate(bloc)
    bloc.save()
    changes = audit.diff({}, audit.snapshot(bloc, BLOC_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=bloc, changes=changes, by=by)
    return bloc


@transaction.atomic
def bloc_update(
    *, bloc: Bloc, name: str, short_name: str, kind: str, symbol: str | None = None, code: str | None = None,
    by: User | None = None,
) -> Bloc:  # fmt: skip
    """Change a bloc's name, short name, kind, symbol or code (None: the symbol, the code stays)."""
    before = audit.snapshot(bloc, BLOC_FIELDS)
    bloc.name, bloc.short_name, bloc.kind = name, short_name, kind
    if symbol is not None:
        bloc.symbol = symbol
    if code is not None:
        bloc.code = code
    bloc.refresh_text_keys()
    validate(bloc)
    bloc.save(update_fields=["name", "short_name", "kind", "symbol", "code"])
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


@transaction.atomic
def memberships_add(
    *, bloc: Bloc, agencies: list[Agency], from_year: int, to_year: int | None = None, by: User | None = None
) -> list[Membership]:
    """Several agencies join a bloc from a year (until a year, or open-ended) at once: all of them or none,
    each checked as ``membership_add`` checks one; the refusals, keyed "agencies", name their agency."""
    bloc = _lock_bloc(bloc)
    agencies = list({agency.pk: agency for agency in agencies}.values())
    if not agencies:
        raise ValidationError({"agencies": _("Hãy chọn ít nhất một cơ quan, đơn vị.")})
    years = Membership(bloc=bloc, agency=agencies[0], from_year=from_year, to_year=to_year)
    years.clean_fields(exclude=["bloc", "agency"])
    if to_year is not None and to_year < from_year:
        raise ValidationError({"to_year": _("Năm kết thúc không được trước năm bắt đầu.")})
    ranges: dict[int, list[tuple[int, int | None]]] = {}
    stored = Membership.objects.filter(bloc=bloc, agency__in=agencies).values_list("agency_id", "from_year", "to_year")
    for agency_id, start, end in stored:
        ranges.setdefault(agency_id, []).append((start, end))
    memberships, refusals = [], []
    for agency in agencies:
        membership = Membership(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)
        try:
            membership.clean(others=ranges.get(agency.pk, []))
        except ValidationError as error:
            for message in error.messages:
                if str(agency) not in message:
                    message = _("%(agency)s: %(message)s") % {"agency": agency, "message": message}
                refusals.append(message)
            continue
        memberships.append(membership)
    if refusals:
        raise ValidationError({"agencies": refusals})
    created = Membership.objects.bulk_create(memberships)
    audit.record_many(
        audit.entry(
            action=audit.Action.CREATE,
            instance=membership,
            changes=audit.diff({}, audit.snapshot(membership, MEMBERSHIP_FIELDS)),
            by=by,
        )
        for membership in created
    )
    return created


def membership_records(*, bloc: Bloc, agency: Agency, from_year: int, to_year: int | None) -> list[str]:
    """What the bloc recorded for the agency in those years, as "3 đề nghị khen thưởng"-like phrases.

    These are the records whose rules require the agency to be a member of the bloc in their year
    (leadership, attendance, proposals, ballots, ranking, pledge signature and scores): a membership
    cannot lose a year that one of them stands on. The apps above this one keep those records; they are
    read here through the agency's relations to them (``agency.attendances``…), by name.
    """

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
            agency.attendances.filter(meeting__bloc=bloc, **years("meeting__year")),
            _("%(count)s lần điểm danh hội nghị"),
        ),
        (agency.proposals.filter(bloc=bloc, **years("year")), _("%(count)s đề nghị khen thưởng")),
        (agency.ballots.filter(proposal__bloc=bloc, **years("proposal__year")), _("%(count)s phiếu biểu quyết")),
        (agency.rankings.filter(meeting__bloc=bloc, **years("meeting__year")), _("%(count)s lần xếp hạng")),
        (agency.signatures.filter(pledge__bloc=bloc, **years("pledge__year")), _("%(count)s chữ ký giao ước")),
        (
            agency.scores.filter(criterion__pledge__bloc=bloc, **years("criterion__pledge__year")),
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
    *, bloc: Bloc, year: int, chair: Agency, vice_chair: Agency | None, elected_at=None, by: User | None = None
) -> Leadership:
    """Set (or replace) the chair and vice-chair (None: a chair alone) of a bloc for a year."""
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
    *, bloc: Bloc, year: int, chair: Agency, vice_chair: Agency | None, by: User | None = None
) -> Leadership:
    """Set a year's chair and vice-chair outside a meeting: accept or override the suggested rotation.

    An election recorded at a finalized meeting belongs to that locked record: it changes only after the
    board reopens the meeting. An election at a meeting still being entered keeps its link to the meeting.
    """
    current = Leadership.objects.select_related("elected_at").filter(bloc=bloc, year=year).first()
    elected_at = current.elected_at if current is not None else None
    if elected_at is not None and elected_at.is_finalized:
        if (current.chair_id, current.vice_chair_id) == (chair.pk, vice_chair.pk if vice_chair else None):
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
    notify(
        users=[user], kind=Notification.Kind.SECRETARY_ASSIGNED, params={"bloc": bloc.name, "year": year},
        url=f"{reverse('blocs:detail', kwargs={'pk': bloc.pk})}?year={year}", by=by,
    )  # fmt: skip
    return assignment


@transaction.atomic
def secretary_unassign(*, assignment: SecretaryAssignment, by: User | None = None) -> None:
    """The board withdraws a secretary assignment (the chair agency's staff stay secretaries)."""
    changes = audit.diff(audit.snapshot(assignment, SECRETARY_FIELDS), {})
    audit.record(action=audit.Action.DELETE, instance=assignment, changes=changes, by=by)
    assignment.delete()


@transaction.atomic
def agency_succeed(*, agency: Agency, successor: Agency, last_day: datetime.date, by: User | None = None) -> Agency:
    """Record that ``agency`` was merged into or renamed to ``successor`` after ``last_day``.

    Its open memberships end with the year before ``last_day``'s year, and the successor joins each of
    those blocs from that year on where it is not already a member: the records of earlier years keep
    the old agency. A successor in another province (the 2025 reorganization) cannot belong to this
    province's blocs: the memberships end all the same and the successor joins none of them (the board puts
    it in a bloc of its own province there).
    """
    agency = for_update(Agency.objects).get(pk=agency.pk)
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
    elsewhere = successor.organizer_id != agency.organizer_id
    for membership in Membership.objects.filter(agency=agency, to_year__isnull=True).select_related("bloc"):
        if membership.from_year >= first_year_of_successor:
            raise ValidationError(
                _("%(agency)s mới vào khối %(bloc)s từ năm %(year)s; hãy sửa thành viên khối trước khi sáp nhập.")
                % {"agency": agency, "bloc": membership.bloc, "year": membership.from_year}
            )
        membership_end(membership=membership, to_year=first_year_of_successor - 1, by=by)
        if elsewhere:
            continue
        already = Membership.objects.in_year(first_year_of_successor).filter(bloc=membership.bloc, agency=successor)
        if not already.exists():
            membership_add(bloc=membership.bloc, agency=successor, from_year=first_year_of_successor, by=by)
    return agency


@transaction.atomic
def agency_edit(
    *,
    agency: Agency,
    code: str,
    name: str,
    short_name: str,
    successor: Agency | None = None,
    until: datetime.date | None = None,
    by: User | None = None,
) -> Agency:
    """The board's edit of an agency: its names and code (``members.services.agency_update``) and, given a
    successor and a last day, its merger into or renaming to the successor (``agency_succeed``: its open
    memberships move to the successor), in one transaction."""
    if (successor is None) != (until is None):
        message = _("Đơn vị kế thừa và ngày cuối cùng hoạt động phải được nhập cùng nhau.")
        raise ValidationError({"until" if until is None else "successor": message})
    agency = agency_update(agency=agency, code=code, name=name, short_name=short_name, by=by)
    if successor is not None:
        agency = agency_succeed(agency=agency, successor=successor, last_day=until, by=by)
    return agency


@transaction.atomic
def memberships_replace(
    *,
    bloc: Bloc,
    rows: list[tuple[Agency, int, int | None]],
    by: User | None = None,
    records_checked_later: bool = False,
) -> list[Membership]:
    """The bloc's member list as a document gives it whole: (agency, from_year, to_year) rows in place of the
    stored memberships, each checked as one added is (the agency's ranges in the bloc never overlap), and no
    agency losing a year the bloc's records of it stand on (``memberships_keep_records``); an unchanged list
    writes nothing. One entry in the bloc's history.

    ``records_checked_later``: a caller that changes those records in the same transaction (an import of
    the bloc's meetings) calls ``memberships_keep_records`` itself once it has."""
    bloc = _lock_bloc(bloc)
    current = list(bloc.memberships.order_by("pk").values_list("agency_id", "from_year", "to_year"))
    wanted: list[Membership] = []
    errors: dict[str, list[str]] = {}
    for index, (agency, from_year, to_year) in enumerate(rows):
        membership = Membership(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)
        others = [(m.from_year, m.to_year) for m in wanted if m.agency_id == agency.pk]
        try:
            membership.clean_fields(exclude=["bloc"])
            membership.clean(others=others)  # the list replaces the stored one: checked against itself
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(f"{index}-{field}", []).extend(ValidationError(messages).messages)
            continue
        wanted.append(membership)
    if errors:
        raise ValidationError(errors)
    desired = [(m.agency_id, m.from_year, m.to_year) for m in wanted]
    if desired == current:
        return list(bloc.memberships.order_by("pk"))
    names = {agency.pk: agency.name for agency, *_years in rows} | dict(
        Agency.objects.filter(memberships__bloc=bloc).values_list("pk", "name")
    )
    bloc.memberships.all().delete()
    created = Membership.objects.bulk_create(wanted)
    if not records_checked_later:
        memberships_keep_records(bloc=bloc, before=current)
    changes = audit.diff(memberships_state(current, names), memberships_state(desired, names))
    audit.record(action=audit.Action.UPDATE, instance=bloc, changes=changes, by=by)
    return created


_LAST_YEAR = 9999  # an open-ended range, for subtracting ranges


def _years_lost(before: list[tuple[int, int | None]], after: list[tuple[int, int | None]]) -> list[tuple]:
    """The ranges of years ``before`` covers and ``after`` does not, as (from_year, to_year or None)."""
    pieces = [(a, _LAST_YEAR if b is None else b) for a, b in before]
    for c, d in after:
        d = _LAST_YEAR if d is None else d
        pieces = [
            piece
            for a, b in pieces
            for piece in ([(a, b)] if d < a or c > b else [(a, c - 1), (d + 1, b)])
            if piece[0] <= piece[1]
        ]
    return [(a, None if b == _LAST_YEAR else b) for a, b in pieces]


def memberships_keep_records(*, bloc: Bloc, before: list[tuple[int, int, int | None]]) -> None:
    """Refuse a change of the bloc's member list from ``before`` ((agency id, from_year, to_year) rows) to
    the stored one that takes from an agency a year the bloc's records of it stand on (``membership_records``,
    the rule ``membership_end`` and ``membership_remove`` hold). Keyed ``<n>-__all__`` by the agency's first
    row in the stored list, or unkeyed for an agency no longer listed."""
    after = list(bloc.memberships.order_by("pk").values_list("agency_id", "from_year", "to_year"))
    errors: dict[str, list[str]] = {}
    for agency_id in dict.fromkeys(row[0] for row in before):
        ranges = _years_lost(
            [(a, b) for agency, a, b in before if agency == agency_id],
            [(a, b) for agency, a, b in after if agency == agency_id],
        )
        agency = Agency.objects.get(pk=agency_id) if ranges else None
        for from_year, to_year in ranges:
            records = membership_records(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)
            if not records:
                continue
            message = _(
                "%(agency)s sẽ không là thành viên của khối %(years)s, nhưng khối còn ghi nhận của đơn vị trong "
                "thời gian đó (%(records)s). Hãy sửa các hồ sơ đó trước."
            ) % {"agency": agency, "years": _years_text(from_year, to_year), "records": ", ".join(records)}
            rows = [n for n, row in enumerate(after) if row[0] == agency_id]
            errors.setdefault(f"{rows[0]}-{NON_FIELD_ERRORS}" if rows else NON_FIELD_ERRORS, []).append(message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bloc_successor_set(*, bloc: Bloc, successor: Bloc | None, from_year: int | None, by: User | None = None) -> Bloc:
    """``successor`` continues ``bloc`` from ``from_year`` (None, None: it does not). Refused while the bloc has
    members in those years: move them first (``memberships_move``)."""
    bloc = _lock_bloc(bloc)
    before = audit.snapshot(bloc, BLOC_FIELDS)
    bloc.successor, bloc.successor_from_year = successor, from_year
    validate(bloc)
    if from_year is not None:
        staying = list(
            Membership.objects.filter(bloc=bloc)
            .filter(Q(to_year__isnull=True) | Q(to_year__gte=from_year))
            .select_related("agency")
            .order_by("agency__sort_key")
        )
        if staying:
            raise ValidationError(
                {
                    "successor_from_year": _(
                        "Khối còn thành viên từ năm %(year)s: %(agencies)s. Hãy chuyển các đơn vị sang khối kế tục "
                        "trước."
                    )
                    % {"year": from_year, "agencies": ", ".join(str(m.agency) for m in staying)}
                }
            )
    bloc.save(update_fields=["successor", "successor_from_year"])
    audit.record(
        action=audit.Action.UPDATE,
        instance=bloc,
        changes=audit.diff(before, audit.snapshot(bloc, BLOC_FIELDS)),
        by=by,
    )
    return bloc


@transaction.atomic
def memberships_move(
    *, source: Bloc, target: Bloc, agencies: list[Agency], from_year: int, by: User | None = None
) -> list[Membership]:
    """Move members of ``source`` to ``target`` from ``from_year`` in one step: each one's membership of
    ``source`` ends with the year before (refused, as ``membership_end`` refuses, while records of the years it
    gives up name it), and it joins ``target`` from ``from_year`` until the year its membership of ``source``
    was to end, if any (as ``memberships_add`` checks). All or none."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("Khối chuyển đến phải khác khối hiện tại.")})
    agencies = list({agency.pk: agency for agency in agencies}.values())
    if not agencies:
        raise ValidationError({"agencies": _("Hãy chọn ít nhất một cơ quan, đơn vị.")})
    source = _lock_bloc(source)
    covering = {
        m.agency_id: m
        for m in Membership.objects.in_year(from_year)
        .filter(bloc=source, agency__in=agencies)
        .select_related("bloc", "agency")
    }
    refusals = []
    for agency in agencies:
        membership = covering.get(agency.pk)
        if membership is None:
            refusals.append(
                _("%(agency)s không là thành viên của %(bloc)s năm %(year)s.")
                % {"agency": agency, "bloc": source, "year": from_year}
            )
        elif membership.from_year >= from_year:
            refusals.append(
                _("%(agency)s mới vào %(bloc)s từ năm %(year)s; hãy sửa thành viên khối thay vì chuyển.")
                % {"agency": agency, "bloc": source, "year": membership.from_year}
            )
    if refusals:
        raise ValidationError({"agencies": refusals})
    # Read before membership_end changes them: a membership that was to end keeps its last year in the target.
    until: dict[int | None, list[Agency]] = {}
    for agency in agencies:
        until.setdefault(covering[agency.pk].to_year, []).append(agency)
    for agency in agencies:
        try:
            membership_end(membership=covering[agency.pk], to_year=from_year - 1, by=by)
        except ValidationError as error:
            raise ValidationError(
                {"agencies": [_("%(agency)s: %(message)s") % {"agency": agency, "message": m} for m in error.messages]}
            ) from error
    moved = []
    for to_year, group in until.items():
        moved += memberships_add(bloc=target, agencies=group, from_year=from_year, to_year=to_year, by=by)
    return moved
