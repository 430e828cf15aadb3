"""A small province for the bloc, agency and dashboard page tests, with everyone those pages are tried as.

- Province P: bloc A ("Khối thi đua Tổng hợp", 6 members a0…a5 from 2017), bloc B ("Khối thi đua Bí mật",
  3 members whose names contain "Bí mật"), and an agency in no bloc.
- Province Q: a bloc and agencies whose names contain "Tỉnh Khác".
- Leadership of A: 2025 a2/a0, 2026 a0/a1 (so a0's users are A's secretaries in 2026).
- A's 2025 year-end review (finalized, with minutes v1): a3 proposed CO_TINH (passed, awarded by decision
  "12/QĐ-UBND") and BK_TINH (passed, awaiting decision); a4 proposed TTLDXS (failed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.test import Client

from awards.tests.factories import award
from blocs.models import Bloc, Leadership, Membership
from blocs.tests.factories import BlocFactory
from decisions.models import Decision, DecisionAward
from meetings.models import Meeting, Proposal
from members.models import Agency, Organizer, User
from members.tests.factories import PASSWORD, AgencyFactory, OrganizerFactory, UserFactory
from records.models import MinutesVersion

YEAR = 2026


@dataclass
class World:
    province: Organizer
    bloc: Bloc
    members: list[Agency]
    other_bloc: Bloc
    other_members: list[Agency]
    lone_agency: Agency
    foreign_bloc: Bloc
    foreign_agency: Agency
    meeting: Meeting
    users: dict[str, User] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            assert client.login(username=self.users[role].username, password=PASSWORD)
        return client


ROLES = ["anonymous", "other_province_staff", "non_member", "member", "secretary", "board"]

# What must never show on province P's pages of bloc A.
FOREIGN_WORDS = ["Tỉnh Khác"]
OTHER_BLOC_WORDS = ["Bí mật"]


def make_bloc(organizer: Organizer, name: str, member_names: list[str], *, from_year: int = 2017, **fields):
    bloc = BlocFactory(organizer=organizer, name=name, **fields)
    agencies = [AgencyFactory(organizer=organizer, name=n) for n in member_names]
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=from_year) for a in agencies)
    return bloc, agencies


def year_end(bloc: Bloc, year: int, *, finalized: bool = True, minutes: bool = True) -> Meeting:
    meeting = Meeting.objects.create(
        bloc=bloc,
        kind=Meeting.Kind.YEAR_END_REVIEW,
        year=year,
        held_on=datetime.date(year, 12, 20),
        title=f"Hội nghị tổng kết năm {year} của {bloc.name}",
        status=Meeting.Status.FINALIZED if finalized else Meeting.Status.DRAFT,
    )
    if minutes:
        MinutesVersion.objects.create(meeting=meeting, number=1, snapshot={}, content_hash="0" * 64)
    return meeting


def mid_year(bloc: Bloc, year: int) -> Meeting:
    return Meeting.objects.create(
        bloc=bloc, kind=Meeting.Kind.MID_YEAR_REVIEW, year=year, held_on=datetime.date(year, 7, 15)
    )


def propose(meeting: Meeting, nominee: Agency, code: str, outcome: str = Proposal.Outcome.PASSED) -> Proposal:
    return Proposal.objects.create(
        meeting=meeting, nominee=nominee, award_type=award(meeting.bloc.organizer, code), outcome=outcome
    )


def decide(organizer: Organizer, number: str, *proposals: Proposal) -> Decision:
    decision = Decision.objects.create(organizer=organizer, number=number, signed_on=datetime.date(2026, 3, 1))
    for proposal in proposals:
        DecisionAward.objects.create(decision=decision, proposal=proposal)
    return decision


def build_world() -> World:
    province = OrganizerFactory(name="Ủy ban nhân dân tỉnh Thử")
    bloc, members = make_bloc(
        province,
        "Khối thi đua Tổng hợp",
        ["Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Ban Dân tộc"],
    )
    other_bloc, other_members = make_bloc(
        province, "Khối thi đua Bí mật", ["Đơn vị Bí mật Một", "Đơn vị Bí mật Hai", "Đơn vị Bí mật Ba"]
    )
    lone_agency = AgencyFactory(organizer=province, name="Trung tâm Lẻ loi")
    foreign = OrganizerFactory(name="Ủy ban nhân dân Tỉnh Khác")
    foreign_bloc, foreign_members = make_bloc(
        foreign, "Khối Tỉnh Khác", ["Sở Tài chính Tỉnh Khác", "Sở Y tế Tỉnh Khác"]
    )
    Leadership.objects.create(bloc=bloc, year=2025, chair=members[2], vice_chair=members[0])
    Leadership.objects.create(bloc=bloc, year=YEAR, chair=members[0], vice_chair=members[1])
    Leadership.objects.create(bloc=other_bloc, year=YEAR, chair=other_members[0], vice_chair=other_members[1])
    meeting = year_end(bloc, 2025)
    flag = propose(meeting, members[3], "CO_TINH")
    propose(meeting, members[3], "BK_TINH")
    propose(meeting, members[4], "TTLDXS", Proposal.Outcome.FAILED)
    decide(province, "12/QĐ-UBND", flag)
    other_meeting = year_end(other_bloc, 2025)
    propose(other_meeting, other_members[0], "CO_TINH")
    world = World(
        province=province,
        bloc=bloc,
        members=members,
        other_bloc=other_bloc,
        other_members=other_members,
        lone_agency=lone_agency,
        foreign_bloc=foreign_bloc,
        foreign_agency=foreign_members[0],
        meeting=meeting,
    )
    world.users = {
        "other_province_staff": UserFactory(role=User.Role.BOARD_STAFF, organizer=foreign),
        "non_member": UserFactory(organizer=province, agency=other_members[0]),
        "member": UserFactory(organizer=province, agency=members[3], first_name="Thành", last_name="Viên"),
        "secretary": UserFactory(organizer=province, agency=members[0]),
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=province),
    }
    return world


def body(response) -> str:
    return response.content.decode()


def field_error(html: str, field_name: str) -> str:
    """The text of the ``invalid-feedback`` block crispy renders beside a field ("" if none)."""
    import re

    match = re.search(rf'id="id_{field_name}_error" class="invalid-feedback">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def assert_no_leak(html: str, *words: str) -> None:
    for word in words:
        assert word not in html, f"{word!r} leaked into the page"
