"""The 2026 keys of the 2025 reorganization: a province merged into another, the board's names over time, an
agency's successor in another province, holds, women's shares, a bloc's successor, clusters of communes and
wards, a chair elected alone. Each imports through its service, exports back, imports again as no change, and
a document that breaks a rule is refused at the key's path with nothing written."""

import copy
import datetime
from decimal import Decimal

import pytest

from awards.models import AgencyHold, WomenShare
from blocs.models import Bloc, Leadership
from blocs.services import bloc_update
from history.models import AuditEntry
from imports.importer import import_document
from interchange.exporter import export_organizer
from interchange.problems import schema_problems
from meetings.models import Proposal
from members.models import Agency, BoardName, Organizer

pytestmark = pytest.mark.django_db

SUCCESSOR = {
    "format": "emulation-blocs/1",
    "organizer": {"code": "DNG", "name": "Ủy ban nhân dân thành phố Đà Nẵng", "place_name": "Đà Nẵng"},
    "agencies": [{"code": "STC", "name": "Sở Tài chính thành phố Đà Nẵng"}],
    "blocs": [{"code": "KTTH", "name": "Khối Kinh tế tổng hợp", "kind": "bloc", "memberships": []}],
}

# Written as the exporter writes it (key order aside): the export of its import equals it.
PREDECESSOR = {
    "format": "emulation-blocs/1",
    "organizer": {
        "code": "QNA",
        "name": "Ủy ban nhân dân tỉnh Quảng Nam",
        "place_name": "Quảng Nam",
        "board_name": "Phòng Thi đua, khen thưởng - Sở Nội vụ",
        "merged_into": {"organizer": "DNG", "from": "2025-07-01"},
        "board_names": [
            {"name": "Ban Thi đua - Khen thưởng tỉnh Quảng Nam", "from": "2008-01-01", "until": "2025-06-30"},
            {"name": "Phòng Thi đua, khen thưởng - Sở Nội vụ", "from": "2025-07-01"},
        ],
    },
    "agencies": [
        {"code": "SKHDT", "name": "Sở Kế hoạch và Đầu tư", "successor": "STC", "until": "2025-02-28"},
        {
            "code": "STC",
            "name": "Sở Tài chính",
            "successor": "STC",
            "until": "2025-06-30",
            "successor_organizer": "DNG",
            "holds": [
                {"year": 2024, "kind": "discipline", "reason": "Đang xem xét kỷ luật kế toán trưởng"},
                {"year": 2024, "kind": "inspection"},
            ],
            "women_shares": [{"year": 2023, "share": 0.62}, {"year": 2024, "share": 0.7}],
        },
        {"code": "SNV", "name": "Sở Nội vụ"},
    ],
    "blocs": [
        {
            "code": "KT",
            "name": "Khối Kinh tế tổng hợp",
            "kind": "bloc",
            "memberships": [
                {"agency": "SKHDT", "from_year": 2020, "to_year": 2024},
                {"agency": "STC", "from_year": 2020, "to_year": 2024},
            ],
            "leadership": [{"year": 2024, "chair": "STC"}],
            "successor": {"bloc": "KTTH", "from_year": 2025},
        },
        {
            "code": "NC",
            "name": "Khối Nội chính",
            "kind": "cluster",
            "memberships": [{"agency": "SNV", "from_year": 2020, "to_year": None}],
        },
    ],
}
NEW_KEYS = {"merged_into", "board_names", "successor_organizer", "holds", "women_shares"}


