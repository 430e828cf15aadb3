"""Changes to meetings: the record a secretary enters and finalizes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blocs.models import Bloc
from blocs.services import leadership_set
from core.locks import for_update
from core.validation import atomic_retried, ensure_version, validate
from history import audit
from history.states import state_version
from meetings.audit_states import MEETING_FIELDS, attendance_state, participants_state
from members.models import Agency, User

from .models import Attendance, Meeting, Participant, VotingSession

EDITABLE_FIELDS = (
    "kind", "year", "held_on", "start_time", "end_time", "title", "venue", "host",
    "report", "shortcomings", "directions", "pledge_year", "minutes_number",
)  # fmt: skip


def ensure_editable(meeting: Meeting, *, during_vote: bool = False) -> None:
    """A finalized meeting is an official record: it changes only after board staff reopen it. While an online
    vote is open (``meetings.online``) the proposals, the votes, the attendance, the voting mode and finalizing
    wait for its closing; ``during_vote``: a part the vote does not depend on (people, content, ranking)."""
    if meeting.is_finalized:
        raise ValidationError(_("Hội nghị đã chốt biên bản; cần được Ban Thi đua - Khen thưởng mở lại để sửa."))
    if not during_vote and VotingSession.objects.filter(meeting_id=meeting.pk, closed_at__isnull=True).exists():
        raise ValidationError(
            _("Đang bỏ phiếu trực tuyến: cần đóng bỏ phiếu trước khi sửa đề nghị, phiếu, điểm danh, hình thức "
              "biểu quyết hoặc chốt hội nghị."),
            code="voting_open",
        )  # fmt: skip


def ensure_no_online_vote(meeting: Meeting) -> None:
    """The attendance an online vote was held with stays as it was: the vote's body and outcomes follow it."""
    if VotingSession.objects.filter(meeting_id=meeting.pk, closed_at__isnull=False).exists():
        raise ValidationError(
            _("Hội nghị đã bỏ phiếu trực tuyến theo điểm danh này; phiếu đã bỏ là cuối cùng nên không sửa điểm "
              "danh được nữa."),
            code="voted_online",
        )  # fmt: skip


def ensure_unchanged(state: Mapping, expected_version: str | None) -> None:
    """Refuse (code ``"stale"``) a save made from a page that showed this part of the record (attendance,
    people, ranking, a proposal's votes) as it no longer is: someone saved it since. ``expected_version`` is
    the ``state_version`` the page carried; None (a caller with no page, e.g. the demo seed) checks nothing."""
    ensure_version(
        state_version(state),
        expected_version,
        _("Phần này đã được người khác lưu trong lúc bạn đang nhập; chưa lưu gì của bạn."),
    )


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting as stored, locked until the transaction ends (every change of its record takes it)."""
    return for_update(Meeting.objects.select_related("bloc"), of=("self",)).get(pk=meeting.pk)


@atomic_retried
def meeting_create(
    *, bloc: Bloc, kind: str, year: int, held_on: datetime.date, by: User | None = None, **fields
) -> Meeting:
    """Create a draft meeting of a bloc."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting(bloc=bloc, kind=kind, year=year, held_on=held_on, **fields)
    meeting.refresh_text_keys()
    validate(meeting)
    meeting.save()
    changes = audit.diff({}, audit.snapshot(meeting, MEETING_FIELDS))
    audit.record(action=audit.Action.CREATE, instance=meeting, changes=changes, by=by)
    return meeting


