"""Excel exports: a year's proposals of every bloc (board staff), and one bloc's history (whoever sees the bloc)."""

import datetime
import io
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from awards.tests.factories import award
from blocs.models import Bloc, Leadership, SecretaryAssignment
from blocs.tests.factories import bloc_with_members
from decisions.models import Decision, DecisionAward
from imports.importer import import_document
from imports.tests.conftest import EXAMPLE
from meetings.models import Ballot, Proposal
from meetings.tests.factories import MeetingFactory
from members.models import Agency, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR_XLSX = reverse("awards:proposals_year_xlsx")
HEADER = [
    "STT",
    "Khối/Cụm",
    "Đơn vị được đề nghị",
    "Hình thức khen thưởng",
    "Hội nghị",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Kết quả",
    "Quyết định",
]
TMTH_NAME = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"


@pytest.fixture
def qng():
    """Quảng Ngãi with the example imported, plus three more proposals (by ballots, failed, not voted)
    and a decision awarding the Cờ thi đua của UBND tỉnh."""
    organizer = OrganizerFactory(code="QNG")
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    members = [m["agency"] for m in document["blocs"][0]["memberships"]]
    document["blocs"][0]["meetings"][0]["proposals"] += [
        {
            "agency": "CT",
            "award": "BK_TINH",
            "ballots": [{"agency": a, "vote": "abstain" if a == "CT" else "for"} for a in members],
        },
        {"agency": "CTK", "award": "BK_TINH", "votes": {"for": 3, "against": 8, "abstain": 0}},
        {"agency": "CHQ", "award": "BK_TINH"},
    ]
    document["decisions"] = [
        {
            "number": "123/QĐ-UBND",
            "signed_on": "2018-03-15",
            "issued_by": "Chủ tịch UBND tỉnh Quảng Ngãi",
            "awards": [{"bloc": "TMTH", "year": 2017, "agency": "VP-UBND", "award": "CO_TINH"}],
        }
    ]
    report = import_document(document)
    assert report.ok, report.problems
    organizer.refresh_from_db()
    return organizer


@pytest.fixture
def tmth(qng):
    return Bloc.objects.get(organizer=qng, code="TMTH")


def add_bloc(organizer, *, name: str | None = None, year: int = 2017, members: int = 4):
    """A bloc with a mid-year and a year-end meeting, four proposals (tally, ballots, awarded) and leadership."""
    extra = {"name": name} if name else {}
    bloc, agencies = bloc_with_members(members, organizer=organizer, year=year, **extra)
    Leadership.objects.create(bloc=bloc, year=year, chair=agencies[0], vice_chair=agencies[1])
    mid = MeetingFactory(bloc=bloc, kind="mid_year_review", year=year, held_on=datetime.date(year, 7, 10))
    end = MeetingFactory(bloc=bloc, year=year, held_on=datetime.date(year + 1, 1, 8))
    tally = {"votes_for": members, "votes_against": 0, "votes_abstain": 0, "outcome": "passed"}
    flag = Proposal.objects.create(meeting=end, nominee=agencies[0], award_type=award(organizer, "CO_TINH"), **tally)
    by_ballots = Proposal.objects.create(
        meeting=end, nominee=agencies[1], award_type=award(organizer, "BK_TINH"), outcome="passed", position=2
    )
    Ballot.objects.bulk_create(Ballot(proposal=by_ballots, agency=a, vote="for") for a in agencies)
    Proposal.objects.create(meeting=mid, nominee=agencies[2], award_type=award(organizer, "BK_TINH"), **tally)
    decision = Decision.objects.create(
        organizer=organizer, number=f"{bloc.code}/QĐ-UBND", signed_on=datetime.date(year + 1, 3, 1)
    )
    DecisionAward.objects.create(decision=decision, proposal=flag)
    return bloc, agencies


def staff_of(organizer) -> User:
    return UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)


def open_workbook(response):
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def data_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]


# -- the year's proposals ------------------------------------------------------------------------------------


