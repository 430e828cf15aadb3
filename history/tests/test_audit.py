"""The audit trail: each change through the web pages, the importer and the admin is recorded with who made
it, when, and every value from what to what, in the transaction of the change; the board staff of the
province read it on the record's history page; nobody can change or delete it through the application."""

from __future__ import annotations

import copy
import datetime
import json
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardType
from awards.tests.factories import award
from blocs.models import Bloc, Leadership, Membership
from blocs.services import bloc_update, leadership_set, membership_add, membership_end
from blocs.tests.factories import bloc_people, bloc_with_members
from decisions.services import decision_create
from history.models import AuditEntry, AuditTrailError
from imports.importer import import_text
from imports.tests.conftest import EXAMPLE
from meetings.models import Meeting
from meetings.tests.factories import finalized
from members.models import Agency, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from pledges.models import Pledge
from pledges.services import pledge_create, scores_record
from tests.project import RECORD_APPS

SOURCE_LABELS = {"web": "Trang web", "import": "Nhập dữ liệu", "admin": "Trang quản trị", "system": "Hệ thống"}


def history_url(kind: str, pk: int) -> str:
    return reverse("members:history", kwargs={"kind": kind, "pk": pk})


def entries_of(model, pk: int):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)


def shown_time(entry: AuditEntry) -> str:
    return timezone.localtime(entry.created_at).strftime("%d/%m/%Y %H:%M")


def change_row(old: str, new: str) -> str:
    """How the history page shows one value changing: its old and new cells side by side."""
    return f"<td>{old}</td><td>{new}</td>"


def assert_shows(body: str, entry: AuditEntry, who: str) -> None:
    assert shown_time(entry) in body
    assert who in body
    assert SOURCE_LABELS[entry.source] in body
    assert entry.get_action_display() in body


@pytest.fixture
def world(db):
    """A bloc of four member agencies from 2017, the users of the page tests, a board user with a name."""
    bloc, agencies = bloc_with_members(4)
    people = bloc_people(bloc, agencies)
    people.board.first_name, people.board.last_name = "Trần Thị", "Bình"
    people.board.save(update_fields=["first_name", "last_name"])
    return SimpleNamespace(bloc=bloc, agencies=agencies, people=people, board=people.board)


# -- changes through the web pages -----------------------------------------------------------------------


def test_leadership_chosen_on_the_bloc_page_shows_who_when_and_what_in_the_blocs_history(client, world):
    a = world.agencies
    client.force_login(world.board)
    url = reverse("blocs:leadership_override", kwargs={"pk": world.bloc.pk, "year": 2018})

    assert client.post(url, {"chair": a[2].pk, "vice_chair": a[3].pk}).status_code == 302
    assert client.post(url, {"chair": a[3].pk, "vice_chair": a[2].pk}).status_code == 302

    leadership = Leadership.objects.get(bloc=world.bloc, year=2018)
    changed, created = entries_of(Leadership, leadership.pk)
    assert (created.action, created.source, created.actor, created.actor_name) == (
        "create", "web", world.board, "Trần Thị Bình"
    )  # fmt: skip
    assert created.changes["trưởng khối"] == [None, a[2].name]
    assert changed.action == "update"
    assert changed.changes == {"trưởng khối": [a[2].name, a[3].name], "phó trưởng khối": [a[3].name, a[2].name]}
    assert (created.organizer_id, created.bloc_id) == (world.bloc.organizer_id, world.bloc.pk)

    body = client.get(history_url("khoi", world.bloc.pk)).content.decode()
    assert_shows(body, changed, "Trần Thị Bình")
    assert change_row(a[2].name, a[3].name) in body
    assert change_row(a[3].name, a[2].name) in body
    assert body.index(f"entry-{changed.pk}") < body.index(f"entry-{created.pk}"), "newest first"


