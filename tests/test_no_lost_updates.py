"""No lost updates: two people edit the same meeting, pledge or score sheet; the second save is refused with
what changed meanwhile, the first one's data stays, and what the second typed is kept for a deliberate save.

Each person is a Django test client of their own that opens the page and sends back the form as a browser
would: every field the page rendered, hidden version included (``browser_form``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from awards.tests.factories import award
from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking
from meetings.services import attendance_record, meeting_create
from meetings.voting import proposal_create
from members.models import Agency
from members.tests.factories import PASSWORD
from pledges.models import Pledge, Score, Signature
from pledges.services import pledge_create, pledge_criteria_set, scores_record, signature_record, signatures_record

pytestmark = pytest.mark.django_db

YEAR = 2025
CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chính trị, chuyên môn", "max_points": 40},
    {"code": "2", "title": "Cải cách hành chính, chuyển đổi số", "max_points": "35.5"},
    {"code": "3", "title": "Tổ chức phong trào thi đua", "max_points": "24.5"},
]


class _Forms(HTMLParser):
    """The POST forms of a page with the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self.form: dict[str, str] | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = {} if a.get("method", "").lower() == "post" else None
        elif self.form is None or (tag != "option" and "name" not in a):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.form[a["name"]] = a.get("value", "on" if kind in ("checkbox", "radio") else "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.form[self.textarea] = ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data):
        if self.textarea:
            self.form[self.textarea] += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline right after <textarea>, which Django renders.
            value = self.form[self.textarea]
            self.form[self.textarea] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
            if self.option["selected"] or self.select not in self.form:
                self.form[self.select] = value
            self.option = None
        elif tag == "select":
            self.select = None


def browser_form(html: str, field: str = "version") -> dict[str, str]:
    """What a browser would send back from the page's form that holds ``field``."""
    parser = _Forms()
    parser.feed(html)
    [form] = [f for f in parser.forms if field in f]
    return form


def person(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def opened(client: Client, url: str) -> dict[str, str]:
    return opened_form(client, url, "version")


def opened_form(client: Client, url: str, field: str) -> dict[str, str]:
    """The page's form that holds ``field``, as a browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200
    return browser_form(response.content.decode(), field)


def conflict_box(html: str) -> str:
    return " ".join(html[html.index('id="conflict"') :].split("</div>")[0].split())


# --- The meeting: two editors of the general information ----------------------------------------------


@pytest.fixture
def meeting_world(organizer):
    bloc, agencies = bloc_with_members(5, organizer=organizer, name="Khối thi đua Tham mưu - Tổng hợp")
    people = bloc_people(bloc, agencies, years=(2017,))
    meeting = meeting_create(
        bloc=bloc,
        kind=Meeting.Kind.YEAR_END_REVIEW,
        year=2017,
        held_on=datetime.date(2018, 1, 4),
        title="Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017",
        venue="Hội trường A",
    )
    return meeting, people


def test_two_people_editing_a_meeting_the_second_is_refused_and_nothing_is_lost(meeting_world):
    meeting, people = meeting_world
    url = reverse("meetings:update", args=[meeting.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    first["venue"] = "Hội trường Văn phòng HĐND tỉnh"
    assert secretary.post(url, first).status_code == 302

    second["title"] = "Hội nghị tổng kết thi đua năm 2017 (sửa)"
    response = board.post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hội nghị đã được người khác sửa trong lúc bạn đang nhập" in html
    assert "Địa điểm: Hội trường A → Hội trường Văn phòng HĐND tỉnh" in conflict_box(html)
    # The first save stands, the second wrote nothing, and what the second person typed is still there.
    meeting.refresh_from_db()
    assert meeting.venue == "Hội trường Văn phòng HĐND tỉnh"
    assert meeting.title == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017"
    assert meeting.version == 2
    assert browser_form(html)["title"] == "Hội nghị tổng kết thi đua năm 2017 (sửa)"


def test_saving_the_refused_meeting_page_again_keeps_the_first_persons_change(meeting_world):
    meeting, people = meeting_world
    url = reverse("meetings:update", args=[meeting.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)
    first["venue"] = "Hội trường Văn phòng HĐND tỉnh"
    secretary.post(url, first)
    second["title"] = "Hội nghị tổng kết thi đua năm 2017 (sửa)"
    again = browser_form(board.post(url, second).content.decode())

    assert board.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Hội nghị tổng kết thi đua năm 2017 (sửa)"
    assert meeting.venue == "Hội trường Văn phòng HĐND tỉnh"


# --- The pledge: services ----------------------------------------------------------------------------------


@pytest.fixture
def setting(organizer):
    """A 5-member bloc chaired by its first agency in 2025, with the 2025 pledge: (agencies, pledge, people)."""
    bloc, agencies = bloc_with_members(5, organizer=organizer, name="Khối thi đua Tham mưu - Tổng hợp")
    pledge = pledge_create(bloc=bloc, year=YEAR, criteria=CRITERIA, signed_on=datetime.date(2025, 1, 10))
    return agencies, pledge, bloc_people(bloc, agencies, years=(YEAR,))


def test_every_pledge_write_moves_the_version_on(setting):
    agencies, pledge, _ = setting
    assert pledge.version == 1
    criteria = pledge_criteria_set(pledge=pledge, criteria=CRITERIA[:2], expected_version=1)
    assert pledge.version == 2
    signatures_record(pledge=pledge, signed_on=None, rows={agencies[0].pk: {"signer": "Ông A"}}, expected_version=2)
    assert pledge.version == 3
    signature_record(pledge=pledge, agency=agencies[1], signer="Bà B")
    assert pledge.version == 4
    scores_record(pledge=pledge, points={(agencies[0].pk, criteria[0].pk): 30}, expected_version=4)
    assert pledge.version == 5 == Pledge.objects.get(pk=pledge.pk).version
    scores_record(pledge=pledge, points={}, expected_version=5)  # an unchanged sheet writes nothing
    assert Pledge.objects.get(pk=pledge.pk).version == 5


@pytest.mark.parametrize("sheet", ["criteria", "signatures", "scores"])
def test_a_pledge_service_given_an_old_version_refuses_and_writes_nothing(setting, sheet):
    agencies, pledge, _ = setting
    first = pledge.criteria.first()
    signature_record(pledge=pledge, agency=agencies[0], signer="Ông A")  # version 2
    writes = {
        "criteria": lambda: pledge_criteria_set(pledge=pledge, criteria=CRITERIA[:1], expected_version=1),
        "signatures": lambda: signatures_record(
            pledge=pledge, signed_on=None, rows={agencies[0].pk: {"signer": "Bà B"}}, expected_version=1
        ),
        "scores": lambda: scores_record(pledge=pledge, points={(agencies[1].pk, first.pk): 30}, expected_version=1),
    }
    with pytest.raises(ValidationError) as refused:
        writes[sheet]()
    assert refused.value.code == "stale"
    assert "đã được người khác lưu trong lúc bạn đang nhập" in refused.value.messages[0]
    stored = Pledge.objects.get(pk=pledge.pk)
    assert stored.version == 2 and stored.signed_on == datetime.date(2025, 1, 10)
    assert stored.criteria.count() == 3
    assert list(Signature.objects.values_list("signer", flat=True)) == ["Ông A"]
    assert not Score.objects.exists()


# --- The pledge: two people on the same page ------------------------------------------------------------


def test_two_people_scoring_the_sheet_the_second_is_refused_with_the_changed_cells(setting):
    agencies, pledge, people = setting
    c1, c2, _c3 = pledge.criteria.all()
    scores_record(pledge=pledge, points={(agencies[0].pk, c1.pk): 30, (agencies[1].pk, c2.pk): "8.5"})
    url = reverse("pledges:scores", args=[pledge.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    first[f"{agencies[1].pk}-{c2.pk}"] = "9"
    assert secretary.post(url, first).status_code == 302

    second[f"{agencies[0].pk}-{c1.pk}"] = "35"
    second[f"{agencies[2].pk}-{c1.pk}"] = "20,5"
    response = board.post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    box = conflict_box(html)
    assert "Giao ước đã được người khác lưu trong lúc bạn đang nhập" in box
    assert f"{agencies[1].name} — tiêu chí 2: 8,5 → 9" in box
    assert agencies[0].name not in box  # the cells only this person changed are not "changed meanwhile"
    stored = {(s.agency_id, s.criterion_id): s.points for s in Score.objects.all()}
    assert stored == {(agencies[0].pk, c1.pk): Decimal(30), (agencies[1].pk, c2.pk): Decimal(9)}

    # The page keeps what this person typed and shows the other's new value in the cell they did not touch:
    # saving it again as it stands loses nobody's work.
    again = browser_form(html)
    assert again[f"{agencies[0].pk}-{c1.pk}"] == "35" and again[f"{agencies[2].pk}-{c1.pk}"] == "20,5"
    assert again[f"{agencies[1].pk}-{c2.pk}"] == "9"
    assert board.post(url, again).status_code == 302
    stored = {(s.agency_id, s.criterion_id): s.points for s in Score.objects.all()}
    assert stored == {
        (agencies[0].pk, c1.pk): Decimal(35),
        (agencies[1].pk, c2.pk): Decimal(9),
        (agencies[2].pk, c1.pk): Decimal("20.5"),
    }


def test_a_cell_both_people_changed_is_marked_and_keeps_the_second_persons_value(setting):
    agencies, pledge, people = setting
    c1 = pledge.criteria.first()
    url = reverse("pledges:scores", args=[pledge.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)
    cell = f"{agencies[3].pk}-{c1.pk}"
    first[cell], second[cell] = "38", "36,5"
    secretary.post(url, first)
    html = board.post(url, second).content.decode()
    assert f"{agencies[3].name} — tiêu chí 1: (trống) → 38" in conflict_box(html)
    assert "Người khác vừa lưu ô này: 38" in error_text(html, f"id_{cell}_error")
    assert browser_form(html)[cell] == "36,5"
    assert Score.objects.get().points == Decimal(38)


def test_criteria_replaced_while_the_grid_was_open_refuse_the_scores_and_keep_them_by_code(setting):
    agencies, pledge, people = setting
    url = reverse("pledges:scores", args=[pledge.pk])
    board = person(people.board)
    grid = opened(board, url)
    old = {c.code: c.pk for c in pledge.criteria.all()}
    pledge_criteria_set(pledge=Pledge.objects.get(pk=pledge.pk), criteria=[CRITERIA[1], CRITERIA[0]])
    grid[f"{agencies[0].pk}-{old['1']}"] = "39"
    html = board.post(url, grid).content.decode()
    assert "Các tiêu chí của giao ước đã được sửa." in conflict_box(html)
    assert not Score.objects.exists()
    again = browser_form(html)
    new = {c.code: c.pk for c in pledge.criteria.all()}
    assert again[f"{agencies[0].pk}-{new['1']}"] == "39"
    assert board.post(url, again).status_code == 302
    assert Score.objects.get(agency=agencies[0], criterion_id=new["1"]).points == Decimal(39)


def test_two_people_recording_signatures_the_second_is_refused_and_nothing_is_lost(setting):
    agencies, pledge, people = setting
    signature_record(pledge=pledge, agency=agencies[0], signer="Nguyễn Văn An", title="Giám đốc")
    url = reverse("pledges:signatures", args=[pledge.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    first[f"{agencies[0].pk}-signer"] = "Trần Thị Bình"
    first["signed_on"] = "12/01/2025"
    assert secretary.post(url, first).status_code == 302

    second[f"{agencies[1].pk}-signer"] = "Lê Văn Cường"
    second[f"{agencies[1].pk}-title"] = "Phó Giám đốc"
    response = board.post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    box = conflict_box(html)
    assert f"{agencies[0].name} — người ký: Nguyễn Văn An → Trần Thị Bình" in box
    assert "Ngày ký giao ước: 10/01/2025 → 12/01/2025" in box
    assert list(Signature.objects.values_list("agency_id", "signer")) == [(agencies[0].pk, "Trần Thị Bình")]

    again = browser_form(html)
    assert again[f"{agencies[1].pk}-signer"] == "Lê Văn Cường"
    assert again[f"{agencies[0].pk}-signer"] == "Trần Thị Bình" and again["signed_on"] == "12/01/2025"
    assert board.post(url, again).status_code == 302
    assert sorted(Signature.objects.values_list("signer", flat=True)) == ["Lê Văn Cường", "Trần Thị Bình"]
    assert Pledge.objects.get(pk=pledge.pk).signed_on == datetime.date(2025, 1, 12)


def test_two_people_editing_the_criteria_the_second_is_refused_with_what_changed(setting):
    _, pledge, people = setting
    url = reverse("pledges:criteria", args=[pledge.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    first["criteria-1-max_points"] = "30"
    assert secretary.post(url, first).status_code == 302

    second["criteria-2-DELETE"] = "on"
    second["criteria-3-code"], second["criteria-3-title"], second["criteria-3-max_points"] = "4", "Đổi mới", "5"
    response = board.post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí 2 — điểm tối đa: 35,5 → 30" in conflict_box(html)
    assert [(c.code, c.max_points) for c in pledge.criteria.all()] == [
        ("1", Decimal(40)),
        ("2", Decimal(30)),
        ("3", Decimal("24.5")),
    ]
    again = browser_form(html)
    assert again["criteria-2-DELETE"] == "on" and again["criteria-3-title"] == "Đổi mới"
    # Saving the typed list again, after reading the change, is a deliberate replacement.
    assert board.post(url, again).status_code == 302
    assert [c.code for c in pledge.criteria.all()] == ["1", "2", "4"]


def test_a_page_whose_version_is_tampered_with_is_refused(setting):
    agencies, pledge, people = setting
    url = reverse("pledges:scores", args=[pledge.pk])
    board = person(people.board)
    grid = opened(board, url)
    grid["version"] = "một"
    grid[f"{agencies[0].pk}-{pledge.criteria.first().pk}"] = "10"
    assert board.post(url, grid).status_code == 200
    assert not Score.objects.exists()


# --- The meeting's record: attendance, people, ranking, a proposal's votes -----------------------------------


@pytest.fixture
def record_world(meeting_world):
    """The 5-member bloc's 2017 meeting with attendance taken and one proposal voted by the first four."""
    meeting, people = meeting_world
    agencies = list(Agency.objects.filter(memberships__bloc=meeting.bloc).order_by("pk"))
    attendance_record(meeting=meeting, rows=[{"agency": a, "present": True} for a in agencies])
    proposal = proposal_create(
        meeting=meeting,
        nominee=agencies[0],
        award_type=award(meeting.bloc.organizer, "BK_TINH"),
        ballots={a.pk: "for" for a in agencies[:4]},
    )
    return meeting, people, agencies, proposal


def test_two_people_taking_attendance_the_second_is_refused_and_both_are_kept(record_world):
    meeting, people, agencies, _proposal = record_world
    url = reverse("meetings:attendance", args=[meeting.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    del first[f"{agencies[4].pk}-present"]  # the secretary marks the fifth agency absent
    assert secretary.post(url, first).status_code == 302
    second[f"{agencies[1].pk}-representative"] = "Nguyễn Văn An"
    response = board.post(url, second)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Phần này đã được người khác lưu trong lúc bạn đang nhập" in html
    assert f"{agencies[4].name} — có mặt: có → không" in conflict_box(html)
    stored = {a.agency_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert stored[agencies[4].pk].present is False  # the first save stands
    assert stored[agencies[1].pk].representative == ""  # the second wrote nothing
    again = browser_form(html)
    assert again[f"{agencies[1].pk}-representative"] == "Nguyễn Văn An"  # what the second typed is kept
    assert f"{agencies[4].pk}-present" not in again  # and the box they did not touch shows the new value

    assert board.post(url, again).status_code == 302
    stored = {a.agency_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert stored[agencies[4].pk].present is False and stored[agencies[1].pk].representative == "Nguyễn Văn An"


def test_two_people_changing_a_proposals_votes_the_outcome_never_comes_from_stale_ballots(record_world):
    meeting, people, agencies, proposal = record_world
    url = reverse("meetings:proposal_votes", args=[meeting.pk, proposal.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    for agency in agencies[:3]:
        first[f"ballot-{agency.pk}"] = "against"
    assert secretary.post(url, first).status_code == 302
    second[f"ballot-{agencies[4].pk}"] = "for"
    response = board.post(url, second)
    html = response.content.decode()

    assert response.status_code == 200
    assert f"Phiếu của {agencies[0].name}: Đồng ý → Không đồng ý" in conflict_box(html)
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.FAILED  # 1 for, 3 against: the first save stands
    assert not Ballot.objects.filter(proposal=proposal, agency=agencies[4]).exists()
    again = browser_form(html)
    assert again[f"ballot-{agencies[4].pk}"] == "for" and again[f"ballot-{agencies[0].pk}"] == "against"


def test_two_people_ranking_the_second_is_refused(record_world):
    meeting, people, agencies, _proposal = record_world
    url = reverse("meetings:ranking", args=[meeting.pk])
    secretary, board = person(people.secretary), person(people.board)
    field = f"{agencies[0].pk}-rank"
    first, second = opened_form(secretary, url, field), opened_form(board, url, field)

    first[f"{agencies[0].pk}-rank"], first[f"{agencies[1].pk}-rank"] = "1", "2"
    assert secretary.post(url, first).status_code == 302
    second[f"{agencies[2].pk}-rank"] = "1"
    response = board.post(url, second)
    html = response.content.decode()

    assert response.status_code == 200
    assert f"{agencies[0].name} — thứ hạng: (trống) → 1" in conflict_box(html)
    assert dict(Ranking.objects.filter(meeting=meeting).values_list("agency_id", "rank")) == {
        agencies[0].pk: 1,
        agencies[1].pk: 2,
    }
    again = browser_form(html, field)
    assert (again[f"{agencies[0].pk}-rank"], again[f"{agencies[2].pk}-rank"]) == ("1", "1")


def test_two_people_editing_who_presided_the_second_is_refused_and_keeps_the_list_typed(record_world):
    meeting, people, _agencies, _proposal = record_world
    url = reverse("meetings:people", args=[meeting.pk])
    secretary, board = person(people.secretary), person(people.board)
    first, second = opened(secretary, url), opened(board, url)

    first["presiding-0-name"] = "Nguyễn Thị Hồng Nhung"
    assert secretary.post(url, first).status_code == 302
    second["secretary-0-name"] = "Lê Thị Mỹ Dung"
    response = board.post(url, second)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Chủ trì: (trống) → Nguyễn Thị Hồng Nhung" in conflict_box(html)
    assert list(Participant.objects.filter(meeting=meeting).values_list("name", flat=True)) == ["Nguyễn Thị Hồng Nhung"]
    again = browser_form(html)
    assert again["secretary-0-name"] == "Lê Thị Mỹ Dung"
    assert board.post(url, again).status_code == 302  # saved again knowingly: the list typed replaces it


@pytest.mark.parametrize("form", ["attendance", "people", "ranking", "votes"])
def test_a_save_from_an_unchanged_page_is_not_refused(record_world, form):
    meeting, people, agencies, proposal = record_world
    args = [meeting.pk, proposal.pk] if form == "votes" else [meeting.pk]
    url = reverse("meetings:proposal_votes" if form == "votes" else f"meetings:{form}", args=args)
    client = person(people.secretary)
    data = opened_form(client, url, f"{agencies[0].pk}-rank") if form == "ranking" else opened(client, url)
    assert client.post(url, data).status_code == 302
    # Saved twice from pages opened each time: each page carries the version of what it shows.
    data = opened_form(client, url, f"{agencies[0].pk}-rank") if form == "ranking" else opened(client, url)
    assert client.post(url, data).status_code == 302
