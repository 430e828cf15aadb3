"""An import never rewrites an official record: a document that differs from a finalized meeting is refused
with its path and the minutes number, unless the finalized meetings may be reopened (``--reopen``, the web's
"Sửa cả hội nghị đã chốt"): reopened with the reason "Nhập dữ liệu", changed, finalized with new minutes.
A key the document leaves out leaves the stored value alone; an explicit null clears it."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.models import AwardType
from awards.services import award_type_create
from history.models import AuditEntry
from imports.importer import import_document
from imports.views import PENDING_SESSION_KEY
from interchange.exporter import export_organizer
from meetings.models import Meeting
from members.models import Agency, Organizer, User
from members.services import agency_update
from members.tests.factories import UserFactory
from records.models import MinutesVersion
from records.services import current_version

pytestmark = pytest.mark.django_db

MEETING = "blocs[0].meetings[0]"
VENUE = "Hội trường Văn phòng HĐND tỉnh"


def exported() -> str:
    return json.dumps(export_organizer(Organizer.objects.get(code="QNG")), sort_keys=True)


def run_import(tmp_path, document: dict, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out, err = [], []

    class Sink:
        def __init__(self, lines):
            self.lines = lines

        def write(self, text):
            self.lines.append(text)

        def flush(self):
            pass

    try:
        call_command("import_blocs", str(path), *args, stdout=Sink(out), stderr=Sink(err))
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, "".join(out), "".join(err)


@pytest.fixture
def imported(example):
    report = import_document(example)
    assert report.ok, report.problems
    meeting = Meeting.objects.get()
    assert meeting.is_finalized and not MinutesVersion.objects.filter(meeting=meeting).exists()
    return example


def test_a_changed_copy_of_a_finalized_meeting_is_refused_with_its_path(tmp_path, imported):
    before = exported()
    imported["blocs"][0]["meetings"][0]["venue"] = VENUE
    imported["agencies"][0]["name"] = "Văn phòng Đoàn ĐBQH và HĐND tỉnh"  # changes nothing either
    code, _out, err = run_import(tmp_path, imported)
    assert code == 1
    assert f"{MEETING}.venue: hội nghị đã chốt; mở lại hội nghị để sửa" in err
    assert "--reopen" in err
    assert exported() == before
    assert not Meeting.objects.filter(venue=VENUE).exists()


def test_reopen_changes_it_and_makes_new_minutes(tmp_path, imported):
    imported["blocs"][0]["meetings"][0]["venue"] = VENUE
    entries = AuditEntry.objects.count()
    code, out, err = run_import(tmp_path, imported, "--reopen")
    assert code == 0, err
    meeting = Meeting.objects.get()
    assert meeting.venue == VENUE and meeting.is_finalized
    assert "Mở lại, sửa và chốt lại" in out
    version = current_version(meeting)
    assert version is not None and version.number == 1 and version.minutes_number
    reopened = AuditEntry.objects.filter(pk__gt=entries, reason="Nhập dữ liệu")
    assert reopened.filter(source=AuditEntry.Source.IMPORT).count() == 1
    # The next change of the same meeting names the minutes it would rewrite.
    imported["blocs"][0]["meetings"][0]["venue"] = "Nhà khách Tỉnh ủy"
    code, _out, err = run_import(tmp_path, imported)
    assert code == 1
    assert f"{MEETING}.venue: hội nghị đã chốt, biên bản số {version.minutes_number}; mở lại" in err
    # The same document again: nothing to reopen, nothing changed.
    imported["blocs"][0]["meetings"][0]["venue"] = VENUE
    before = exported()
    assert import_document(imported).ok
    assert exported() == before
    # One version of each document: the minutes, and the vote count of the meeting's proposals.
    assert sorted(MinutesVersion.objects.filter(meeting=meeting).values_list("document", "number")) == [
        ("minutes", 1),
        ("vote_count", 1),
    ]


def test_a_preview_with_reopen_writes_nothing(imported):
    imported["blocs"][0]["meetings"][0]["venue"] = VENUE
    before = exported()
    report = import_document(imported, reopen=True, dry_run=True)
    assert report.ok and len(report.reopened) == 1
    assert exported() == before
    assert Meeting.objects.get().is_finalized


def test_omitted_keys_keep_the_stored_values_and_null_clears(imported):
    agency = Agency.objects.get(code=imported["agencies"][0]["code"])
    agency_update(agency=agency, name=agency.name, short_name="VP HĐND")
    extra = award_type_create(organizer=agency.organizer, code="GK", name="Giấy khen", quota_per_bloc=2)
    quotas = dict(AwardType.objects.values_list("code", "quota_per_bloc"))
    organizer = Organizer.objects.get()
    del imported["award_types"]
    del imported["organizer"]["short_name"]
    assert "short_name" not in imported["agencies"][0]
    report = import_document(imported)
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0
    assert Agency.objects.get(pk=agency.pk).short_name == "VP HĐND"
    assert dict(AwardType.objects.values_list("code", "quota_per_bloc")) == quotas
    assert AwardType.objects.filter(pk=extra.pk).exists()
    assert Organizer.objects.get().short_name == organizer.short_name
    imported["agencies"][0]["short_name"] = None
    assert import_document(imported).ok
    assert Agency.objects.get(pk=agency.pk).short_name == ""


# -- the same choice in the browser ----------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, imported):
    client.force_login(UserFactory(role=User.Role.BOARD_STAFF, organizer=Organizer.objects.get()))
    return client


def upload(client, document: dict, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = json.dumps(document, ensure_ascii=False).encode("utf-8")
    data = {"document": SimpleUploadedFile("qng.json", content, content_type="application/json"), **extra}
    return client.post(reverse("interchange:home"), data)


def test_the_web_import_asks_before_it_reopens(staff_client, imported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    imported["blocs"][0]["meetings"][0]["venue"] = VENUE
    refused = upload(staff_client, imported)
    body = refused.content.decode()
    assert not refused.context["report"].ok and refused.context["confirm_form"] is None
    assert "Sửa cả hội nghị đã chốt" in body and 'id="import-finalized"' in body
    preview = upload(staff_client, imported, reopen="on")
    body = preview.content.decode()
    assert preview.context["report"].ok
    assert 'id="import-reopened"' in body and "Nhập dữ liệu" in body
    changes = [row for row in preview.context["changes"] if row[4] == VENUE]
    assert changes and changes[0][3] == "—"  # the venue was empty, old → new
    assert not Meeting.objects.filter(venue=VENUE).exists()
    token = staff_client.session[PENDING_SESSION_KEY]["token"]
    staff_client.post(reverse("interchange:import_confirm"), {"token": token})
    meeting = Meeting.objects.get()
    assert meeting.venue == VENUE and meeting.is_finalized and current_version(meeting) is not None


def test_null_clears_every_optional_text_it_is_given_for(imported):
    imported["organizer"]["board_name"] = None
    imported["award_types"][0]["conferred_by"] = None
    imported["blocs"][0]["short_name"] = None
    imported["blocs"][0]["meetings"][0]["title"] = None
    imported["blocs"][0]["meetings"][0]["report"] = None
    report = import_document(imported, reopen=True)
    assert report.ok, report.problems
    meeting = Meeting.objects.select_related("bloc__organizer").get()
    assert (meeting.title, meeting.report, meeting.bloc.short_name) == ("", "", "")
    assert meeting.bloc.organizer.board_name == ""
    assert AwardType.objects.get(code=imported["award_types"][0]["code"]).conferred_by == ""
    assert meeting.display_title  # a meeting without a title of its own is named by its kind and year


def test_every_service_the_importer_calls_runs_in_a_transaction_of_its_own():
    """The importer calls a service without a savepoint of its own (thousands of them in a province): a
    service that refuses must roll its own writes back, so that the steps after it see none of them."""
    import inspect
    import re

    from imports import importer, meetings

    called = set()
    for module in (importer, meetings):
        called |= set(re.findall(r"self\.call\(\s*[^,]+,\s*(\w+)", inspect.getsource(module)))
    assert {"proposal_create", "memberships_replace", "meeting_reopen"} <= called
    for name in called:
        service = getattr(importer, name, None) or getattr(meetings, name)
        assert hasattr(service, "__wrapped__"), f"{name} is not @transaction.atomic"