def test_membership_added_on_its_page_shows_in_the_blocs_history(client, world):
    newcomer = Agency.objects.create(organizer=world.bloc.organizer, code="MOI", name="Sở Mới Thành Lập")
    client.force_login(world.board)
    response = client.post(
        reverse("blocs:membership_add", kwargs={"pk": world.bloc.pk}),
        {"agencies": [newcomer.pk], "from_year": 2019, "to_year": ""},
    )
    assert response.status_code == 302

    membership = Membership.objects.get(bloc=world.bloc, agency=newcomer)
    (entry,) = entries_of(Membership, membership.pk)
    assert entry.action == "create"
    assert entry.changes == {"cơ quan, đơn vị": [None, "Sở Mới Thành Lập"], "từ năm": [None, 2019]}
    body = client.get(history_url("khoi", world.bloc.pk)).content.decode()
    assert_shows(body, entry, "Trần Thị Bình")
    assert change_row("—", "Sở Mới Thành Lập") in body
    assert f"Thành viên khối: {membership}" in body  # the record the entry is about, on its bloc's page


def test_score_sheet_saved_on_its_page_records_each_changed_cell(client, world):
    a = world.agencies
    pledge = pledge_create(
        bloc=world.bloc,
        year=2017,
        criteria=[
            {"code": "1", "title": "Chấp hành", "max_points": 10},
            {"code": "2", "title": "Đổi mới", "max_points": 10},
        ],
        by=world.board,
    )
    one, two = pledge.criteria.order_by("position")
    scores_record(pledge=pledge, points={(a[0].pk, two.pk): "8.5", (a[1].pk, one.pk): "7"}, by=world.board)
    client.force_login(world.people.secretary)

    cells = {f"{agency.pk}-{criterion.pk}": "" for agency in a for criterion in (one, two)}
    cells |= {f"{a[0].pk}-{two.pk}": "9", f"{a[1].pk}-{one.pk}": "7", f"{a[2].pk}-{one.pk}": "6,5"}
    assert client.post(reverse("pledges:scores", args=[pledge.pk]), cells).status_code == 302

    entry = entries_of(Pledge, pledge.pk).first()
    assert entry.actor == world.people.secretary and entry.source == "web"
    assert entry.changes == {f"{a[0].name} — tiêu chí 2": ["8,5", "9"], f"{a[2].name} — tiêu chí 1": [None, "6,5"]}
    client.force_login(world.board)
    body = client.get(history_url("giao-uoc", pledge.pk)).content.decode()
    assert_shows(body, entry, world.people.secretary.username)
    assert change_row("8,5", "9") in body
    assert change_row("—", "6,5") in body