def test_year_workbook_lists_every_proposal_with_votes_outcome_and_decision(client, qng):
    client.force_login(staff_of(qng))
    response = client.get(YEAR_XLSX, {"year": 2017})
    assert response["Content-Disposition"] == 'attachment; filename="de-nghi-khen-thuong-2017.xlsx"'
    sheet = open_workbook(response).active
    assert sheet.title == "Đề nghị khen thưởng 2017"
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2017"
    assert sheet["A1"].font.b
    assert [c.value for c in sheet[3]] == HEADER
    assert all(c.font.b for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["B"].width > 20 and sheet.column_dimensions["A"].width < 10
    assert sheet["E4"].number_format == "DD/MM/YYYY"
    held = datetime.datetime(2018, 1, 4)
    assert data_rows(sheet) == [
        [1, TMTH_NAME, "Văn phòng HĐND tỉnh", "Cờ thi đua của Chính phủ", held, 11, 0, 0, "Đạt", None],
        [2, TMTH_NAME, "Văn phòng UBND tỉnh", "Cờ thi đua của UBND tỉnh", held, 11, 0, 0, "Đạt",
         "123/QĐ-UBND ngày 15/03/2018"],
        [3, TMTH_NAME, "Sở Tài chính", "Bằng khen của Chủ tịch UBND tỉnh", held, 11, 0, 0, "Đạt", None],
        [4, TMTH_NAME, "Kho bạc Nhà nước tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", held, 11, 0, 0, "Đạt", None],
        [5, TMTH_NAME, "Cục Thuế tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", held, 10, 0, 1, "Đạt", None],
        [6, TMTH_NAME, "Cục Thống kê tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", held, 3, 8, 0, "Không đạt", None],
        [7, TMTH_NAME, "Cục Hải quan tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", held, None, None, None,
         "Chưa biểu quyết", None],
    ]  # fmt: skip


def test_year_workbook_sorts_by_bloc_then_meeting_date_and_leaves_out_other_years_and_provinces(client, qng):
    cluster, cluster_members = add_bloc(qng, name="Cụm thi đua số 1")  # "Cụm" sorts before "Khối"
    add_bloc(qng, name="Khối thi đua Văn hóa - Xã hội")  # after "Khối thi đua các cơ quan…"
    add_bloc(qng, name="Khối thi đua năm khác", year=2019)
    add_bloc(OrganizerFactory(), name="Khối thi đua tỉnh khác")
    client.force_login(staff_of(qng))
    rows = data_rows(open_workbook(client.get(YEAR_XLSX, {"year": 2017})).active)
    assert [r[1] for r in rows] == ["Cụm thi đua số 1"] * 3 + [TMTH_NAME] * 7 + ["Khối thi đua Văn hóa - Xã hội"] * 3
    assert [r[0] for r in rows] == list(range(1, 14))
    # the mid-year meeting comes before the year-end one; in a meeting, proposals keep their order
    assert [(r[2], r[4].date()) for r in rows[:3]] == [
        (cluster_members[2].name, datetime.date(2017, 7, 10)),
        (cluster_members[0].name, datetime.date(2018, 1, 8)),
        (cluster_members[1].name, datetime.date(2018, 1, 8)),
    ]
    assert rows[1][5:] == [4, 0, 0, "Đạt", f"{cluster.code}/QĐ-UBND ngày 01/03/2018"]
    assert rows[2][5:8] == [4, 0, 0]  # counted from the ballots


def test_year_workbook_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    organizer = OrganizerFactory()
    client.force_login(staff_of(organizer))
    add_bloc(organizer)
    with django_assert_num_queries(5) as one:
        rows = data_rows(open_workbook(client.get(YEAR_XLSX, {"year": 2017})).active)
    assert len(rows) == 3
    add_bloc(organizer)
    add_bloc(organizer)
    with django_assert_num_queries(len(one.captured_queries)):
        rows = data_rows(open_workbook(client.get(YEAR_XLSX, {"year": 2017})).active)
    assert len(rows) == 9


def test_year_workbook_of_a_year_without_proposals_has_the_title_and_header_only(client, qng):
    client.force_login(staff_of(qng))
    sheet = open_workbook(client.get(YEAR_XLSX, {"year": 2030})).active
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2030"
    assert [c.value for c in sheet[3]] == HEADER
    assert data_rows(sheet) == []


@pytest.mark.parametrize("query", [{}, {"year": "abc"}, {"year": "1800"}, {"year": "2017; drop"}])
def test_year_workbook_without_a_valid_year_sends_back_with_a_message(client, qng, query):
    client.force_login(staff_of(qng))
    response = client.get(YEAR_XLSX, query)
    assert response.status_code == 302 and response["Location"] == reverse("interchange:home")
    [message] = get_messages(response.wsgi_request)
    assert "năm thi đua hợp lệ" in str(message)


def test_board_staff_of_another_province_get_their_own_list_not_ours(client, qng):
    client.force_login(staff_of(OrganizerFactory()))
    assert data_rows(open_workbook(client.get(YEAR_XLSX, {"year": 2017})).active) == []


# -- a bloc's history ----------------------------------------------------------------------------------------


def test_bloc_workbook_has_leadership_members_and_awards(client, qng, tmth):
    client.force_login(staff_of(qng))
    response = client.get(reverse("awards:bloc_xlsx", args=[tmth.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="khoi-TMTH.xlsx"'
    workbook = open_workbook(response)
    assert workbook.sheetnames == ["Trưởng, phó khối", "Thành viên", "Khen thưởng"]
    leadership, members, awards = (workbook[name] for name in workbook.sheetnames)
    for sheet in (leadership, members, awards):
        assert sheet["A1"].value == TMTH_NAME.upper()
        assert sheet.freeze_panes == "A4" and all(c.font.b for c in sheet[3])
    assert [c.value for c in leadership[3]] == ["Năm", "Trưởng khối", "Phó trưởng khối"]
    assert data_rows(leadership) == [[2018, "Ban Dân tộc tỉnh", "Kho bạc Nhà nước tỉnh"]]
    assert [c.value for c in members[3]] == ["Cơ quan, đơn vị", "Từ năm", "Đến năm"]
    member_rows = data_rows(members)
    assert len(member_rows) == 11
    assert ["Sở Kế hoạch và Đầu tư", 2017, 2024] in member_rows  # merged into Sở Tài chính in 2025
    assert ["Sở Tài chính", 2017, "nay"] in member_rows
    assert [r[0] for r in member_rows][:3] == ["Ban Dân tộc tỉnh", "Cục Hải quan tỉnh", "Cục Thống kê tỉnh"]
    assert [c.value for c in awards[3]] == ["Năm", "Đơn vị", "Hình thức khen thưởng", "Kết quả", "Quyết định"]
    award_rows = data_rows(awards)
    assert len(award_rows) == 7
    assert award_rows[1] == [
        2017, "Văn phòng UBND tỉnh", "Cờ thi đua của UBND tỉnh", "Đạt", "123/QĐ-UBND ngày 15/03/2018"
    ]  # fmt: skip
    assert award_rows[6] == [2017, "Cục Hải quan tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", "Chưa biểu quyết", None]


def test_bloc_workbook_keeps_the_names_of_the_time(client, qng, tmth):
    """Sở Kế hoạch và Đầu tư (merged into Sở Tài chính in 2025, as the example records) chaired the bloc in 2017."""
    skhdt, stc = Agency.objects.get(organizer=qng, code="SKHDT"), Agency.objects.get(organizer=qng, code="STC")
    assert skhdt.successor == stc
    Leadership.objects.create(bloc=tmth, year=2017, chair=skhdt, vice_chair=stc)
    client.force_login(staff_of(qng))
    workbook = open_workbook(client.get(reverse("awards:bloc_xlsx", args=[tmth.pk])))
    assert data_rows(workbook["Trưởng, phó khối"])[0] == [2017, "Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    assert ["Sở Kế hoạch và Đầu tư", 2017, 2024] in data_rows(workbook["Thành viên"])


def test_bloc_workbook_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    organizer = OrganizerFactory()
    bloc, agencies = add_bloc(organizer)
    client.force_login(staff_of(organizer))
    url = reverse("awards:bloc_xlsx", args=[bloc.pk])
    with django_assert_num_queries(6) as one:
        workbook = open_workbook(client.get(url))
    assert len(data_rows(workbook["Khen thưởng"])) == 3
    for year in (2018, 2019):
        newcomer = AgencyFactory(organizer=organizer)
        bloc.memberships.create(agency=newcomer, from_year=year)
        Leadership.objects.create(bloc=bloc, year=year, chair=agencies[year - 2017], vice_chair=newcomer)
        meeting = MeetingFactory(bloc=bloc, year=year, held_on=datetime.date(year + 1, 1, 8))
        for position, agency in enumerate(agencies[:3], start=1):
            flag = Proposal.objects.create(
                meeting=meeting, nominee=agency, award_type=award(organizer, "BK_TINH"), position=position
            )
        DecisionAward.objects.create(
            decision=Decision.objects.create(organizer=organizer, number=f"{year}/QĐ", signed_on=meeting.held_on),
            proposal=flag,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        workbook = open_workbook(client.get(url))
    assert len(data_rows(workbook["Khen thưởng"])) == 9
    assert len(data_rows(workbook["Trưởng, phó khối"])) == 3
    assert len(data_rows(workbook["Thành viên"])) == 6


# -- who may download ----------------------------------------------------------------------------------------


@pytest.fixture
def people(qng, tmth):
    member = UserFactory(organizer=qng, agency=Agency.objects.get(organizer=qng, code="STC"))
    secretary = UserFactory(organizer=qng)
    SecretaryAssignment.objects.create(bloc=tmth, year=2018, user=secretary)
    outsider = UserFactory(organizer=qng, agency=AgencyFactory(organizer=qng))
    foreign_staff = staff_of(OrganizerFactory())
    return {"member": member, "secretary": secretary, "outsider": outsider, "foreign_staff": foreign_staff}


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_members_and_secretaries_of_the_bloc_download_its_workbook(client, people, tmth, who):
    client.force_login(people[who])
    workbook = open_workbook(client.get(reverse("awards:bloc_xlsx", args=[tmth.pk])))
    assert len(data_rows(workbook["Thành viên"])) == 11


@pytest.mark.parametrize("who", ["outsider", "foreign_staff"])
def test_who_cannot_see_the_bloc_gets_404_for_its_workbook(client, people, tmth, who):
    client.force_login(people[who])
    assert client.get(reverse("awards:bloc_xlsx", args=[tmth.pk])).status_code == 404


@pytest.mark.parametrize("who", ["member", "secretary", "outsider"])
def test_the_year_list_is_for_board_staff_only(client, people, who):
    client.force_login(people[who])
    assert client.get(YEAR_XLSX, {"year": 2017}).status_code == 404


def test_anonymous_is_sent_to_login(client, tmth):
    login = reverse("login")
    for url in (f"{YEAR_XLSX}?year=2017", reverse("awards:bloc_xlsx", args=[tmth.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login)
