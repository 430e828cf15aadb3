"""Who may pass a proposal, as the province's data says (Nghị định 152/2025/NĐ-CP and the province's own rules):
holds on an agency, the provincial flag for the bloc's leader, the Government flag among the units meeting the
provincial-flag standard within a share, and the tie note for collectives with many women.

The services ask ``refusals`` only of proposals whose outcome would be passed; the meeting page and the dossier
show ``shown_findings`` (refusals, warnings and notes). Both read a bloc's year through ``BlocYear``: a few
queries, each only when a proposal needs it (a held nominee, a flag, a tie)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import AgencyHold, AwardPolicy, AwardType, WomenShare
from awards.services import policy_of
from blocs.models import Bloc
from core.numbers import percent_text
from meetings.models import Ballot, Meeting, Proposal, Ranking

REFUSE, WARN, NOTE = "refuse", "warn", "note"

# What a hold says of the agency, in the sentence "Đơn vị X … năm 2025: chưa được xét khen thưởng".
HOLD_STATES = {
    AgencyHold.Kind.DISCIPLINE: gettext_lazy("đang bị xem xét kỷ luật"),
    AgencyHold.Kind.INSPECTION: gettext_lazy("đang được thanh tra, kiểm tra"),
    AgencyHold.Kind.TASK_NOT_COMPLETED: gettext_lazy("bị đánh giá không hoàn thành nhiệm vụ"),
}
_LEVEL_OF_MODE = {AwardPolicy.Mode.REFUSE: REFUSE, AwardPolicy.Mode.WARN: WARN}


@dataclass(frozen=True)
class Finding:
    """What a rule says of a proposal: a refusal, a warning (the province chose "warn") or a note."""

    level: str
    message: str

    @property
    def refuses(self) -> bool:
        return self.level == REFUSE

    @property
    def label(self) -> str:
        return {REFUSE: _("Không đủ điều kiện"), WARN: _("Cảnh báo"), NOTE: _("Lưu ý")}[self.level]


def hold_message(hold: AgencyHold, legal_basis: str) -> str:
    return _("Đơn vị %(agency)s %(state)s năm %(year)s%(reason)s: chưa được xét khen thưởng (%(basis)s).") % {
        "agency": hold.agency,
        "state": HOLD_STATES.get(hold.kind, hold.get_kind_display()),
        "year": hold.year,
        "reason": f" ({hold.reason})" if hold.reason else "",
        "basis": legal_basis,
    }


def annotate(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals with what the rules read of their nominee's year (held or not, women's share) and the
    ballots for, read with them: a page whose proposals meet no rule needs no other query."""
    return queryset.annotate(
        nominee_held=Exists(AgencyHold.objects.filter(agency_id=OuterRef("nominee_id"), year=OuterRef("year"))),
        nominee_women_share=Subquery(
            WomenShare.objects.filter(agency_id=OuterRef("nominee_id"), year=OuterRef("year")).values("share")[:1]
        ),
        ballots_for=Subquery(
            Ballot.objects.filter(proposal_id=OuterRef("pk"), vote=Ballot.Vote.FOR)
            .order_by()
            .values("proposal_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    )


class BlocYear:
    """The eligibility data of a bloc's year, read once for the proposals ``passing`` together (those the
    rules are asked about as if they passed: they count towards the standard and the share in this order)."""

    def __init__(self, *, bloc: Bloc, year: int, passing: Sequence[Proposal]):
        self.bloc, self.year = bloc, year
        self.organizer_id, self.bloc_id = bloc.organizer_id, bloc.pk
        self.passing = list(passing)
        self._stored = {p.pk for p in self.passing if p.pk}  # their stored outcome is not the one checked

    @cached_property
    def policy(self) -> AwardPolicy:
        return policy_of(self.organizer_id)

    @property
    def basis(self) -> str:
        return self.policy.legal_basis

    @cached_property
    def holds(self) -> dict[int, list[AgencyHold]]:
        """The holds of the year on the nominees (not asked when annotated proposals say there is none)."""
        nominees = {p.nominee_id for p in self.passing if getattr(p, "nominee_held", True)}
        found: dict[int, list[AgencyHold]] = defaultdict(list)
        if nominees:
            for hold in AgencyHold.objects.filter(agency_id__in=nominees, year=self.year).select_related("agency"):
                found[hold.agency_id].append(hold)
        return found

    @cached_property
    def _first_ranked(self) -> list[tuple[int, int]]:
        """(agency, bloc) ranked first in a bloc of the province that year."""
        return list(
            Ranking.objects.filter(rank=1, meeting__year=self.year, meeting__bloc__organizer_id=self.organizer_id)
            .order_by()
            .values_list("agency_id", "meeting__bloc_id")
        )

    @property
    def bloc_leaders(self) -> set[int]:
        """The bloc's rank-1 units of the year; none until its ranking is recorded."""
        return {agency for agency, bloc in self._first_ranked if bloc == self.bloc_id}

    @cached_property
    def _passed_flags(self) -> list[tuple[int, int, str]]:
        """(proposal, nominee, flag) of the province's passed flag proposals of the year, as stored."""
        return list(
            Proposal.objects.filter(
                bloc__organizer_id=self.organizer_id,
                year=self.year,
                outcome=Proposal.Outcome.PASSED,
                award_type__flag__in=[AwardType.Flag.PROVINCIAL, AwardType.Flag.GOVERNMENT],
            )
            .exclude(pk__in=self._stored)
            .order_by()
            .values_list("pk", "nominee_id", "award_type__flag")
        )

    @cached_property
    def standard(self) -> set[int]:
        """The units meeting the provincial-flag standard that year: rank 1 of a bloc, or a provincial flag passed."""
        return (
            {agency for agency, _bloc in self._first_ranked}
            | {nominee for _pk, nominee, flag in self._passed_flags if flag == AwardType.Flag.PROVINCIAL}
            | {p.nominee_id for p in self.passing if p.award_type.flag == AwardType.Flag.PROVINCIAL}
        )

    def _government_rank(self, proposal: Proposal) -> int:
        """How many Government flags pass in the province that year with this one (the stored ones first)."""
        stored = sum(1 for _pk, _nominee, flag in self._passed_flags if flag == AwardType.Flag.GOVERNMENT)
        ours = [p for p in self.passing if p.award_type.flag == AwardType.Flag.GOVERNMENT]
        return stored + next((i for i, p in enumerate(ours, 1) if p is proposal), len(ours) + 1)

    # -- the rules ---------------------------------------------------------------------------------------------

    def findings(self, proposal: Proposal) -> list[Finding]:
        """What the rules say of ``proposal`` passing (one of ``passing``)."""
        found = [Finding(REFUSE, hold_message(h, self.basis)) for h in self.holds.get(proposal.nominee_id, [])]
        flag = proposal.award_type.flag
        if flag == AwardType.Flag.PROVINCIAL and self.policy.provincial_flag_mode in _LEVEL_OF_MODE:
            found += self._provincial_flag(proposal, _LEVEL_OF_MODE[self.policy.provincial_flag_mode])
        elif flag == AwardType.Flag.GOVERNMENT and self.policy.government_flag_mode in _LEVEL_OF_MODE:
            found += self._government_flag(proposal, _LEVEL_OF_MODE[self.policy.government_flag_mode])
        return found

    def _no_ranking(self, proposal: Proposal, rule: str) -> Finding:
        return Finding(
            NOTE,
            _("%(bloc)s chưa có xếp hạng năm %(year)s: chưa kiểm tra được điều kiện %(rule)s (%(basis)s).")
            % {"bloc": self.bloc, "year": self.year, "rule": rule, "basis": self.basis},
        )

    def _provincial_flag(self, proposal: Proposal, level: str) -> list[Finding]:
        leaders = self.bloc_leaders
        if not leaders:
            rule = _("%(award)s chỉ dành cho đơn vị dẫn đầu khối") % {"award": proposal.award_type.name}
            return [self._no_ranking(proposal, rule)]
        if proposal.nominee_id in leaders:
            return []
        message = _(
            "%(award)s chỉ dành cho đơn vị dẫn đầu khối: %(agency)s không xếp hạng nhất %(bloc)s năm %(year)s "
            "(%(basis)s)."
        ) % {
            "award": proposal.award_type.name,
            "agency": proposal.nominee,
            "bloc": self.bloc,
            "year": self.year,
            "basis": self.basis,
        }
        return [Finding(level, message)]

    def _government_flag(self, proposal: Proposal, level: str) -> list[Finding]:
        award = proposal.award_type.name
        if proposal.nominee_id not in self.standard and not self.bloc_leaders:
            rule = _("%(award)s chỉ xét cho đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh") % {"award": award}
            return [self._no_ranking(proposal, rule)]
        found = []
        if proposal.nominee_id not in self.standard:
            message = _(
                "%(award)s chỉ xét cho đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh: %(agency)s không xếp hạng nhất "
                "khối và không được Cờ thi đua cấp tỉnh năm %(year)s (%(basis)s)."
            ) % {"award": award, "agency": proposal.nominee, "year": self.year, "basis": self.basis}
            found.append(Finding(level, message))
        share = self.policy.government_flag_share
        if share is not None:
            count, units = self._government_rank(proposal), len(self.standard)
            allowed = int(Decimal(share) * units)  # "not more than share × units": whole flags only
            if count > allowed:
                message = _(
                    "%(award)s năm %(year)s không quá %(share)s số đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh: tỉnh "
                    "có %(units)s đơn vị đạt tiêu chuẩn nên được tối đa %(allowed)s, đây là đề nghị đạt thứ "
                    "%(count)s (%(basis)s)."
                ) % {
                    "award": award,
                    "year": self.year,
                    "share": percent_text(Decimal(share)),
                    "units": units,
                    "allowed": allowed,
                    "count": count,
                    "basis": self.basis,
                }
                found.append(Finding(level, message))
        return found


def _bloc_year(meeting: Meeting, passing: Sequence[Proposal]) -> BlocYear:
    return BlocYear(bloc=meeting.bloc, year=meeting.year, passing=passing)


def refusals(
    meeting: Meeting, proposals: Sequence[Proposal], *, as_if_passed: bool = False
) -> list[tuple[Proposal, str]]:
    """The refusals of the proposals whose outcome (computed, not saved yet) is passed: (proposal, message).
    ``as_if_passed``: of every proposal, as if all passed (an online vote is not opened on them: closing could
    pass every one). No query when none passes."""
    passing = list(proposals) if as_if_passed else [p for p in proposals if p.outcome == Proposal.Outcome.PASSED]
    if not passing:
        return []
    rules = _bloc_year(meeting, passing)
    return [(p, f.message) for p in passing for f in rules.findings(p) if f.refuses]


def votes_for_of(proposal: Proposal) -> int | None:
    """The votes for as entered, else the ballots for (``annotate``); None when not voted."""
    if proposal.votes_for is not None:
        return proposal.votes_for
    return getattr(proposal, "ballots_for", None) or None


def shown_findings(*, bloc: Bloc, year: int, votes: Sequence[tuple[Proposal, int | None]]) -> dict[int, list[Finding]]:
    """What the meeting page and the dossier show beside each proposal (by id): the rules as if the passed and
    pending proposals passed, and the tie notes among those with votes (None: not shown, e.g. a vote still
    open). Proposals read through ``annotate`` cost no query when no rule concerns them."""
    proposals = [p for p, _votes in votes]
    considered = [p for p in proposals if p.outcome != Proposal.Outcome.FAILED]
    flagged = [p for p in considered if p.award_type.flag or getattr(p, "nominee_held", True)]
    rules = BlocYear(bloc=bloc, year=year, passing=flagged)
    found: dict[int, list[Finding]] = {p.pk: [] for p in proposals}
    for proposal in flagged:
        found[proposal.pk] += rules.findings(proposal)
    for proposal, notes in tie_notes(rules, votes).items():
        found[proposal.pk] += notes
    return found


def tie_notes(rules: BlocYear, votes: Sequence[tuple[Proposal, int | None]]) -> dict[Proposal, list[Finding]]:
    """Proposals of one award with equal votes for where some, not all, nominees have at least the policy's share
    of women: a note on each (Nghị định 152/2025/NĐ-CP favours them), never a refusal."""
    groups: dict[tuple[int, int], list[Proposal]] = defaultdict(list)
    for proposal, count in votes:
        if count is not None:
            groups[(proposal.award_type_id, count)].append(proposal)
    tied = [group for group in groups.values() if len(group) > 1]
    if not tied:
        return {}
    shares = _women_shares([p for group in tied for p in group], rules.year)
    if not shares:
        return {}
    threshold = Decimal(rules.policy.tie_women_share)  # text in an unsaved default policy
    notes: dict[Proposal, list[Finding]] = {}
    for group in tied:
        favoured = [p for p in group if shares.get(p.nominee_id) is not None and shares[p.nominee_id] >= threshold]
        if not favoured or len(favoured) == len(group):
            continue
        for proposal in group:
            message = _(
                "Bằng số phiếu đồng ý với %(others)s (%(award)s); ưu tiên %(favoured)s có tỷ lệ nữ từ %(share)s trở "
                "lên (%(basis)s)."
            ) % {
                "others": ", ".join(str(p.nominee) for p in group if p is not proposal),
                "award": proposal.award_type.name,
                "favoured": ", ".join(f"{p.nominee} ({percent_text(shares[p.nominee_id])})" for p in favoured),
                "share": percent_text(Decimal(threshold)),
                "basis": rules.basis,
            }
            notes[proposal] = [Finding(NOTE, message)]
    return notes


def _women_shares(proposals: list[Proposal], year: int) -> dict[int, Decimal]:
    """The nominees' women's shares of the year: from ``annotate`` when read there, else one query."""
    if all(hasattr(p, "nominee_women_share") for p in proposals):
        return {p.nominee_id: Decimal(p.nominee_women_share) for p in proposals if p.nominee_women_share is not None}
    rows = WomenShare.objects.filter(agency_id__in={p.nominee_id for p in proposals}, year=year)
    return dict(rows.values_list("agency_id", "share"))
