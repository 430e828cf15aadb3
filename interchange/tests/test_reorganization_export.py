"""What the exporter writes of the 2025 reorganization: only where there is something to say, in the contract's
form (a cluster of communes and wards as a cluster, an agency's successor in another province with its
province), and in a number of queries that does not grow with the records."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.services import agency_hold_add, organizer_create, women_share_set
from blocs.models import Bloc
from blocs.services import bloc_create, bloc_successor_set, membership_add
from interchange.exporter import export_meeting_document, export_organizer
from interchange.problems import schema_problems
from meetings.services import meeting_create
from members.services import agency_create, agency_successor_set, board_names_set, organizer_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces():
    """Quảng Nam merged into Đà Nẵng; its Sở Tài chính became Đà Nẵng's, its Khối Kinh tế continues there."""
    dng = organizer_create(code="DNG", name="Ủy ban nhân dân thành phố Đà Nẵng", place_name="Đà Nẵng")
    qna = organizer_create(code="QNA", name="Ủy ban nhân dân tỉnh Quảng Nam", place_name="Quảng Nam")
    dng_stc = agency_create(organizer=dng, code="STC", name="Sở Tài chính thành phố Đà Nẵng")
    stc = agency_create(organizer=qna, code="STC", name="Sở Tài chính")
    snv = agency_create(organizer=qna, code="SNV", name="Sở Nội vụ")
    economy = bloc_create(organizer=qna, code="KT", name="Khối Kinh tế")
    membership_add(bloc=economy, agency=stc, from_year=2020, to_year=2024)
    membership_add(bloc=economy, agency=snv, from_year=2020, to_year=2024)
    agency_successor_set(agency=stc, successor=dng_stc, until=datetime.date(2025, 6, 30))
    return {"dng": dng, "qna": qna, "stc": stc, "economy": economy}


def test_nothing_is_written_where_there_is_nothing_to_say(provinces):
    document = export_organizer(provinces["dng"])
    assert set(document["organizer"]) == {"code", "name", "place_name"}
    assert document["agencies"] == [{"code": "STC", "name": "Sở Tài chính thành phố Đà Nẵng"}]


def test_the_reorganization_is_written_in_the_contracts_form(provinces):
    qna, dng = provinces["qna"], provinces["dng"]
    qna = organizer_merge(organizer=qna, into=dng, on=datetime.date(2025, 7, 1))
    board_names_set(organizer=qna, names=[("Ban Thi đua - Khen thưởng tỉnh Quảng Nam", datetime.date(2008, 1, 1),
                                           datetime.date(2025, 6, 30))])  # fmt: skip
    agency_hold_add(agency=provinces["stc"], year=2024, kind="inspection", reason="Thanh tra ngân sách")
    women_share_set(agency=provinces["stc"], year=2024, share=Decimal("0.725"))
    continued = bloc_create(organizer=dng, code="KTTH", name="Khối Kinh tế tổng hợp", kind=Bloc.Kind.COMMUNE_CLUSTER)
    bloc_successor_set(bloc=provinces["economy"], successor=continued, from_year=2025)

    document = export_organizer(qna)
    assert schema_problems(document) == []
    assert document["organizer"]["merged_into"] == {"organizer": "DNG", "from": "2025-07-01"}
    assert document["organizer"]["board_names"] == [
        {"name": "Ban Thi đua - Khen thưởng tỉnh Quảng Nam", "from": "2008-01-01", "until": "2025-06-30"}
    ]
    assert document["agencies"][0] == {
        "code": "STC",
        "name": "Sở Tài chính",
        "successor": "STC",
        "until": "2025-06-30",
        "successor_organizer": "DNG",
        "holds": [{"year": 2024, "kind": "inspection", "reason": "Thanh tra ngân sách"}],
        "women_shares": [{"year": 2024, "share": 0.725}],
    }
    assert document["blocs"][0]["successor"] == {"bloc": "KTTH", "from_year": 2025}
    successor_document = export_organizer(dng)
    assert schema_problems(successor_document) == []
    assert successor_document["blocs"][0]["kind"] == "cluster"
    assert "merged_into" not in successor_document["organizer"]


def test_meeting_document_names_a_successor_in_another_province_without_listing_it(provinces):
    economy = provinces["economy"]
    economy.kind = Bloc.Kind.COMMUNE_CLUSTER
    economy.save(update_fields=["kind"])
    meeting = meeting_create(bloc=economy, kind="year_end_review", year=2024, held_on=datetime.date(2024, 12, 20))
    document = export_meeting_document(meeting)
    assert schema_problems(document) == []
    assert [a["code"] for a in document["agencies"]] == ["STC", "SNV"]
    assert document["agencies"][0]["successor_organizer"] == "DNG"
    assert document["blocs"][0]["kind"] == "cluster"


def test_export_queries_do_not_grow_with_holds_and_shares(provinces, django_assert_num_queries):
    stc, qna = provinces["stc"], provinces["qna"]
    agency_hold_add(agency=stc, year=2023, kind="discipline")
    women_share_set(agency=stc, year=2023, share=Decimal("0.5"))
    with CaptureQueriesContext(connection) as one:
        export_organizer(qna)
    for year in (2024, 2025):
        agency_hold_add(agency=stc, year=year, kind="discipline")
        women_share_set(agency=stc, year=year, share=Decimal("0.5"))
    agency_hold_add(agency=provinces["economy"].memberships.last().agency, year=2024, kind="inspection")
    with django_assert_num_queries(len(one.captured_queries)):
        export_organizer(qna)
