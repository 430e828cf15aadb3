"""Documents carrying what no record can hold: lone surrogates, NaN and infinities, invisible characters in
names, two agencies with one name once normalised, dates outside 1945–2100. Each refused with its JSON path
(API, command and upload), nothing written; names stored NFC."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.importer import import_document, import_text
from imports.tests.test_bad_documents import table_counts
from meetings.tests.conftest import client_of
from members.models import Agency, User
from members.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

NFD = unicodedata.normalize("NFD", "Sở Tài chính tỉnh Quảng Ngãi")
INVISIBLE = ["Sở\u200bTài chính", "Sở Tài chính\u202e", "\ufeffSở Tài chính", "Sở\u00adTài chính", "Sở\tTài chính"]


def problems(report) -> dict[str, str]:
    """Path → its messages, one a line."""
    assert not report.ok
    found: dict[str, str] = {}
    for problem in report.problems:
        found[problem.path] = "\n".join(filter(None, [found.get(problem.path), problem.message]))
    return found


@pytest.fixture
def example(example):
    """The contract's example with a pledge and a score sheet, so that points are carried too."""
    bloc = example["blocs"][0]
    member = bloc["memberships"][0]["agency"]
    bloc["pledges"] = [{"year": 2017, "criteria": [{"code": "1", "title": "Hoàn thành nhiệm vụ", "max_points": 10}]}]
    bloc["scores"] = [{"year": 2017, "agency": member, "criterion": "1", "points": 8.5}]
    return example


def raw_with(example: dict, path: list, raw_value: str) -> str:
    """The document as JSON with the value at ``path`` replaced by ``raw_value`` written as is (so that
    ``"\\ud800"`` and ``NaN`` reach the parser as a real document would carry them)."""
    marker = "__MARKER__"
    node = example
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = marker
    return json.dumps(example, ensure_ascii=False).replace(f'"{marker}"', raw_value)


# -- the importer ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "raw", "expected"),
    [
        (["agencies", 0, "name"], '"S\\ud800 T\\u00e0i ch\\u00ednh"', "không mã hoá được"),
        (["blocs", 0, "meetings", 0, "venue"], '"\\udc00"', "không mã hoá được"),
        (["blocs", 0, "meetings", 0, "report"], '"B\\u00e1o c\\u00e1o\\u0001"', "ký tự điều khiển (U+0001)"),
        (["blocs", 0, "pledges", 0, "criteria", 0, "max_points"], "NaN", "NaN"),
        (["blocs", 0, "scores", 0, "points"], "Infinity", "NaN"),
        (["blocs", 0, "scores", 0, "points"], "-Infinity", "NaN"),
        (["blocs", 0, "scores", 0, "points"], "1e999", "NaN"),
        (["award_types", 0, "rule", "ratio"], "NaN", "NaN"),
    ],
)
def test_importer_names_the_path_of_surrogates_and_numbers_that_are_not_finite(example, path, raw, expected):
    before = table_counts()
    found = problems(import_text(raw_with(example, path, raw)))
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    assert where in found, found
    assert expected in found[where]
    assert table_counts() == before


def test_import_command_exits_1_with_the_problem_not_a_traceback(example, tmp_path):
    document = tmp_path / "surrogate.json"
    document.write_text(raw_with(example, ["agencies", 1, "name"], '"\\ud800"'), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_blocs", str(document), stderr=stderr)
    assert exit_.value.code == 1
    assert "agencies[1].name: Văn bản chứa ký tự không mã hoá được" in stderr.getvalue()


def test_a_surrogate_in_a_key_is_refused_and_the_message_prints(example):
    raw = json.dumps(example, ensure_ascii=False).replace('"organizer"', '"\\ud800x": 1, "organizer"', 1)
    report = import_text(raw)
    assert not report.ok
    for problem in report.problems:
        str(problem).encode("utf-8")  # every message can be written out


def test_upload_preview_with_a_surrogate_shows_the_problem(example):
    assert import_document(example).ok
    client = client_of(UserFactory(role=User.Role.BOARD_STAFF, organizer=Agency.objects.first().organizer))
    raw = raw_with(example, ["agencies", 0, "name"], '"\\ud800"').encode("utf-8")
    response = client.post(
        reverse("interchange:home"), {"document": SimpleUploadedFile("qng.json", raw, "application/json")}
    )
    assert response.status_code == 200
    assert "agencies[0].name" in response.content.decode()


def test_imported_names_are_stored_nfc(example):
    example["agencies"][0]["name"] = NFD
    assert import_document(example).ok
    assert Agency.objects.get(code=example["agencies"][0]["code"]).name == unicodedata.normalize("NFC", NFD)


@pytest.mark.parametrize("name", INVISIBLE)
def test_imported_names_with_invisible_characters_are_refused_at_their_path(example, name):
    example["agencies"][2]["name"] = name
    found = problems(import_document(example))
    assert "agencies[2].name" in found, found


def test_two_agencies_of_the_document_with_one_name_once_normalised_are_refused(example):
    example["agencies"][3]["name"] = unicodedata.normalize("NFD", example["agencies"][1]["name"])
    before = table_counts()
    found = problems(import_document(example))
    assert found["agencies[3].name"].startswith("trùng tên với đơn vị agencies[1]")
    assert table_counts() == before


def test_an_agency_named_like_a_stored_one_the_document_omits_is_refused(example):
    assert import_document(example).ok
    organizer = Agency.objects.first().organizer
    AgencyFactory(organizer=organizer, code="KHAC", name="Cơ quan khác")
    example["agencies"][0]["name"] = unicodedata.normalize("NFD", "Cơ quan khác")
    found = problems(import_document(example))
    assert found["agencies[0].name"].startswith("trùng tên với đơn vị mã KHAC")


def test_a_rename_onto_a_name_another_agency_gives_up(example):
    assert import_document(example).ok
    first, second = example["agencies"][0], example["agencies"][1]
    name_0, name_1 = first["name"], second["name"]
    # The first takes the second's name as the second is renamed: renamed second, then first.
    first["name"], second["name"] = name_1, "Tên mới của đơn vị thứ hai"
    assert import_document(example).ok
    assert Agency.objects.get(code=first["code"]).name == name_1
    # The two exchange their names: no order frees either name first.
    first["name"], second["name"] = second["name"], first["name"]
    assert "đổi tên lẫn cho nhau" in problems(import_document(example))["agencies[0].name"]
    assert Agency.objects.get(code=first["code"]).name == name_1
    # The first renamed, the second taking the first's old name: each write meets a free name.
    first["name"], second["name"] = "Tên mới của đơn vị thứ nhất", name_0
    assert import_document(example).ok
    assert Agency.objects.get(code=second["code"]).name == name_0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1944-12-31"])
def test_imported_dates_outside_1945_2100_are_refused(example, day):
    example["blocs"][0]["meetings"][0]["held_on"] = day
    found = problems(import_document(example))
    assert any("nằm ngoài khoảng cho phép" in message for message in found.values()), found
