"""The board's year overview (#16 point 3): every bloc of the province active in the year, from the pledge to
the decisions; the province's deadline set on the page; late blocs marked in words; filters; Excel."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.tests.factories import award
from blocs.models import Bloc, Membership
from blocs.tests.factories import bloc_people, bloc_with_members
from decisions.models import Decision, DecisionAward
from dossiers.models import Deadline, Dossier, Submission
from dossiers.reminders import deadline_set
from dossiers.selectors import OverviewFilters, is_late, year_overview
from history.models import AuditEntry
from meetings.models import Meeting, Proposal
from meetings.tests.factories import MeetingFactory
from members.tests.factories import OrganizerFactory, UserFactory
from pledges.models import Pledge, Signature
from records.models import MinutesVersion

pytestmark = pytest.mark.django_db

YEAR = 2025
OVERVIEW = reverse("dossiers:overview")
XLSX = reverse("dossiers:overview_xlsx")
DEADLINE = reverse("dossiers:deadline")
TODAY = datetime.date(2025, 12, 20)


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _minutes(meeting: Meeting, *, document=MinutesVersion.Document.MINUTES, number=1, ready=True) -> MinutesVersion:
    status = MinutesVersion.Status.READY if ready else MinutesVersion.Status.QUEUED
    return MinutesVersion.objects.create(
        meeting=meeting,
        document=document,
        number=number,
        snapshot={},
        content_hash=f"{document}{number}".ljust(64, "0"),
        status=status,
        rendered_at=timezone.now() if ready else None,
        file="minutes/x.pdf" if ready else "",
    )


def send(bloc, meeting: Meeting, *, on: datetime.date, state=Dossier.State.SENT, number: int = 1) -> Dossier:
    """The bloc's dossier as the lead's services leave it once sent on ``on`` (rows written directly)."""
    dossier, _created = Dossier.objects.get_or_create(bloc=bloc, year=meeting.year)
    letter = _minutes(meeting, document=MinutesVersion.Document.LETTER, number=number)
    Submission.objects.create(dossier=dossier, number=number, meeting=meeting, letter=letter, sent_at=_aware(on))
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


def full_bloc(organizer, name: str):
    """A bloc whose year is complete: pledge signed, both reviews finalized, minutes v2 ready, two passed
    proposals (one awarded by a decision), the dossier sent on 05/12/2025."""
    bloc, agencies = bloc_with_members(4, organizer=organizer, year=2020, name=name)
    pledge = Pledge.objects.create(bloc=bloc, year=YEAR, signed_on=datetime.date(YEAR, 1, 15))
    Signature.objects.create(pledge=pledge, agency=agencies[0], signed_on=datetime.date(YEAR, 1, 15))
    MeetingFactory(
        bloc=bloc,
        kind=Meeting.Kind.MID_YEAR_REVIEW,
        year=YEAR,
        held_on=datetime.date(YEAR, 7, 10),
        status=Meeting.Status.FINALIZED,
    )
    review = MeetingFactory(bloc=bloc, year=YEAR, held_on=datetime.date(YEAR, 11, 28), status=Meeting.Status.FINALIZED)
    _minutes(review, number=1)
    _minutes(review, number=2)
    flag = Proposal.objects.create(
        meeting=review, nominee=agencies[1], award_type=award(organizer, "CO_TINH"), outcome=Proposal.Outcome.PASSED
    )
    Proposal.objects.create(
        meeting=review, nominee=agencies[2], award_type=award(organizer, "BK_TINH"), outcome=Proposal.Outcome.PASSED
    )
    Proposal.objects.create(
        meeting=review, nominee=agencies[3], award_type=award(organizer, "TTLDXS"), outcome=Proposal.Outcome.FAILED
    )
    decision = Decision.objects.create(
        organizer=organizer, number=f"{bloc.pk}/QĐ-UBND", signed_on=datetime.date(2026, 1, 5)
    )
    DecisionAward.objects.create(decision=decision, proposal=flag)
    send(bloc, review, on=datetime.date(YEAR, 12, 5), state=Dossier.State.RECEIVED)
    return bloc, agencies


@pytest.fixture
def province():
    organizer = OrganizerFactory()
    done, agencies = full_bloc(organizer, "Khối thi đua Nội chính")
    # Nothing yet but members: a draft mid-year review.
    bare, _ = bloc_with_members(3, organizer=organizer, year=2020, name="Khối thi đua Văn hóa - Xã hội")
    MeetingFactory(bloc=bare, kind=Meeting.Kind.MID_YEAR_REVIEW, year=YEAR, held_on=datetime.date(YEAR, 7, 1))
    # Members only until 2024: not active in 2025.
    gone, _ = bloc_with_members(3, organizer=organizer, year=2018, name="Khối thi đua Đã giải thể")
    Membership.objects.filter(bloc=gone).update(to_year=YEAR - 1)
    Deadline.objects.create(organizer=organizer, year=YEAR, due_on=datetime.date(YEAR, 12, 10))
    people = bloc_people(done, agencies, years=(YEAR,))
    return SimpleNamespace(organizer=organizer, done=done, bare=bare, gone=gone, people=people)


def page(client, user, query: str = ""):
    client.force_login(user)
    return client.get(f"{OVERVIEW}?year={YEAR}{query}")


def names(response) -> list[str]:
    return [row.bloc.name for row in response.context["overview"].rows]


# -- who may see it -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "secretary", "outsider"])
def test_agency_users_get_404(client, province, role):
    assert page(client, getattr(province.people, role)).status_code == 404
    assert client.get(XLSX).status_code == 404
    before = Deadline.objects.get().due_on
    assert client.post(DEADLINE, {"year": YEAR, "due_on": "01/12/2025"}).status_code == 404
    assert Deadline.objects.get().due_on == before


def test_another_provinces_board_sees_and_sets_only_its_own(client, province):
    response = page(client, province.people.other_board)
    assert response.status_code == 200 and names(response) == []
    client.post(DEADLINE, {"year": YEAR, "due_on": "01/12/2025"})
    assert Deadline.objects.get(organizer=province.organizer).due_on == datetime.date(YEAR, 12, 10)
    assert Deadline.objects.get(organizer=province.people.other_board.organizer).due_on == datetime.date(YEAR, 12, 1)


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_board_menu_links_the_overview(client, province):
    link = f'href="{OVERVIEW}"'
    assert link in page(client, province.people.board).content.decode()
    client.force_login(province.people.secretary)
    assert link not in client.get(reverse("home")).content.decode()


# -- the table ------------------------------------------------------------------------------------------------


def test_every_bloc_active_in_the_year_is_a_row_and_no_other(client, province):
    response = page(client, province.people.board)
    assert response.status_code == 200
    assert names(response) == ["Khối thi đua Nội chính", "Khối thi đua Văn hóa - Xã hội"]
    OrganizerFactory()  # another province's blocs never show
    assert "Đã giải thể" not in response.content.decode()
    # The bloc that ended in 2024 is a row of 2024.
    assert "Khối thi đua Đã giải thể" in names(client.get(f"{OVERVIEW}?year={YEAR - 1}"))


def test_a_complete_year_shows_each_step_with_its_date(client, province):
    row = next(r for r in page(client, province.people.board).context["overview"].rows if r.bloc == province.done)
    assert row.pledge_signed and row.pledge_signed_on == datetime.date(YEAR, 1, 15)
    assert row.mid_year.is_finalized and row.year_end.held_on == datetime.date(YEAR, 11, 28)
    assert row.minutes_issued and row.minutes.number == 2
    assert row.state == Dossier.State.RECEIVED and timezone.localdate(row.sent_at) == datetime.date(YEAR, 12, 5)
    assert (row.awarded, row.passed) == (1, 2)
    assert not row.late
    html = page(client, province.people.board).content.decode()
    for text in ("15/01/2025", "10/07/2025", "28/11/2025", "Đã phát hành (bản 2)", "Đã tiếp nhận", "gửi 05/12/2025"):
        assert text in html
    assert "1/2 đề nghị đạt" in html
    assert reverse("dossiers:dossier", kwargs={"pk": province.done.pk, "year": YEAR}) in html


def test_a_bloc_with_nothing_yet_says_so_in_words(client, province):
    response = page(client, province.people.board)
    row = next(r for r in response.context["overview"].rows if r.bloc == province.bare)
    assert not row.pledge_signed and row.year_end is None and row.minutes is None and row.dossier is None
    assert row.state_label == "Chưa lập hồ sơ"
    assert not row.mid_year.is_finalized
    assert "Chưa chốt" in response.content.decode()


def test_minutes_not_rendered_yet_are_not_issued(client, province):
    review = Meeting.objects.get(bloc=province.done, kind=Meeting.Kind.YEAR_END_REVIEW)
    _minutes(review, number=3, ready=False)
    row = year_overview(province.organizer, YEAR).rows[0]
    assert row.minutes.number == 3 and not row.minutes_issued


def test_a_pledge_without_signatures_is_not_signed(province):
    Signature.objects.all().delete()
    row = year_overview(province.organizer, YEAR).rows[0]
    assert row.pledge is not None and not row.pledge_signed and row.pledge_signed_on is None


# -- late against the deadline ------------------------------------------------------------------------------


def test_late_is_not_sent_once_the_deadline_passed_or_first_sent_after_it():
    due = datetime.date(YEAR, 12, 10)
    assert not is_late(due_on=due, first_sent_at=None, today=due)
    assert is_late(due_on=due, first_sent_at=None, today=due + datetime.timedelta(days=1))
    # Sent at 23:30 on the due date in Vietnam (16:30 UTC): in time.
    in_time = timezone.make_aware(datetime.datetime(YEAR, 12, 10, 23, 30))
    assert not is_late(due_on=due, first_sent_at=in_time, today=TODAY)
    assert is_late(due_on=due, first_sent_at=in_time + datetime.timedelta(hours=1), today=TODAY)
    assert not is_late(due_on=None, first_sent_at=None, today=TODAY)


def test_late_blocs_are_marked_in_words(client, province):
    response = page(client, province.people.board)
    overview = response.context["overview"]
    late = {row.bloc for row in overview.rows if row.late}
    # Today (the test's run) is past 10/12/2025: the bloc that never sent is late, the one sent on 05/12 is not.
    assert late == {province.bare}
    html = response.content.decode()
    assert html.count("Trễ hạn") == 1 and "1 trễ hạn" in html


def test_a_dossier_first_sent_after_the_deadline_stays_late_once_received(province):
    review = MeetingFactory(bloc=province.bare, year=YEAR, held_on=datetime.date(YEAR, 12, 1))
    send(province.bare, review, on=datetime.date(YEAR, 12, 11), state=Dossier.State.RETURNED)
    send(province.bare, review, on=datetime.date(YEAR, 12, 15), state=Dossier.State.RECEIVED, number=2)
    row = next(r for r in year_overview(province.organizer, YEAR, today=TODAY).rows if r.bloc == province.bare)
    assert row.late and timezone.localdate(row.sent_at) == datetime.date(YEAR, 12, 15)


def test_before_the_deadline_nobody_is_late(province):
    assert not any(row.late for row in year_overview(province.organizer, YEAR, today=datetime.date(YEAR, 12, 1)).rows)


def test_without_a_deadline_nobody_is_late(client, province):
    Deadline.objects.all().delete()
    response = page(client, province.people.board)
    assert not any(row.late for row in response.context["overview"].rows)
    assert "Chưa đặt hạn" in response.content.decode()


# -- filters and years ----------------------------------------------------------------------------------------


def test_filter_by_dossier_state(client, province):
    board = province.people.board
    assert names(page(client, board, "&state=received")) == ["Khối thi đua Nội chính"]
    assert names(page(client, board, "&state=none")) == ["Khối thi đua Văn hóa - Xã hội"]
    assert names(page(client, board, "&state=sent")) == []
    assert "Không có khối, cụm nào khớp bộ lọc." in page(client, board, "&state=sent").content.decode()


def test_filter_late_only(client, province):
    assert names(page(client, province.people.board, "&late=on")) == ["Khối thi đua Văn hóa - Xã hội"]


def test_search_ignores_diacritics(client, province):
    assert names(page(client, province.people.board, "&q=noi+chinh")) == ["Khối thi đua Nội chính"]
    assert names(page(client, province.people.board, "&q=VĂN+HOÁ")) == ["Khối thi đua Văn hóa - Xã hội"]


def test_a_bad_filter_is_said_and_ignored(client, province):
    response = page(client, province.people.board, "&state=nonsense&q=" + "x" * 300)
    assert response.status_code == 200
    assert len(names(response)) == 2
    assert response.context["form"].errors


def test_the_year_chosen_becomes_the_years_of_the_page(client, province):
    client.force_login(province.people.board)
    response = client.get(f"{OVERVIEW}?year={YEAR + 1}")
    assert response.context["year"] == YEAR + 1
    assert response.context["overview"].deadline is None
    # Remembered for the next page, like the navigation bar's switcher.
    assert client.get(OVERVIEW).context["year"] == YEAR + 1
    assert client.get(f"{OVERVIEW}?year=abc").status_code == 200


# -- the deadline ---------------------------------------------------------------------------------------------


def test_board_sets_the_deadline_on_the_page_and_it_is_audited(client, province):
    board = province.people.board
    client.force_login(board)
    response = client.post(DEADLINE, {"year": YEAR + 1, "due_on": "10/12/2026"})
    assert response.status_code == 302 and response["Location"] == f"{OVERVIEW}?year={YEAR + 1}"
    deadline = Deadline.objects.get(organizer=province.organizer, year=YEAR + 1)
    assert deadline.due_on == datetime.date(YEAR + 1, 12, 10)
    entry = AuditEntry.objects.get(content_type__model="deadline", object_id=deadline.pk, action="create")
    assert entry.actor == board and entry.organizer_id == province.organizer.pk
    # Moved: the same row, and the change in the history.
    client.post(DEADLINE, {"year": YEAR + 1, "due_on": "15/12/2026"})
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(YEAR + 1, 12, 15)
    moved = AuditEntry.objects.get(content_type__model="deadline", object_id=deadline.pk, action="update")
    assert list(moved.changes.values()) == [["2026-12-10", "2026-12-15"]]
    assert "15/12/2026" in client.get(f"{OVERVIEW}?year={YEAR + 1}").content.decode()


def test_a_deadline_out_of_its_year_is_refused_beside_the_field(client, province):
    client.force_login(province.people.board)
    response = client.post(DEADLINE, {"year": YEAR, "due_on": "10/12/2030"})
    assert response.status_code == 200
    assert "phải trong năm 2025 hoặc năm 2026" in str(response.context["deadline_form"].errors["due_on"])
    assert Deadline.objects.get().due_on == datetime.date(YEAR, 12, 10)
    response = client.post(DEADLINE, {"year": YEAR, "due_on": "31/02/2025"})
    assert response.status_code == 200 and response.context["deadline_form"].errors["due_on"]


def test_deadline_set_refuses_a_date_of_another_year(province):
    with pytest.raises(Exception, match="năm 2025 hoặc năm 2026"):
        deadline_set(organizer=province.organizer, year=YEAR, due_on=datetime.date(2024, 12, 31))


def test_the_deadline_page_refuses_get(client, province):
    client.force_login(province.people.board)
    assert client.get(DEADLINE).status_code == 405


# -- Excel ----------------------------------------------------------------------------------------------------


def workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_the_workbook_holds_the_rows_of_the_page_with_its_filters(client, province):
    client.force_login(province.people.board)
    header, *rows = workbook_rows(client.get(f"{XLSX}?year={YEAR}"))
    assert header[:4] == ("STT", "Khối/Cụm", "Thành viên", "Giao ước")
    assert [row[1] for row in rows] == ["Khối thi đua Nội chính", "Khối thi đua Văn hóa - Xã hội"]
    done = dict(zip(header, rows[0], strict=True))
    assert done["Ngày ký giao ước"].date() == datetime.date(YEAR, 1, 15)
    assert done["Biên bản"] == "Đã phát hành (bản 2)"
    assert done["Hồ sơ"] == "Đã tiếp nhận" and done["Ngày gửi hồ sơ"].date() == datetime.date(YEAR, 12, 5)
    assert (done["Đề nghị đã có quyết định"], done["Đề nghị đạt"]) == (1, 2)
    assert dict(zip(header, rows[1], strict=True))["Trễ hạn"] == "Trễ hạn"
    _header, *late_only = workbook_rows(client.get(f"{XLSX}?year={YEAR}&late=on&q=van+hoa"))
    assert [row[1] for row in late_only] == ["Khối thi đua Văn hóa - Xã hội"]
    assert "tong-hop-nam-2025.xlsx" in client.get(f"{XLSX}?year={YEAR}")["Content-Disposition"]


def test_a_name_that_reads_as_a_formula_stays_text(client, province):
    Bloc.objects.filter(pk=province.bare.pk).update(name='=HYPERLINK("http://x","y")')
    client.force_login(province.people.board)
    response = client.get(f"{XLSX}?year={YEAR}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(row[1] for row in sheet.iter_rows(min_row=4) if str(row[1].value).startswith("="))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'


def test_the_page_links_the_workbook_with_its_filters(client, province):
    html = page(client, province.people.board, "&state=none&q=van").content.decode()
    assert f"{XLSX}?year={YEAR}&amp;state=none&amp;q=van" in html


# -- queries --------------------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_blocs(client, province, django_assert_max_num_queries):
    client.force_login(province.people.board)
    client.get(f"{OVERVIEW}?year={YEAR}")  # the session remembers the year: written once
    few = _queries(client, f"{OVERVIEW}?year={YEAR}")
    for n in range(4):
        full_bloc(province.organizer, f"Khối thi đua thêm {n}")
    assert len(year_overview(province.organizer, YEAR).rows) == 6
    assert _queries(client, f"{OVERVIEW}?year={YEAR}") == few
    assert _queries(client, f"{XLSX}?year={YEAR}") <= few
    with django_assert_max_num_queries(9):
        client.get(f"{OVERVIEW}?year={YEAR}")


def test_year_overview_reads_in_six_queries(province, django_assert_num_queries):
    with django_assert_num_queries(6):
        year_overview(province.organizer, YEAR, OverviewFilters(state="received", q="noi"))


def test_agency_users_of_no_province_get_404(client):
    client.force_login(UserFactory())
    assert client.get(OVERVIEW).status_code == 404