def test_award_rule_changed_on_its_page_shows_in_its_history(client, world):
    award_type = award(world.bloc.organizer, "BK_TINH")
    client.force_login(world.board)
    data = {
        "name": award_type.name, "conferred_by": award_type.conferred_by, "quota_per_bloc": "3",
        "basis": AwardType.Basis.MEMBERS, "ratio": "0,6667", "strict": "",
    }  # fmt: skip
    response = client.post(reverse("awards:award_type_update", args=[award_type.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    entry = entries_of(AwardType, award_type.pk).first()
    assert entry.changes == {
        "chỉ tiêu mỗi khối mỗi năm": [None, 3],
        "tính trên": ["Số đơn vị có mặt", "Tổng số thành viên của khối"],
        "tỷ lệ phiếu đồng ý": ["0,5", "0,6667"],
        "phải vượt tỷ lệ": [True, False],
    }
    body = client.get(history_url("hinh-thuc-khen-thuong", award_type.pk)).content.decode()
    assert_shows(body, entry, "Trần Thị Bình")
    assert change_row("0,5", "0,6667") in body
    assert change_row("có", "không") in body


def test_a_refused_change_records_nothing(world):
    membership = Membership.objects.get(bloc=world.bloc, agency=world.agencies[0])
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        membership_end(membership=membership, to_year=2010, by=world.board)  # before it joined
    assert AuditEntry.objects.count() == before


# -- changes through the importer ------------------------------------------------------------------------


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def importer(db, example):
    """Board staff of the province of the example document, who upload it."""
    organizer = OrganizerFactory(code=example["organizer"]["code"])
    return UserFactory(
        username="canbo_qng", first_name="Lê Văn", last_name="Cường", role=User.Role.BOARD_STAFF, organizer=organizer
    )


def merged_changes(entries) -> dict:
    found = {}
    for entry in entries:
        found |= entry.changes
    return found


def test_an_import_and_a_changed_reimport_show_in_the_meetings_and_agencys_history(client, example, importer):
    """Each service the import calls records its change, as on the web: the meeting's creation, its
    attendance, its election…; a changed reimport of the finalized meeting reopens it ("Nhập dữ liệu")."""
    assert import_text(json.dumps(example), by=importer).ok
    meeting = Meeting.objects.get(bloc__code="TMTH", held_on=datetime.date(2018, 1, 4))
    agency = Agency.objects.get(code="VP-HDND")
    first_meeting = meeting.pk
    entries = list(AuditEntry.objects.filter(meeting_id=meeting.pk))
    assert {(e.source, e.actor, e.actor_name) for e in entries} == {("import", importer, "Lê Văn Cường")}
    created = entries_of(Meeting, meeting.pk).get(action="create")
    assert created.changes["tên hội nghị"] == [None, example["blocs"][0]["meetings"][0]["title"]]
    first = merged_changes(entries)
    assert first["Điểm danh — Văn phòng HĐND tỉnh"] == [None, "có mặt"]
    election = next(e for e in entries if e.content_type.model == "leadership")  # in the meeting's history
    assert election.changes["trưởng khối"] == [None, "Ban Dân tộc tỉnh"]
    last_entry = max(e.pk for e in entries)

    changed = copy.deepcopy(example)
    item = changed["blocs"][0]["meetings"][0]
    old_title, item["title"] = item["title"], "Hội nghị tổng kết năm 2017 (sửa)"
    item["attendance"][0]["representative"] = "Nguyễn Văn Hải"
    changed["agencies"][0]["name"] = "Văn phòng Hội đồng nhân dân tỉnh"
    assert not import_text(json.dumps(changed), by=importer).ok  # a finalized meeting: refused
    assert import_text(json.dumps(changed), by=importer, reopen=True).ok

    meeting.refresh_from_db()
    assert meeting.pk == first_meeting and meeting.is_finalized
    entries = list(AuditEntry.objects.filter(meeting_id=meeting.pk, pk__gt=last_entry))
    assert {(e.action, e.source, e.actor) for e in entries} == {("update", "import", importer)}
    assert [e.reason for e in entries if e.reason] == ["Nhập dữ liệu"]
    changes = merged_changes(entries)
    assert changes["tên hội nghị"] == [old_title, "Hội nghị tổng kết năm 2017 (sửa)"]
    assert changes["Điểm danh — Văn phòng Hội đồng nhân dân tỉnh"] == ["có mặt", "có mặt — Nguyễn Văn Hải"]
    updated = next(e for e in entries if "tên hội nghị" in e.changes)
    renamed = entries_of(Agency, agency.pk).first()
    assert renamed.changes == {"tên": ["Văn phòng HĐND tỉnh", "Văn phòng Hội đồng nhân dân tỉnh"]}
    assert renamed.source == "import"

    client.force_login(importer)
    body = client.get(history_url("hoi-nghi", meeting.pk)).content.decode()
    assert_shows(body, updated, "Lê Văn Cường")
    assert change_row(old_title, "Hội nghị tổng kết năm 2017 (sửa)") in body
    assert change_row("có mặt", "có mặt — Nguyễn Văn Hải") in body
    assert "Nhập dữ liệu" in body
    assert f"entry-{created.pk}" in body
    body = client.get(history_url("don-vi", agency.pk)).content.decode()
    assert_shows(body, renamed, "Lê Văn Cường")
    assert change_row("Văn phòng HĐND tỉnh", "Văn phòng Hội đồng nhân dân tỉnh") in body


def test_an_unchanged_reimport_records_nothing(example, importer):
    assert import_text(json.dumps(example), by=importer).ok
    count = AuditEntry.objects.count()
    report = import_text(json.dumps(example), by=importer)
    assert report.ok and not sum(report.created.values()) and not sum(report.changed.values())
    assert AuditEntry.objects.count() == count


def test_an_import_records_every_kind_of_record_it_writes(example, importer):
    assert import_text(json.dumps(example), by=importer).ok
    recorded = {
        (e.content_type.model, e.action)
        for e in AuditEntry.objects.filter(source="import").select_related("content_type")
    }
    assert {("agency", "create"), ("bloc", "create"), ("bloc", "update"), ("meeting", "create")} <= recorded
    bloc = Bloc.objects.get(code="TMTH")
    members = AuditEntry.objects.get(source="import", action="update", object_id=bloc.pk, content_type__model="bloc")
    assert members.changes["Thành viên — Văn phòng HĐND tỉnh"] == [None, "2017–…"]


def test_a_refused_import_records_nothing(example, importer):
    example["blocs"][0]["meetings"][0]["attendance"][0]["agency"] = "KHONG-CO"
    before = AuditEntry.objects.count()
    assert not import_text(json.dumps(example), by=importer).ok
    assert AuditEntry.objects.count() == before


def test_a_pledge_reimported_with_other_scores_keeps_its_page_and_shows_the_change(example, importer):
    bloc_item = example["blocs"][0]
    members = [m["agency"] for m in bloc_item["memberships"]]
    bloc_item["pledges"] = [{"year": 2017, "criteria": [{"code": "1", "title": "Chấp hành", "max_points": 10}]}]
    bloc_item["scores"] = [{"year": 2017, "agency": members[0], "criterion": "1", "points": 8.5}]
    assert import_text(json.dumps(example), by=importer).ok
    pledge = Pledge.objects.get(bloc__code="TMTH", year=2017)

    bloc_item["scores"][0]["points"] = 9
    assert import_text(json.dumps(example), by=importer).ok
    assert Pledge.objects.get(bloc__code="TMTH", year=2017).pk == pledge.pk
    latest = entries_of(Pledge, pledge.pk).first()
    name = Agency.objects.get(code=members[0]).name
    assert (latest.action, latest.changes) == ("update", {f"{name} — tiêu chí 1": ["8,5", "9"]})


# -- nobody changes or deletes an entry ------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_through_the_models(world):
    bloc_update(bloc=world.bloc, name="Khối đổi tên", short_name="", kind=Bloc.Kind.BLOC, by=world.board)
    entry = entries_of(Bloc, world.bloc.pk).get()
    entry.reason = "sửa lại"
    with pytest.raises(AuditTrailError):
        entry.save()
    with pytest.raises(AuditTrailError):
        entry.delete()
    with pytest.raises(AuditTrailError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="sửa lại")
    with pytest.raises(AuditTrailError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditTrailError):
        AuditEntry.objects.bulk_update([entry], ["reason"])
    entry.refresh_from_db()
    assert entry.reason == ""
    assert entry.changes["tên"][1] == "Khối đổi tên"


@pytest.fixture
def admin_users(world):
    staff = UserFactory(role=User.Role.BOARD_STAFF, organizer=world.bloc.organizer, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label__in=RECORD_APPS))
    superuser = User.objects.create_superuser(username="quantri", password="x", email="")
    return staff, superuser


def test_the_admin_shows_entries_but_offers_no_way_to_add_change_or_delete_them(client, world, admin_users):
    bloc_update(bloc=world.bloc, name="Khối đổi tên", short_name="", kind=Bloc.Kind.BLOC, by=world.board)
    entry = entries_of(Bloc, world.bloc.pk).get()
    model_admin = admin.site.get_model_admin(AuditEntry)
    for user in admin_users:
        client.force_login(user)
        change = reverse("admin:history_auditentry_change", args=[entry.pk])
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(change, {"reason": "sửa lại"}).status_code == 403
        delete = reverse("admin:history_auditentry_delete", args=[entry.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:history_auditentry_add")).status_code == 403
        listing = client.post(
            reverse("admin:history_auditentry_changelist"),
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
        assert listing.status_code in (200, 302)
        request = SimpleNamespace(user=user)
        assert not model_admin.has_change_permission(request, entry)
        assert not model_admin.has_delete_permission(request, entry)
        assert "delete_selected" not in model_admin.get_actions(
            SimpleNamespace(user=user, GET={}, POST={}, method="GET")
        )
    entry.refresh_from_db()
    assert entry.reason == "" and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_no_page_of_the_application_writes_to_the_history(client, world):
    bloc_update(bloc=world.bloc, name="Khối đổi tên", short_name="", kind=Bloc.Kind.BLOC, by=world.board)
    count = AuditEntry.objects.count()
    client.force_login(world.board)
    assert client.post(history_url("khoi", world.bloc.pk), {"changes": "{}"}).status_code == 405
    assert AuditEntry.objects.count() == count


def test_a_change_in_the_admin_is_recorded_with_the_admin_as_its_source(client, world, admin_users):
    staff, _superuser = admin_users
    client.force_login(staff)
    data = {
        "organizer": world.bloc.organizer_id, "code": world.bloc.code, "name": "Khối sửa trong trang quản trị",
        "short_name": world.bloc.short_name, "kind": Bloc.Kind.BLOC, "symbol": world.bloc.symbol, "_save": "1",
    }  # fmt: skip
    for prefix in ("memberships", "leaderships"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    old_name = world.bloc.name
    response = client.post(reverse("admin:blocs_bloc_change", args=[world.bloc.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    entry = entries_of(Bloc, world.bloc.pk).get()
    assert (entry.action, entry.source, entry.actor) == ("update", "admin", staff)
    assert entry.changes == {"tên": [old_name, "Khối sửa trong trang quản trị"]}


# -- who reads the history -------------------------------------------------------------------------------


@pytest.fixture
def records(world):
    """One record of each kind with a history page, each changed once."""
    a, organizer, board = world.agencies, world.bloc.organizer, world.board
    pledge = pledge_create(
        bloc=world.bloc, year=2017, criteria=[{"code": "1", "title": "Chấp hành", "max_points": 10}], by=board
    )
    from meetings.services import meeting_create

    meeting = meeting_create(
        bloc=world.bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4), by=board
    )
    decision = decision_create(organizer=organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 3, 1), by=board)
    return {
        "khoi": world.bloc.pk,
        "hoi-nghi": meeting.pk,
        "don-vi": a[1].pk,
        "giao-uoc": pledge.pk,
        "quyet-dinh": decision.pk,
        "hinh-thuc-khen-thuong": award(organizer, "CO_TINH").pk,
    }


def test_only_board_staff_of_the_province_read_a_history(client, world, records):
    people = world.people
    for kind, pk in records.items():
        url = history_url(kind, pk)
        client.logout()
        assert client.get(url).status_code == 302, url
        for user in (people.other_board, people.outsider, people.member, people.secretary):
            client.force_login(user)
            assert client.get(url).status_code == 404, (kind, user.username)
        client.force_login(people.board)
        assert client.get(url).status_code == 200, kind
    assert client.get(history_url("khong-co", world.bloc.pk)).status_code == 404
    assert client.get(history_url("khoi", 999999)).status_code == 404


def test_the_history_link_is_shown_to_board_staff_only(client, world, records):
    pages = {
        "khoi": reverse("blocs:detail", args=[records["khoi"]]),
        "giao-uoc": reverse("pledges:detail", args=[records["giao-uoc"]]),
        "don-vi": reverse("members:detail", args=[records["don-vi"]]),
        "hoi-nghi": reverse("meetings:detail", args=[records["hoi-nghi"]]),
    }
    for kind, page in pages.items():
        link = history_url(kind, records[kind])
        client.force_login(world.board)
        assert link in client.get(page).content.decode(), kind
        client.force_login(world.people.member)
        assert link not in client.get(page).content.decode(), kind
    client.force_login(world.board)
    decision_page = client.get(reverse("awards:decision_detail", args=[records["quyet-dinh"]])).content.decode()
    assert history_url("quyet-dinh", records["quyet-dinh"]) in decision_page
    award_page = client.get(reverse("awards:award_type_update", args=[records["hinh-thuc-khen-thuong"]]))
    assert history_url("hinh-thuc-khen-thuong", records["hinh-thuc-khen-thuong"]) in award_page.content.decode()


def test_a_deleted_record_keeps_its_history(client, world):
    newcomer = AgencyFactory(organizer=world.bloc.organizer)
    membership = membership_add(bloc=world.bloc, agency=newcomer, from_year=2030, by=world.board)
    from blocs.services import membership_remove

    membership_remove(membership=Membership.objects.get(pk=membership.pk), by=world.board)
    removed = AuditEntry.objects.filter(bloc_id=world.bloc.pk).first()
    assert removed.action == "delete"
    assert removed.changes["từ năm"] == [2030, None]
    client.force_login(world.board)
    body = client.get(history_url("khoi", world.bloc.pk)).content.decode()
    assert change_row("2030", "—") in body


def test_the_history_page_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world.board)
    url = history_url("khoi", world.bloc.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    a = world.agencies
    leadership_set(bloc=world.bloc, year=2019, chair=a[0], vice_chair=a[1], by=world.board)
    one = queries()
    for year in range(2020, 2025):
        leadership_set(bloc=world.bloc, year=year, chair=a[1], vice_chair=a[2], by=world.board)
        membership_add(
            bloc=world.bloc, agency=AgencyFactory(organizer=world.bloc.organizer), from_year=year, by=world.board
        )
    assert AuditEntry.objects.filter(bloc_id=world.bloc.pk).count() == 11
    assert queries() == one


# -- meetings, proposals and decisions -------------------------------------------------------------------


def test_attendance_votes_and_reopening_show_in_the_meetings_history(client, world):
    from meetings.services import attendance_record, meeting_create, participants_set
    from meetings.voting import proposal_create, proposal_record_votes
    from records.services import meeting_finalize, meeting_reopen

    a, board = world.agencies, world.board
    meeting = meeting_create(
        bloc=world.bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4), by=board
    )
    attendance_record(meeting=meeting, rows=[{"agency": x, "present": True} for x in a], by=board)
    rows = [{"agency": x, "present": x != a[3], "representative": "Phạm Văn Dũng" if x == a[0] else ""} for x in a]
    attendance_record(meeting=meeting, rows=rows, by=board)
    attendance = AuditEntry.objects.filter(meeting_id=meeting.pk).first()
    assert attendance.changes == {
        f"Điểm danh — {a[0].name}": ["có mặt", "có mặt — Phạm Văn Dũng"],
        f"Điểm danh — {a[3].name}": ["có mặt", "vắng"],
    }

    proposal = proposal_create(
        meeting=meeting,
        nominee=a[0],
        award_type=award(world.bloc.organizer, "BK_TINH"),
        ballots={x.pk: "for" for x in a[:3]},
        by=board,
    )
    proposal_record_votes(proposal=proposal, ballots={a[0].pk: "for", a[1].pk: "against", a[2].pk: "against"}, by=board)
    votes = entries_of(type(proposal), proposal.pk).first()
    assert votes.meeting_id == meeting.pk
    assert votes.changes[f"Phiếu của {a[1].name}"] == ["Đồng ý", "Không đồng ý"]
    assert votes.changes["kết quả"] == ["Đạt", "Không đạt"]

    participants_set(meeting=meeting, presiding=[{"name": "Lê Văn Chủ Trì"}], secretary={"name": "Lê Thị Thư Ký"})
    meeting_finalize(meeting=meeting, by=board)
    meeting_reopen(meeting=meeting, reason="Sửa số phiếu của Sở Thử nghiệm", by=board)
    reopened = AuditEntry.objects.filter(meeting_id=meeting.pk).first()
    assert (reopened.changes, reopened.reason) == (
        {"trạng thái": ["Đã chốt", "Đang nhập"]},
        "Sửa số phiếu của Sở Thử nghiệm",
    )

    client.force_login(board)
    body = client.get(history_url("hoi-nghi", meeting.pk)).content.decode()
    assert_shows(body, reopened, "Trần Thị Bình")
    assert "Sửa số phiếu của Sở Thử nghiệm" in body
    assert change_row("Đã chốt", "Đang nhập") in body
    assert change_row("có mặt", "vắng") in body
    assert change_row("Đồng ý", "Không đồng ý") in body
    assert body.index(f"entry-{reopened.pk}") < body.index(f"entry-{votes.pk}") < body.index(f"entry-{attendance.pk}")


def test_a_decisions_awards_show_in_its_history(client, world):
    from decisions.services import decision_remove_award
    from meetings.voting import proposal_create

    a, board = world.agencies, world.board
    from meetings.services import meeting_create

    meeting = meeting_create(
        bloc=world.bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=datetime.date(2018, 1, 4), by=board
    )
    proposal = proposal_create(
        meeting=meeting,
        nominee=a[1],
        award_type=award(world.bloc.organizer, "CO_TINH"),
        ballots={x.pk: "for" for x in a},
        by=board,
    )
    finalized(meeting)
    decision = decision_create(
        organizer=world.bloc.organizer,
        number="15/QĐ-UBND",
        signed_on=datetime.date(2018, 3, 1),
        proposals=[proposal],
        by=board,
    )
    label = f"Khen thưởng Cờ thi đua của UBND tỉnh — {a[1].name}, năm 2017"
    awarded, created = entries_of(type(decision), decision.pk)
    assert created.changes["số quyết định"] == [None, "15/QĐ-UBND"]
    assert awarded.changes == {label: [None, True]}
    decision_remove_award(award=decision.awards.get(), by=board)
    removed = entries_of(type(decision), decision.pk).first()
    assert removed.changes == {label: [True, None]}

    client.force_login(board)
    body = client.get(history_url("quyet-dinh", decision.pk)).content.decode()
    assert_shows(body, removed, "Trần Thị Bình")
    assert change_row("có", "—") in body
    assert "01/03/2018" in body  # the decision's date, as the page writes dates


def test_rows_changed_or_deleted_in_the_admin_are_recorded_on_their_record(client, world, admin_users):
    staff, _superuser = admin_users
    pledge = pledge_create(
        bloc=world.bloc, year=2017, criteria=[{"code": "1", "title": "Chấp hành", "max_points": 10}], by=world.board
    )
    criterion = pledge.criteria.get()
    newcomer = AgencyFactory(organizer=world.bloc.organizer, name="Sở Mới Vào")
    membership = membership_add(bloc=world.bloc, agency=newcomer, from_year=2030, by=world.board)
    client.force_login(staff)

    data = {"pledge": pledge.pk, "position": criterion.position, "code": "1", "title": "Chấp hành tốt"}
    data |= {"max_points": "10", "kind": "standard", "_save": "1"}
    response = client.post(reverse("admin:pledges_criterion_change", args=[criterion.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    on_pledge = entries_of(Pledge, pledge.pk).first()
    assert (on_pledge.source, on_pledge.actor) == ("admin", staff)
    ((label, pair),) = on_pledge.changes.items()
    assert label.endswith("— nội dung tiêu chí") and pair == ["Chấp hành", "Chấp hành tốt"]

    response = client.post(reverse("admin:blocs_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    removed = entries_of(Membership, membership.pk).first()
    assert (removed.action, removed.source, removed.actor) == ("delete", "admin", staff)
    assert removed.changes["cơ quan, đơn vị"] == ["Sở Mới Vào", None]


def test_an_inline_row_changed_in_the_admin_is_recorded(client, world, admin_users):
    staff, _superuser = admin_users
    memberships = list(Membership.objects.filter(bloc=world.bloc).order_by("agency__sort_key", "from_year"))
    leadership = Leadership.objects.get(bloc=world.bloc, year=2017)
    data = {
        "organizer": world.bloc.organizer_id, "code": world.bloc.code, "name": world.bloc.name,
        "short_name": world.bloc.short_name, "kind": Bloc.Kind.BLOC, "symbol": world.bloc.symbol, "_save": "1",
        "memberships-TOTAL_FORMS": len(memberships), "memberships-INITIAL_FORMS": len(memberships),
        "leaderships-TOTAL_FORMS": 1, "leaderships-INITIAL_FORMS": 1,
        "leaderships-0-id": leadership.pk, "leaderships-0-bloc": world.bloc.pk, "leaderships-0-year": 2017,
        "leaderships-0-chair": leadership.chair_id, "leaderships-0-vice_chair": leadership.vice_chair_id,
    }  # fmt: skip
    for index, m in enumerate(memberships):
        data |= {
            f"memberships-{index}-id": m.pk, f"memberships-{index}-bloc": world.bloc.pk,
            f"memberships-{index}-agency": m.agency_id, f"memberships-{index}-from_year": m.from_year,
            f"memberships-{index}-to_year": 2025 if index == 3 else "",
        }  # fmt: skip
    client.force_login(staff)
    response = client.post(reverse("admin:blocs_bloc_change", args=[world.bloc.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    (entry,) = entries_of(Membership, memberships[3].pk)
    assert (entry.action, entry.source, entry.changes) == ("update", "admin", {"đến năm": [None, 2025]})
    assert not entries_of(Bloc, world.bloc.pk).exists()  # the bloc's own fields did not change
