"""``manage.py seed_demo``: load the demonstration province (Quảng Ngãi, 2023–2026) through the services.

Idempotent: every record is looked up by its natural key (organizer, agency and bloc codes, a bloc's pledge
of a year, a meeting's bloc, kind and date, a decision's number, a username) and created only when missing;
a meeting found is taken as complete. The whole load runs in one transaction, so it never stops half-way.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import AwardType
from awards.rules import Tally
from awards.services import award_types_ensure_defaults, organizer_create
from blocs.models import Bloc, Leadership, Membership
from blocs.services import agency_succeed, bloc_create, leadership_set, membership_add
from core.numbers import number_text
from core.validation import error_messages
from decisions.models import Decision
from decisions.selectors import awaiting_decision
from decisions.services import decision_create
from dossiers.models import Deadline
from dossiers.reminders import deadline_set
from meetings.models import Ballot, Meeting, Proposal
from meetings.services import attendance_record, leadership_elect, meeting_create, meeting_update, participants_set
from meetings.voting import proposal_create, proposal_record_votes, ranking_record
from members.models import Agency, Organizer, User
from members.services import agency_create, user_create
from notices.services import silenced
from ops import demo_data as data
from pledges.models import Criterion, Pledge, Score, Signature
from pledges.services import pledge_create, scores_record, signature_record
from records.services import meeting_finalize

Kind = Meeting.Kind
# The apps whose models board staff manage in the Django admin (which keeps them to their own province and
# never lets them grant superuser status, groups or permissions: members/admin.py).
BOARD_APPS = ("history", "members", "blocs", "pledges", "awards", "meetings", "decisions")
HOURS = {
    Kind.PLEDGE_SIGNING: (datetime.time(8, 30), datetime.time(10, 30)),
    Kind.MID_YEAR_REVIEW: (datetime.time(14, 0), datetime.time(16, 30)),
    Kind.YEAR_END_REVIEW: (datetime.time(8, 0), datetime.time(11, 30)),
    Kind.OTHER: (datetime.time(8, 0), datetime.time(10, 45)),
}
HALF = Decimal("0.5")


@dataclass
class Plan:
    """A meeting of the calendar in ``demo_data``."""

    kind: str
    year: int
    held_on: datetime.date
    title: str
    pledge_year: int | None = None
    extra: dict = field(default_factory=dict)
    number: int = 0


def _stands_in(code: str, year: int, salt: int) -> bool:
    """Whether the deputy rather than the head represents the agency; deterministic (no ``hash()``)."""
    return (sum(map(ord, code)) + year + salt) % 5 == 0


class DemoLoader:
    """Builds the demo province; ``created`` counts what this run added."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.people = {code: {"head": h, "deputy": d, "officer": o} for code, _n, _s, h, d, o in data.AGENCIES}
        self.agencies: dict[str, Agency] = {}
        self.awards: dict[str, AwardType] = {}

    # People -----------------------------------------------------------------------------------------

    def person(self, agency: Agency, role: str) -> tuple[str, str]:
        return self.people.get(agency.code, {}).get(role, ("", ""))

    def representative(self, agency: Agency, year: int, salt: int) -> tuple[str, str]:
        return self.person(agency, "deputy" if _stands_in(agency.code, year, salt) else "head")

    # The load ---------------------------------------------------------------------------------------

    def deadline(self, organizer: Organizer) -> None:
        """The date this year's dossiers are due at the board (kept if the board has set one)."""
        if not Deadline.objects.filter(organizer=organizer, year=data.CURRENT_YEAR).exists():
            deadline_set(organizer=organizer, year=data.CURRENT_YEAR, due_on=data.DOSSIER_DEADLINE)
            self.created["deadline"] += 1

    def load(self) -> Organizer:
        organizer = self.organizer()
        self.agencies_of(organizer)
        blocs = [(self.bloc(organizer, spec), spec) for spec in data.BLOCS]
        self.successions()
        for bloc, spec in blocs:
            for year in (*data.HISTORY_YEARS, data.CURRENT_YEAR):
                self.pledge(bloc, spec, year)
            for plan in self.calendar(spec):
                self.meeting(bloc, spec, plan)
            self.leadership(bloc, spec)
        self.decision(organizer)
        self.deadline(organizer)
        self.logins(organizer)
        return organizer

    def organizer(self) -> Organizer:
        organizer = Organizer.objects.filter(code=data.ORGANIZER["code"]).first()
        if organizer is None:
            organizer = organizer_create(**data.ORGANIZER)
            self.created["organizer"] += 1
        else:
            award_types_ensure_defaults(organizer=organizer)
        self.awards = {a.code: a for a in AwardType.objects.filter(organizer=organizer)}
        return organizer

    def agencies_of(self, organizer: Organizer) -> None:
        self.agencies = {a.code: a for a in Agency.objects.filter(organizer=organizer)}
        for code, name, short_name, *_people in data.AGENCIES:
            if code not in self.agencies:
                self.agencies[code] = agency_create(organizer=organizer, code=code, name=name, short_name=short_name)
                self.created["agency"] += 1

    def bloc(self, organizer: Organizer, spec: dict) -> Bloc:
        bloc = Bloc.objects.filter(organizer=organizer, code=spec["code"]).first()
        if bloc is None:
            bloc = bloc_create(organizer=organizer, code=spec["code"], name=spec["name"], short_name=spec["short_name"])
            self.created["bloc"] += 1
        for code, from_year, to_year in spec["members"]:
            agency = self.agencies[code]
            if not Membership.objects.filter(bloc=bloc, agency=agency).exists():
                membership_add(bloc=bloc, agency=agency, from_year=from_year, to_year=to_year)
                self.created["membership"] += 1
        return bloc

    def successions(self) -> None:
        for code, successor, last_day in data.SUCCESSIONS:
            agency = self.agencies[code]
            agency.refresh_from_db(fields=["successor", "until"])
            if agency.successor_id is None:
                self.agencies[code] = agency_succeed(
                    agency=agency, successor=self.agencies[successor], last_day=last_day
                )
                self.created["succession"] += 1

    def members(self, bloc: Bloc, year: int) -> list[Agency]:
        rows = Membership.objects.in_year(year).filter(bloc=bloc).select_related("agency")
        return [m.agency for m in rows.order_by("agency__sort_key", "agency__code")]

    def ranked(self, bloc: Bloc, spec: dict, year: int) -> list[Agency]:
        """The year's members, best first: the order in ``demo_data``, then any other member."""
        members = {a.code: a for a in self.members(bloc, year)}
        order = [code for code in spec["ranking"][year] if code in members]
        return [members[c] for c in order] + [a for c, a in members.items() if c not in order]

    # Pledges and scores -----------------------------------------------------------------------------

    @staticmethod
    def pledge_day(spec: dict, year: int) -> datetime.date:
        if year in spec["pledge_signing"]:
            return spec["pledge_signing"][year]
        return spec["year_end"][year - 1]

    def pledge(self, bloc: Bloc, spec: dict, year: int) -> None:
        if Pledge.objects.filter(bloc=bloc, year=year).exists():
            return
        signed_on = self.pledge_day(spec, year)
        criteria = [
            {"code": str(i), "title": title, "max_points": points}
            for i, (title, points) in enumerate(spec["criteria"][year], start=1)
        ]
        pledge = pledge_create(bloc=bloc, year=year, criteria=criteria, signed_on=signed_on)
        self.created["pledge"] += 1
        for agency in self.members(bloc, year):
            signer, title = self.representative(agency, year, salt=1)
            signature_record(pledge=pledge, agency=agency, signer=signer, title=title, signed_on=signed_on)
        if year in spec["ranking"]:
            sheet = self.score_sheet(list(pledge.criteria.all()), self.ranked(bloc, spec, year), year)
            scores_record(pledge=pledge, points=sheet)

    @staticmethod
    def score_sheet(criteria: list[Criterion], ranked: list[Agency], year: int) -> dict[tuple[int, int], Decimal]:
        """Points that follow the ranking: each place down loses 1.5 points more, spread over the criteria
        half a point at a time, never more than 40% of a criterion."""
        sheet: dict[tuple[int, int], Decimal] = {}
        for rank, agency in enumerate(ranked):
            halves = dict.fromkeys((c.pk for c in criteria), 0)
            remaining, index = 3 + 3 * rank + year % 2, rank
            while remaining:
                criterion = criteria[index % len(criteria)]
                if (halves[criterion.pk] + 1) * HALF <= criterion.max_points * Decimal("0.4"):
                    halves[criterion.pk] += 1
                    remaining -= 1
                index += 1
            for criterion in criteria:
                sheet[(agency.pk, criterion.pk)] = criterion.max_points - halves[criterion.pk] * HALF
        return sheet

    # Meetings ---------------------------------------------------------------------------------------

    @staticmethod
    def calendar(spec: dict) -> list[Plan]:
        """The bloc's meetings in date order, numbered (01/BB-…) within each calendar year."""
        plans = [
            Plan(Kind.PLEDGE_SIGNING, year, day, f"Hội nghị ký kết giao ước thi đua năm {year}", pledge_year=year)
            for year, day in spec["pledge_signing"].items()
        ]
        plans += [
            Plan(
                Kind.MID_YEAR_REVIEW, year, day, f"Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year}"
            )
            for year, day in spec["mid_year"].items()
        ]
        for year, day in spec["year_end"].items():
            title = f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}"
            pledge_year = year + 1 if spec["pledge_at_year_end"] else None
            if pledge_year:
                title += f" và ký kết giao ước thi đua năm {pledge_year}"
            plans.append(Plan(Kind.YEAR_END_REVIEW, year, day, title, pledge_year=pledge_year))
        plans += [Plan(Kind.OTHER, o["year"], o["held_on"], o["title"], extra=o) for o in spec["other"]]
        plans.sort(key=lambda p: p.held_on)
        numbers: Counter[int] = Counter()
        for plan in plans:
            if (plan.kind, plan.year) not in spec["draft"]:
                numbers[plan.held_on.year] += 1
                plan.number = numbers[plan.held_on.year]
        return plans

    def meeting(self, bloc: Bloc, spec: dict, plan: Plan) -> None:
        if Meeting.objects.filter(bloc=bloc, kind=plan.kind, held_on=plan.held_on).exists():
            return
        chair, vice_chair = (self.agencies[c] for c in spec["leadership"][plan.year])
        host = self.agencies[plan.extra.get("host", chair.code)]
        start, end = HOURS[plan.kind]
        meeting = meeting_create(
            bloc=bloc, kind=plan.kind, year=plan.year, held_on=plan.held_on, start_time=start, title=plan.title,
            venue=f"Hội trường {host.name}", host=host, pledge_year=plan.pledge_year,
        )  # fmt: skip
        self.created["meeting"] += 1
        members = self.members(bloc, plan.year)
        absent_by_year = {Kind.YEAR_END_REVIEW: spec["absent"], Kind.MID_YEAR_REVIEW: spec["mid_year_absent"]}
        absent = set(absent_by_year.get(plan.kind, {}).get(plan.year, []))
        rows = []
        for agency in members:
            name, title = ("", "") if agency.code in absent else self.representative(agency, plan.year, salt=3)
            rows.append(
                {"agency": agency, "present": agency.code not in absent, "representative": name, "title": title}
            )
        attendance_record(meeting=meeting, rows=rows)
        present = [a for a in members if a.code not in absent]

        head_name, head_title = self.person(chair, "head")
        officer_name, officer_title = self.person(chair, "officer")
        guest_name, guest_title = data.BOARD_PEOPLE[
            ("head" if plan.year % 2 else "deputy") if plan.kind == Kind.YEAR_END_REVIEW else "staff"
        ]
        participants_set(
            meeting=meeting,
            presiding=[{"name": head_name, "title": f"{head_title}, Trưởng khối", "agency": chair}],
            secretary={"name": officer_name, "title": officer_title, "agency": chair},
            guests=[{"name": guest_name, "title": guest_title, "organization": bloc.organizer.board_name}],
        )

        draft = (plan.kind, plan.year) in spec["draft"]
        content = self.content(bloc, spec, plan, members, chair, vice_chair)
        if draft:  # the secretary has entered the report so far, nothing else
            meeting_update(meeting=meeting, report=content["report"])
            return
        meeting_update(meeting=meeting, end_time=end, minutes_number=f"{plan.number:02d}/BB-{bloc.symbol}", **content)
        if plan.kind == Kind.YEAR_END_REVIEW:
            self.votes(meeting, spec, plan.year, present)
            ranking_record(
                meeting=meeting, ranks={a.pk: rank for rank, a in enumerate(self.ranked(bloc, spec, plan.year), 1)}
            )
            next_chair, next_vice_chair = spec["leadership"][plan.year + 1]
            leadership_elect(
                meeting=meeting, chair=self.agencies[next_chair], vice_chair=self.agencies[next_vice_chair]
            )
        meeting_finalize(meeting=meeting)

    def content(self, bloc: Bloc, spec: dict, plan: Plan, members: list[Agency], chair: Agency, vice: Agency) -> dict:
        """Report, shortcomings and directions of the meeting, in the words of the minutes."""
        year = plan.year
        if plan.kind == Kind.YEAR_END_REVIEW:
            first = self.ranked(bloc, spec, year)[0]
            total = Score.objects.filter(criterion__pledge__bloc=bloc, criterion__pledge__year=year, agency=first)
            points = sum((s.points for s in total), Decimal(0))
            report = (
                f"{data.YEAR_CONTEXT[year]} {spec['achievements'][year]} Qua chấm điểm theo thang điểm giao ước và "
                f"bình xét, {first.name} được suy tôn là đơn vị dẫn đầu Khối thi đua năm {year} với "
                f"{number_text(points)} điểm."
            )
            if plan.pledge_year:
                report += (
                    f" Tại hội nghị, lãnh đạo các cơ quan, đơn vị đã ký kết giao ước thi đua năm {plan.pledge_year}."
                )
            return {
                "report": report,
                "shortcomings": spec["shortcomings"][year],
                "directions": [data.NEXT_YEAR_DIRECTION[year], *spec["directions"]],
            }
        if plan.kind == Kind.MID_YEAR_REVIEW:
            return {
                "report": f"Trong 6 tháng đầu năm {year}, các cơ quan, đơn vị trong Khối đã triển khai thực hiện "
                f"giao ước thi đua đã ký kết, {spec['focus']}. {data.MID_YEAR_NOTE[year]}",
                "shortcomings": "Tiến độ thực hiện một số chỉ tiêu giao ước còn chậm; một vài đơn vị chưa gửi báo cáo "
                "sơ kết đúng thời hạn.",
                "directions": [
                    f"Tập trung hoàn thành các chỉ tiêu giao ước thi đua còn lại trong 6 tháng cuối năm {year}.",
                    spec["directions"][0],
                    f"Chuẩn bị báo cáo tổng kết, tự chấm điểm thi đua năm {year} theo thang điểm đã ký kết, gửi "
                    f"Trưởng khối trước ngày 05/12/{year}.",
                ],
            }
        if plan.kind == Kind.PLEDGE_SIGNING:
            count = len(spec["criteria"][year])
            return {
                "report": f"{data.YEAR_CONTEXT[year]} Hội nghị thống nhất nội dung giao ước thi đua năm {year} gồm "
                f"{count} tiêu chí với tổng thang điểm 100 điểm; lãnh đạo {len(members)} cơ quan, đơn vị thành viên "
                f"đã ký kết giao ước. Trưởng khối năm {year}: {chair.name}; Phó trưởng khối: {vice.name}.",
                "shortcomings": "",
                "directions": [
                    f"Các đơn vị phát động phong trào thi đua năm {year} tại cơ quan, đơn vị ngay sau hội nghị.",
                    f"Trưởng khối xây dựng kế hoạch hoạt động của Khối năm {year}, gửi các thành viên và "
                    f"{bloc.organizer.board_name}.",
                ],
            }
        return {"report": plan.extra["report"], "shortcomings": "", "directions": plan.extra["directions"]}

    def votes(self, meeting: Meeting, spec: dict, year: int, present: list[Agency]) -> None:
        """The year-end review's proposals: some voted as a tally, some agency by agency."""
        for award_code, nominee_code, votes in spec["proposals"].get(year, []):
            award, nominee = self.awards[award_code], self.agencies[nominee_code]
            if votes[0] == "tally":
                _style, votes_for, against, abstain = votes
                tally = Tally(len(present) if votes_for is None else votes_for, against, abstain)
                proposal_create(meeting=meeting, nominee=nominee, award_type=award, tally=tally)
            else:
                tally = Tally(*votes[1]) if votes[0] == "both" else None
                exceptions = votes[-1]
                ballots = {a.pk: exceptions.get(a.code, Ballot.Vote.FOR) for a in present}
                # As at the meeting: the proposal is tabled, then each agency's ballot is counted.
                proposal = proposal_create(meeting=meeting, nominee=nominee, award_type=award)
                proposal_record_votes(proposal=proposal, tally=tally, ballots=ballots)
            self.created["proposal"] += 1

    def leadership(self, bloc: Bloc, spec: dict) -> None:
        """Leadership not elected at a meeting of the demo (the first year's) is set directly."""
        for year, (chair, vice_chair) in spec["leadership"].items():
            if not Leadership.objects.filter(bloc=bloc, year=year).exists():
                leadership_set(bloc=bloc, year=year, chair=self.agencies[chair], vice_chair=self.agencies[vice_chair])
                self.created["leadership"] += 1

    # Decision and logins ----------------------------------------------------------------------------

    def decision(self, organizer: Organizer) -> None:
        spec = data.DECISION
        if Decision.objects.filter(organizer=organizer, number=spec["number"]).exists():
            return
        proposals = (
            awaiting_decision()
            .filter(bloc__organizer=organizer, year=spec["year"], award_type__code__in=spec["awards"])
            .order_by("bloc__sort_key", "position")
        )
        decision_create(
            organizer=organizer, number=spec["number"], signed_on=spec["signed_on"], issued_by=spec["issued_by"],
            proposals=list(proposals),
        )  # fmt: skip
        self.created["decision"] += 1

    def board_group(self) -> Group:
        group, created = Group.objects.get_or_create(name=data.BOARD_GROUP)
        if created:
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=BOARD_APPS))
            self.created["group"] += 1
        return group

    def logins(self, organizer: Organizer) -> None:
        group = self.board_group()
        for username, agency_code, role in data.LOGINS:
            if User.objects.filter(username=username).exists():
                continue
            agency = self.agencies[agency_code] if agency_code else None
            name = self.person(agency, "officer")[0] if agency else data.BOARD_PEOPLE["staff"][0]
            user = user_create(
                username=username, password=data.PASSWORD, organizer=organizer, agency=agency, role=role,
                first_name=name,
            )  # fmt: skip
            if user.role == User.Role.BOARD_STAFF:
                user.is_staff = True  # the Django admin, within the group's permissions
                user.save(update_fields=["is_staff"])
                user.groups.add(group)
            self.created["user"] += 1


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa: tỉnh Quảng Ngãi với 3 khối thi đua, các năm 2023–2026. Chạy lại không tạo trùng."

    def handle(self, *args, **options) -> None:
        loader = DemoLoader()
        try:
            with transaction.atomic(), silenced():  # the demo's history is not news to its users
                organizer = loader.load()
        except ValidationError as error:
            # Data entered by hand for QNG may contradict the demo (e.g. another chair for a year it elects).
            problems = "; ".join(message.rstrip(".") for message in error_messages(error))
            raise CommandError(
                f"Không nạp được dữ liệu minh họa vì dữ liệu sẵn có của tỉnh mâu thuẫn: {problems}. "
                "Cơ sở dữ liệu không thay đổi."
            ) from error
        added = sum(loader.created.values())
        if added:
            self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu minh họa ({added} bản ghi chính được tạo mới)."))
        else:
            self.stdout.write(self.style.SUCCESS("Dữ liệu minh họa đã có đầy đủ; không thay đổi gì."))
        self.summary(organizer)

    def summary(self, organizer: Organizer) -> None:
        agencies = Agency.objects.filter(organizer=organizer)
        meetings = Meeting.objects.filter(bloc__organizer=organizer)
        kinds = Counter(meetings.values_list("kind", flat=True))
        proposals = Proposal.objects.filter(bloc__organizer=organizer)
        outcomes = Counter(proposals.values_list("outcome", flat=True))
        write = self.stdout.write
        write(f"Tỉnh: {organizer.name} (mã {organizer.code})")
        write(
            f"  Cơ quan, đơn vị: {agencies.count()} (đã sáp nhập, hợp nhất: "
            f"{agencies.filter(successor__isnull=False).count()})"
        )
        write(
            f"  Khối thi đua: {Bloc.objects.filter(organizer=organizer).count()}; lượt thành viên: "
            f"{Membership.objects.filter(bloc__organizer=organizer).count()}; trưởng, phó khối: "
            f"{Leadership.objects.filter(bloc__organizer=organizer).count()} khối-năm"
        )
        write(
            f"  Giao ước thi đua: {Pledge.objects.filter(bloc__organizer=organizer).count()}; tiêu chí: "
            f"{Criterion.objects.filter(pledge__bloc__organizer=organizer).count()}; chữ ký: "
            f"{Signature.objects.filter(pledge__bloc__organizer=organizer).count()}; điểm chấm: "
            f"{Score.objects.filter(criterion__pledge__bloc__organizer=organizer).count()}"
        )
        write(
            f"  Hội nghị: {meetings.count()} (tổng kết {kinds[Kind.YEAR_END_REVIEW]}, sơ kết "
            f"{kinds[Kind.MID_YEAR_REVIEW]}, ký kết giao ước {kinds[Kind.PLEDGE_SIGNING]}, khác {kinds[Kind.OTHER]}; "
            f"đang nhập {meetings.filter(status=Meeting.Status.DRAFT).count()})"
        )
        write(
            f"  Đề nghị khen thưởng: {proposals.count()} (đạt {outcomes[Proposal.Outcome.PASSED]}, không đạt "
            f"{outcomes[Proposal.Outcome.FAILED]}); phiếu biểu quyết: "
            f"{Ballot.objects.filter(proposal__bloc__organizer=organizer).count()}"
        )
        write(f"  Quyết định khen thưởng: {Decision.objects.filter(organizer=organizer).count()}")
        write(f"Tài khoản đăng nhập (mật khẩu {data.PASSWORD}):")
        users = User.objects.filter(username__in=[u for u, *_ in data.LOGINS]).select_related("agency")
        for user in sorted(users, key=lambda u: [u for u, *_ in data.LOGINS].index(u.username)):
            write(f"  {user.username:<8} {self.login_role(user, organizer)}")

    @staticmethod
    def login_role(user: User, organizer: Organizer) -> str:
        if user.is_board_staff:
            return f"cán bộ {organizer.board_name}: xem mọi khối, vào trang quản trị /admin/"
        chaired = Bloc.objects.filter(leaderships__year=data.CURRENT_YEAR, leaderships__chair_id=user.agency_id)
        if chaired:
            names = ", ".join(b.name for b in chaired)
            return f"thư ký {names} năm {data.CURRENT_YEAR} ({user.agency.name} là Trưởng khối)"
        return f"người dùng của {user.agency.name}" if user.agency_id else user.get_role_display()
