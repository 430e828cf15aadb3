"""Online ballots during a meeting: the secretary opens the vote on the meeting's proposals, each present member
agency votes once from its own login, the secretary closes the vote and the outcomes follow by the award's rule.

Secret mode (bỏ phiếu kín) writes that an agency voted (``Voter``: no time, no vote) and adds one to the
proposals' tallies; nothing else: no ``Ballot`` row, no audit entry, no log line, no cache key. Open mode writes
each agency's ``Ballot`` rows as the paper ballots do.

Concurrency: a ballot and the closing both start by updating the session's row (``cast`` / ``closed_at``)
only while it is open. The row lock queues them, so a ballot is either counted before the closing reads the
tallies or refused; the unique ``Voter`` row decides between two ballots of one agency sent at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validation import validate
from history import audit
from meetings import eligibility
from meetings.models import Ballot, Meeting, Proposal, Voter, VotingSession
from meetings.services import ensure_editable, lock_meeting
from meetings.voting import VotingBody, _check_quota, _evaluate, _lock_bloc
from members.models import Agency, User
from notices.models import Notification
from notices.services import notify

TALLY_FIELD = {
    Ballot.Vote.FOR: "votes_for",
    Ballot.Vote.AGAINST: "votes_against",
    Ballot.Vote.ABSTAIN: "votes_abstain",
}


def _status_label() -> str:
    """The audit entries' label of the vote's state (translated when written: see ``history.audit``)."""
    return _("Bỏ phiếu trực tuyến")


def _quota_problems(meeting: Meeting, proposals: list[Proposal]) -> list[str]:
    """The award types with more proposals than the bloc's year still allows: closing could pass them all."""
    problems = []
    counts = Counter(p.award_type for p in proposals)
    for award_type, count in counts.items():
        if award_type.quota_per_bloc is None:
            continue
        passed = Proposal.objects.filter(
            bloc_id=meeting.bloc_id, year=meeting.year, award_type=award_type, outcome=Proposal.Outcome.PASSED
        ).count()
        left = max(award_type.quota_per_bloc - passed, 0)
        if count > left:
            problems.append(
                _(
                    "Có %(count)s đề nghị %(award)s nhưng khối chỉ còn %(left)s suất trong năm %(year)s (chỉ tiêu "
                    "%(quota)s): hãy rút bớt đề nghị trước khi mở bỏ phiếu."
                )
                % {
                    "count": count,
                    "award": award_type.name,
                    "left": left,
                    "year": meeting.year,
                    "quota": award_type.quota_per_bloc,
                }
            )
    return problems


@transaction.atomic
def online_voting_open(*, meeting: Meeting, by: User | None = None) -> VotingSession:
    """Open the online vote on every proposal of a draft meeting, in the meeting's voting mode; the voters are
    the present members (every member when no attendance was taken). Secret mode starts the tallies at 0."""
    meeting = lock_meeting(meeting)
    ensure_editable(meeting)
    if VotingSession.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("Hội nghị đã bỏ phiếu trực tuyến; mỗi hội nghị chỉ bỏ phiếu trực tuyến một lần."))
    if meeting.voting_mode not in Meeting.VotingMode.values:
        raise ValidationError(
            _("Cần chọn hình thức biểu quyết (công khai hoặc bỏ phiếu kín) ở trang Kiểm phiếu trước khi mở bỏ phiếu.")
        )
    _lock_bloc(meeting)
    proposals = list(
        meeting.proposals.select_related("nominee", "award_type")
        .annotate(has_ballots=Exists(Ballot.objects.filter(proposal=OuterRef("pk"))))
        .order_by("position", "pk")
    )
    if not proposals:
        raise ValidationError(_("Hội nghị chưa có đề nghị khen thưởng nào để bỏ phiếu."))
    problems = [
        _("Đề nghị %(proposal)s đã có phiếu; bỏ phiếu trực tuyến chỉ cho các đề nghị chưa có phiếu.") % {"proposal": p}
        for p in proposals
        if p.has_ballots or p.votes_for is not None
    ]
    body = VotingBody.of(meeting)
    if not body.voters:
        problems.append(_("Không có đơn vị thành viên nào có mặt để bỏ phiếu."))
    problems += _quota_problems(meeting, proposals)
    problems += [
        _("Đề nghị %(proposal)s: %(refusal)s") % {"proposal": p, "refusal": message}
        for p, message in eligibility.refusals(meeting, proposals, as_if_passed=True)
    ]
    if problems:
        raise ValidationError(problems)
    session = VotingSession(
        meeting=meeting,
        mode=meeting.voting_mode,
        opened_at=timezone.now(),
        opened_by=by if by is not None and by.is_authenticated else None,
        eligible=len(body.voters),
    )
    validate(session)
    session.save()
    session.proposals.set(proposals)
    if session.is_secret:
        Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(votes_for=0, votes_against=0, votes_abstain=0)
    after = {
        _status_label(): _("Đang mở"),
        **audit.snapshot(session, ["mode", "eligible"]),
        _("Số đề nghị"): len(proposals),
    }
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=audit.diff({}, after), by=by)
    notify(
        users=User.objects.filter(agency_id__in=body.voters, role=User.Role.AGENCY_USER).order_by("pk"),
        kind=Notification.Kind.VOTING_OPENED,
        params={"meeting": str(meeting), "bloc": str(meeting.bloc)},
        url=reverse("meetings:ballot", args=[meeting.pk]),
        by=by,
    )
    return session