@atomic_retried
def meeting_update(
    *, meeting: Meeting, by: User | None = None, expected_version: int | str | None = None, **fields
) -> Meeting:
    """Change a draft meeting; refused if someone else saved it since ``expected_version`` was read."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    current = lock_meeting(meeting)
    ensure_editable(current, during_vote="year" not in fields)
    ensure_version(
        current.version,
        expected_version,
        _("Hội nghị đã được người khác sửa trong lúc bạn đang nhập; chưa lưu gì của bạn."),
    )
    if (
        "year" in fields
        and fields["year"] != current.year
        and (current.proposals.exists() or current.attendances.exists() or current.rankings.exists())
    ):
        # Proposals copy the year (one per nominee and award, quotas) and attendance and ranking were
        # checked against that year's members: moving the meeting would leave them wrong.
        raise ValidationError(
            {
                "year": _(
                    "Hội nghị đã có điểm danh, đề nghị khen thưởng hoặc xếp hạng của năm %(year)s; "
                    "hãy xoá chúng trước khi đổi năm thi đua."
                )
                % {"year": current.year}
            }
        )
    before = audit.snapshot(current, fields)
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.refresh_text_keys()
    validate(current)
    current.save(update_fields=[*fields, "version"])
    changes = audit.diff(before, audit.snapshot(current, fields))
    audit.record(action=audit.Action.UPDATE, instance=current, changes=changes, by=by)
    meeting.__dict__.update(current.__dict__)
    return current


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    rows: Iterable[Mapping],
    by: User | None = None,
    expected_version: str | None = None,
    evaluate_proposals: bool = True,
) -> list[Attendance]:
    """Replace the attendance list; each row: agency (id or Agency), present, representative, title.
    Refused (code ``"stale"``) when the list changed since the page read ``expected_version``.

    Proposals are re-evaluated: a rule based on "present" depends on who attended. ``evaluate_proposals=False``
    leaves that to a caller that records every proposal's votes next, in the same transaction (an import of
    the whole meeting: its votes are checked against this attendance, not against the one it replaces).
    """
    from meetings.voting import proposals_evaluate

    meeting = lock_meeting(meeting)
    ensure_editable(meeting)
    ensure_no_online_vote(meeting)
    before = attendance_state(meeting.attendances.select_related("agency"))
    ensure_unchanged(before, expected_version)
    meeting.attendances.all().delete()
    rows = list(rows)
    # Agencies of the meeting's province only: another province's id is no agency here (never named back).
    ids = {row["agency"] for row in rows if not isinstance(row["agency"], Agency)}
    agencies = Agency.objects.filter(organizer__blocs=meeting.bloc_id).in_bulk([int(a) for a in ids]) if ids else {}
    saved: list[Attendance] = []
    # Keyed by the agency's row (``<agency id>-present``, the attendance form's field), else the whole list.
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for row in rows:
        agency = row["agency"]
        agency = agency if isinstance(agency, Agency) else agencies.get(int(agency))
        if agency is None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(_("Đơn vị không tồn tại."))
            continue
        if agency.pk in seen:
            errors.setdefault(f"{agency.pk}-present", []).append(_("Một đơn vị được điểm danh hai lần."))
            continue
        seen.add(agency.pk)
        attendance = Attendance(
            meeting=meeting,
            agency=agency,
            present=bool(row.get("present", True)),
            representative=row.get("representative", "") or "",
            title=row.get("title", "") or "",
        )
        try:
            validate(attendance, exclude=["meeting"], constraints=False)  # one row per agency (``seen``)
        except ValidationError as error:
            errors.setdefault(f"{agency.pk}-present", []).extend(m for ms in error.message_dict.values() for m in ms)
            continue
        saved.append(attendance)
    if errors:
        raise ValidationError(errors)
    Attendance.objects.bulk_create(saved)
    changes = audit.diff(before, attendance_state(meeting.attendances.select_related("agency")))
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=changes, by=by)
    if evaluate_proposals:
        proposals_evaluate(meeting=meeting, by=by)
    return saved


def _people_save(meeting: Meeting, people: Iterable[tuple[str, Mapping]]) -> None:
    """Write each (role, person: name, title, agency, organization) as a participant, in the order given."""
    for position, (role, person) in enumerate(people, start=1):
        participant = Participant(
            meeting=meeting,
            role=role,
            name=person.get("name", ""),
            title=person.get("title", "") or "",
            agency=person.get("agency"),
            organization=person.get("organization", "") or "",
            position=position,
        )
        validate(participant)
        participant.save()


@transaction.atomic
def participants_set(
    *,
    meeting: Meeting,
    presiding: Iterable[Mapping] = (),
    secretary: Mapping | None = None,
    guests: Iterable[Mapping] = (),
    by: User | None = None,
    expected_version: str | None = None,
) -> None:
    """Replace who presided, who took the minutes, and the guests (each: name, title, agency, organization).
    Refused (code ``"stale"``) when they changed since the page read ``expected_version``."""
    meeting = lock_meeting(meeting)
    ensure_editable(meeting, during_vote=True)
    before = participants_state(meeting.participants.select_related("agency"))
    ensure_unchanged(before, expected_version)
    meeting.participants.exclude(role=Participant.Role.TELLER).delete()  # the tellers are ``voting_set``'s
    people = [(Participant.Role.PRESIDING, p) for p in presiding]
    if secretary:
        people.append((Participant.Role.SECRETARY, secretary))
    people += [(Participant.Role.GUEST, g) for g in guests]
    _people_save(meeting, people)
    changes = audit.diff(before, participants_state(meeting.participants.select_related("agency")))
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=changes, by=by)


VOTING_FIELDS = ("voting_mode", "ballots_issued", "ballots_returned", "ballots_invalid")


@transaction.atomic
def voting_set(
    *,
    meeting: Meeting,
    voting_mode: str,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    ballots_invalid: int | None = None,
    tellers: Iterable[Mapping] = (),
    by: User | None = None,
) -> Meeting:
    """Record how the proposals were voted, the ballot figures and the tellers (each: name, title, agency,
    organization), as the vote-count minutes print them. Figures left empty are "not recorded"."""
    meeting = lock_meeting(meeting)
    ensure_editable(meeting)
    held = VotingSession.objects.filter(meeting_id=meeting.pk).first()
    if held is not None and (voting_mode, ballots_issued, ballots_returned) != (held.mode, held.eligible, held.cast):
        # The online vote counted these itself: its mode and figures are the record.
        raise ValidationError(
            _("Hội nghị đã bỏ phiếu trực tuyến (%(mode)s, phát ra %(issued)s, thu về %(returned)s): hình thức "
              "biểu quyết và số phiếu phát ra, thu về giữ như kết quả bỏ phiếu.")
            % {"mode": held.get_mode_display(), "issued": held.eligible, "returned": held.cast}
        )  # fmt: skip
    before = {
        **audit.snapshot(meeting, VOTING_FIELDS),
        **participants_state(meeting.participants.select_related("agency")),
    }
    meeting.voting_mode = voting_mode
    meeting.ballots_issued, meeting.ballots_returned, meeting.ballots_invalid = (
        ballots_issued, ballots_returned, ballots_invalid,
    )  # fmt: skip
    validate(meeting)
    meeting.version += 1
    meeting.save(update_fields=[*VOTING_FIELDS, "version"])
    meeting.participants.filter(role=Participant.Role.TELLER).delete()
    _people_save(meeting, [(Participant.Role.TELLER, person) for person in tellers])
    after = {
        **audit.snapshot(meeting, VOTING_FIELDS),
        **participants_state(meeting.participants.select_related("agency")),
    }
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=audit.diff(before, after), by=by)
    return meeting


@transaction.atomic
def leadership_elect(
    *, meeting: Meeting, chair: Agency, vice_chair: Agency | None, for_year: int | None = None, by: User | None = None
):
    """Record the meeting's election of the chair and vice-chair, by default for the following year."""
    meeting = lock_meeting(meeting)
    ensure_editable(meeting, during_vote=True)
    year = for_year if for_year is not None else meeting.year + 1
    return leadership_set(bloc=meeting.bloc, year=year, chair=chair, vice_chair=vice_chair, elected_at=meeting, by=by)