def without_new_keys(node):
    """The document as it was written before 2026 (a successor in another province left out with its date)."""
    if isinstance(node, list):
        return [without_new_keys(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "successor_organizer" in node:
        node = {k: v for k, v in node.items() if k not in ("successor", "until")}
    # A bloc's successor is an object, an agency's a code.
    kept = {k: v for k, v in node.items() if k not in NEW_KEYS and not (k == "successor" and isinstance(v, dict))}
    return {k: without_new_keys(v) for k, v in kept.items()}


def records(document: dict) -> dict:
    """A document without its award types (a new province comes with the default ones)."""
    return {key: value for key, value in document.items() if key != "award_types"}


@pytest.fixture
def successor_province():
    assert import_document(copy.deepcopy(SUCCESSOR)).ok


@pytest.fixture
def document(successor_province) -> dict:
    return copy.deepcopy(PREDECESSOR)


@pytest.fixture
def imported(document) -> Organizer:
    report = import_document(copy.deepcopy(document))
    assert report.ok, report.problems
    return Organizer.objects.get(code="QNA")


def test_the_contract_accepts_the_document():
    assert schema_problems(PREDECESSOR) == []


def test_each_key_is_stored_through_its_service(imported):
    dng = Organizer.objects.get(code="DNG")
    assert (imported.merged_into, imported.merged_on) == (dng, datetime.date(2025, 7, 1))
    assert imported.board_name_on(datetime.date(2025, 6, 20)) == "Ban Thi đua - Khen thưởng tỉnh Quảng Nam"
    assert imported.board_name_on(datetime.date(2025, 7, 20)) == "Phòng Thi đua, khen thưởng - Sở Nội vụ"
    skhdt, stc = (Agency.objects.get(organizer=imported, code=code) for code in ("SKHDT", "STC"))
    assert skhdt.successor == stc
    assert (stc.successor, stc.until) == (Agency.objects.get(organizer=dng, code="STC"), datetime.date(2025, 6, 30))
    assert sorted(stc.holds.values_list("year", "kind", "reason")) == [
        (2024, "discipline", "Đang xem xét kỷ luật kế toán trưởng"),
        (2024, "inspection", ""),
    ]
    assert dict(stc.women_shares.values_list("year", "share")) == {2023: Decimal("0.62"), 2024: Decimal("0.7")}
    bloc = Bloc.objects.get(organizer=imported, code="KT")
    assert (bloc.successor, bloc.successor_from_year) == (Bloc.objects.get(organizer=dng, code="KTTH"), 2025)
    assert Leadership.objects.get(bloc=bloc, year=2024).vice_chair is None
    kinds = {e.content_type.model for e in AuditEntry.objects.filter(organizer=imported)}
    assert {"agencyhold", "womenshare", "organizer", "bloc"} <= kinds


def test_export_gives_the_document_back_and_its_import_changes_nothing(imported, document):
    exported = export_organizer(imported)
    assert records(exported) == document
    entries = AuditEntry.objects.count()
    report = import_document(exported)
    assert report.ok, report.problems
    assert sum(report.created.values()) == sum(report.changed.values()) == 0
    assert report.changes == []
    assert AuditEntry.objects.count() == entries


def test_document_without_the_new_keys_leaves_them_as_stored(imported, document):
    before = export_organizer(imported)
    report = import_document(without_new_keys(document))
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0
    assert export_organizer(imported) == before


def test_document_without_the_new_keys_imports_and_exports_as_before(successor_province, document):
    old = without_new_keys(document)
    assert import_document(copy.deepcopy(old)).ok
    assert records(export_organizer(Organizer.objects.get(code="QNA"))) == old
    assert not (BoardName.objects.exists() or AgencyHold.objects.exists() or WomenShare.objects.exists())


def test_lists_are_replaced_by_the_documents(imported, document):
    stc = document["agencies"][1]
    stc["holds"] = [
        {"year": 2024, "kind": "discipline", "reason": "Đã có kết luận, chờ quyết định"},
        {"year": 2025, "kind": "task_not_completed", "reason": "Không hoàn thành nhiệm vụ năm 2025"},
    ]
    stc["women_shares"] = [{"year": 2024, "share": 0.71}]
    document["organizer"]["board_names"] = []
    report = import_document(copy.deepcopy(document))
    assert report.ok, report.problems
    agency = Agency.objects.get(organizer=imported, code="STC")
    assert sorted(agency.holds.values_list("year", "kind", "reason")) == [
        (2024, "discipline", "Đã có kết luận, chờ quyết định"),
        (2025, "task_not_completed", "Không hoàn thành nhiệm vụ năm 2025"),
    ]
    assert dict(agency.women_shares.values_list("year", "share")) == {2024: Decimal("0.71")}
    assert not imported.board_names.exists()
    assert {change.kind for change in report.changes} == {"agencies", "organizer"}
    document["organizer"].pop("board_names")
    assert records(export_organizer(imported)) == document


def test_a_cluster_of_communes_stays_one_and_is_written_as_a_cluster(imported, document):
    bloc = Bloc.objects.get(organizer=imported, code="NC")
    bloc_update(bloc=bloc, name=bloc.name, short_name="", kind=Bloc.Kind.COMMUNE_CLUSTER)
    report = import_document(copy.deepcopy(document))
    assert report.ok, report.problems
    assert sum(report.changed.values()) == 0
    bloc.refresh_from_db()
    assert bloc.kind == Bloc.Kind.COMMUNE_CLUSTER
    assert export_organizer(imported)["blocs"][1]["kind"] == "cluster"


def test_a_chair_elected_alone(imported, document):
    document["blocs"][1]["meetings"] = [
        {
            "kind": "year_end_review",
            "year": 2024,
            "held_on": "2024-12-20",
            "election": {"for_year": 2025, "chair": "SNV"},
        }
    ]
    report = import_document(copy.deepcopy(document))
    assert report.ok, report.problems
    leadership = Leadership.objects.get(bloc__organizer=imported, bloc__code="NC", year=2025)
    assert (leadership.chair.code, leadership.vice_chair, leadership.elected_at.held_on.year) == ("SNV", None, 2024)
    assert export_organizer(imported)["blocs"][1]["meetings"][0]["election"] == {"for_year": 2025, "chair": "SNV"}


def test_a_document_whose_held_agency_passes_a_proposal_is_refused(successor_province, document):
    """The document's holds go in before its meetings: a proposal of the held agency that year that would pass is
    refused at its path, nothing written."""
    snv = document["agencies"][2]
    snv["holds"] = [{"year": 2024, "kind": "discipline", "reason": "Đang xem xét kỷ luật"}]
    document["blocs"][1]["meetings"] = [
        {
            "kind": "year_end_review",
            "year": 2024,
            "held_on": "2024-12-20",
            "proposals": [{"agency": "SNV", "award": "BK_TTG", "votes": {"for": 1}}],
        }
    ]
    report = import_document(copy.deepcopy(document))
    assert [p.path for p in report.problems] == ["blocs[1].meetings[0].proposals[0].agency"], report.problems
    assert "Nghị định 152/2025/NĐ-CP" in report.problems[0].message
    assert not Proposal.objects.exists() and not AgencyHold.objects.exists()


def _organizer(doc):
    return doc["organizer"]


def _stc(doc):
    return doc["agencies"][1]


def _kt(doc):
    return doc["blocs"][0]


# (what breaks the document, the path of the problem, words of its message)
BROKEN = {
    "unknown successor province": (
        lambda d: _organizer(d)["merged_into"].update(organizer="QNM"),
        "organizer.merged_into.organizer",
        "không có tỉnh mã 'QNM'",
    ),
    "merged into itself": (
        lambda d: _organizer(d)["merged_into"].update(organizer="QNA"),
        "organizer.merged_into.organizer",
        "chính nó",
    ),
    "board names overlapping": (
        lambda d: _organizer(d)["board_names"][1].update({"from": "2025-06-01"}),
        "organizer.board_names[1].from",
        "còn hiệu lực",
    ),
    "board name ending before it starts": (
        lambda d: _organizer(d)["board_names"][0].update(until="2007-12-31"),
        "organizer.board_names[0].until",
        "không được trước ngày bắt đầu",
    ),
    "two board names from one day": (
        lambda d: _organizer(d)["board_names"][1].update({"from": "2008-01-01"}),
        "organizer.board_names[1].from",
        "trùng với mục thứ 1",
    ),
    "unknown agency's province": (
        lambda d: _stc(d).update(successor_organizer="QNM"),
        "agencies[1].successor_organizer",
        "không có tỉnh mã 'QNM'",
    ),
    "successor missing in that province": (
        lambda d: _stc(d).update(successor="SNV"),
        "agencies[1].successor",
        "tỉnh mã 'DNG' không có đơn vị mã 'SNV'",
    ),
    "successor province without a successor": (
        lambda d: d["agencies"][2].update(successor_organizer="DNG"),
        "agencies[2].successor_organizer",
        "chỉ ghi kèm đơn vị kế thừa",
    ),
    "hold given twice": (
        lambda d: _stc(d)["holds"].append({"year": 2024, "kind": "inspection", "reason": "Thanh tra thuế"}),
        "agencies[1].holds[2]",
        "trùng với mục thứ 2",
    ),
    "women's share with four decimals": (
        lambda d: _stc(d)["women_shares"][0].update(share=0.6251),
        "agencies[1].women_shares[0].share",
        "không có nhiều hơn 3 chữ số thập phân",
    ),
    "women's share over one": (
        lambda d: _stc(d)["women_shares"][0].update(share=1.2),
        "agencies[1].women_shares[0].share",
        "không được lớn hơn 1",
    ),
    "unknown successor bloc": (
        lambda d: _kt(d)["successor"].update(bloc="VX"),
        "blocs[0].successor.bloc",
        "không có khối mã 'VX' của tỉnh này hoặc tỉnh mã 'DNG'",
    ),
    "bloc succeeding itself": (
        lambda d: _kt(d)["successor"].update(bloc="KT"),
        "blocs[0].successor.bloc",
        "chính nó",
    ),
    "members left in the successor's years": (
        lambda d: _kt(d)["successor"].update(from_year=2024),
        "blocs[0].successor.from_year",
        "còn thành viên từ năm 2024",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_document_is_refused_at_the_keys_path_and_writes_nothing(document, name):
    breaks, path, words = BROKEN[name]
    breaks(document)
    report = import_document(document)
    assert [p.path for p in report.problems] == [path], report.problems
    assert words in report.problems[0].message
    assert not Organizer.objects.filter(code="QNA").exists()
    assert not (BoardName.objects.exists() or AgencyHold.objects.exists() or WomenShare.objects.exists())


def test_refused_change_of_a_stored_province_leaves_it_as_it_was(imported, document):
    before = export_organizer(imported)
    entries = AuditEntry.objects.count()
    _stc(document)["holds"] = [{"year": 2025, "kind": "inspection"}]
    _stc(document)["women_shares"] = []
    _kt(document)["successor"]["bloc"] = "VX"
    report = import_document(document)
    assert [p.path for p in report.problems] == ["blocs[0].successor.bloc"]
    assert export_organizer(imported) == before
    assert AuditEntry.objects.count() == entries