def _votes_problem(session: VotingSession, votes: Mapping) -> tuple[dict[int, str], str | None]:
    """The ballot as proposal id → vote, and what is wrong with it: every proposal of the session once."""
    chosen: dict[int, str] = {}
    for key, vote in votes.items():
        try:
            chosen[int(key)] = vote
        except (TypeError, ValueError):
            return chosen, _("Phiếu có đề nghị không thuộc phiên bỏ phiếu.")
    if any(vote not in Ballot.Vote.values for vote in chosen.values()):
        return chosen, _("Phiếu không hợp lệ: mỗi đề nghị chọn đồng ý, không đồng ý hoặc không biểu quyết.")
    expected = set(session.proposals.values_list("pk", flat=True))
    if set(chosen) - expected:
        return chosen, _("Phiếu có đề nghị không thuộc phiên bỏ phiếu.")
    if expected - set(chosen):
        return chosen, _("Cần chọn đồng ý, không đồng ý hoặc không biểu quyết cho từng đề nghị.")
    return chosen, None


@transaction.atomic
def online_ballot_cast(
    *, session: VotingSession, agency: Agency, votes: Mapping[int, str], by: User | None = None
) -> None:
    """Record an agency's ballot: a choice (for, against, abstain) on every proposal of the open session. One
    ballot per agency, final. ``by`` (the agency's user) is deliberately not written anywhere."""
    # First, and only while the session is open: this update takes the session's row lock, which queues the
    # ballot with the closing (and with the other ballots: the tallies are added one ballot at a time).
    if not VotingSession.objects.filter(pk=session.pk, closed_at__isnull=True).update(cast=F("cast")):
        raise ValidationError(_("Bỏ phiếu đã đóng; phiếu không được ghi nhận."), code="closed")
    session = VotingSession.objects.select_related("meeting").get(pk=session.pk)
    if error := VotingBody.of(session.meeting).ballot_error(agency):
        raise ValidationError(error, code="not_a_voter")
    chosen, problem = _votes_problem(session, votes)
    if problem:
        raise ValidationError(problem, code="invalid")
    try:
        with transaction.atomic():  # the unique voter row decides, also between two ballots sent at once
            Voter.objects.create(session=session, agency=agency)
    except IntegrityError:
        if not Voter.objects.filter(session=session, agency=agency).exists():
            raise
        raise ValidationError(
            _("%(agency)s đã bỏ phiếu; mỗi đơn vị chỉ bỏ một phiếu và phiếu đã gửi không sửa được.")
            % {"agency": agency},
            code="duplicate",
        ) from None
    if session.is_secret:
        for vote, field in TALLY_FIELD.items():
            ids = sorted(pk for pk, chosen_vote in chosen.items() if chosen_vote == vote)
            if ids:
                Proposal.objects.filter(pk__in=ids).update(**{field: F(field) + 1})
    else:
        Ballot.objects.bulk_create(Ballot(proposal_id=pk, agency=agency, vote=vote) for pk, vote in chosen.items())
    VotingSession.objects.filter(pk=session.pk).update(cast=F("cast") + 1)


@transaction.atomic
def online_voting_close(*, session: VotingSession, by: User | None = None) -> VotingSession:
    """Close the vote: the outcomes follow by each award's rule, and the meeting's ballot figures are the
    vote's (issued: the agencies that could vote; returned: those that did; invalid: 0 unless recorded)."""
    closer = by if by is not None and by.is_authenticated else None
    if not VotingSession.objects.filter(pk=session.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=closer
    ):
        raise ValidationError(_("Bỏ phiếu đã được đóng."), code="closed")
    session = VotingSession.objects.get(pk=session.pk)
    meeting = lock_meeting(session.meeting)
    if meeting.is_finalized:
        raise ValidationError(_("Hội nghị đã chốt biên bản; cần được Ban Thi đua - Khen thưởng mở lại để sửa."))
    _lock_bloc(meeting)
    body = VotingBody.of(meeting)
    proposals = list(session.proposals.select_related("award_type").prefetch_related("ballots__agency"))
    problems: list[str] = []
    for proposal in proposals:
        found = _evaluate(proposal, body, list(proposal.ballots.all()))
        problems += [f"{proposal}: {p}" for messages in found.values() for p in messages]
    # Checked at opening; a hold entered or a ranking changed during the vote is met here: the vote stays open.
    problems += [f"{p}: {message}" for p, message in eligibility.refusals(meeting, proposals)]
    if problems:
        raise ValidationError(problems)
    Proposal.objects.bulk_update(proposals, ["outcome", "outcome_reason"])
    fields = ["ballots_issued", "ballots_returned", "ballots_invalid"]
    before = {_status_label(): _("Đang mở"), **audit.snapshot(meeting, fields)}
    meeting.ballots_issued, meeting.ballots_returned = session.eligible, session.cast
    if meeting.ballots_invalid is None or meeting.ballots_invalid > session.cast:
        meeting.ballots_invalid = 0  # a ballot sent online is valid: it names a choice for every proposal
    validate(meeting)
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version"])
    after = {_status_label(): _("Đã đóng"), **audit.snapshot(meeting, fields)}
    audit.record(action=audit.Action.UPDATE, instance=meeting, changes=audit.diff(before, after), by=by)
    for award_type in {p.award_type for p in proposals}:
        _check_quota(bloc_id=meeting.bloc_id, year=meeting.year, award_type=award_type)
    return session
