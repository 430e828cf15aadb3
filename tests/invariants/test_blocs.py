"""Memberships, leadership, pledges, signatures and scores, through blocs.services (and leadership_elect)."""

import datetime
from decimal import Decimal

import pytest

from blocs.models import Leadership, Membership
from blocs.services import leadership_set, membership_add, membership_end
from blocs.tests.factories import BlocFactory, bloc_with_members
from core.validation import validate
from meetings.services import leadership_elect
from members.tests.factories import AgencyFactory, OrganizerFactory
from pledges.models import Score, Signature
from pledges.services import pledge_create, scores_record, signature_record
from tests.invariants import NON_FIELD, member, outsider, refused, year_end_meeting

pytestmark = pytest.mark.django_db

CRITERIA = [
    {"code": "1", "title": "Thực hiện nhiệm vụ chuyên môn", "max_points": 60},
    {"code": "2", "title": "Công tác thi đua, khen thưởng", "max_points": 40},
]
OVERLAP = "đã là thành viên của khối trong một phần các năm này."
NOT_MEMBER_2017 = "không phải là thành viên của khối trong năm 2017."


@pytest.fixture
def bloc(organizer):
    return BlocFactory(organizer=organizer)


@pytest.fixture
def agency(organizer):
    return AgencyFactory(organizer=organizer)


# Membership


def test_membership_ending_before_it_starts_is_refused(bloc, agency):
    with refused("Năm kết thúc không được trước năm bắt đầu.", field="to_year"):
        membership_add(bloc=bloc, agency=agency, from_year=2019, to_year=2018)


def test_ending_a_membership_before_its_first_year_is_refused(bloc, agency):
    membership = membership_add(bloc=bloc, agency=agency, from_year=2019)

    with refused("Năm kết thúc không được trước năm bắt đầu.", field="to_year"):
        membership_end(membership=membership, to_year=2018)


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        pytest.param((2017, None), (2019, None), id="open-ended-then-later-start"),
        pytest.param((2019, None), (2017, 2019), id="earlier-range-reaching-open-ended-one"),
        pytest.param((2015, 2020), (2017, 2018), id="contained"),
        pytest.param((2017, 2018), (2015, 2022), id="containing"),
        pytest.param((2017, 2019), (2019, 2020), id="touching-in-2019"),
        pytest.param((2017, 2018), (2017, 2017), id="same-first-year"),
        pytest.param((2018, 2018), (2015, None), id="new-open-ended-covers-earlier"),
    ],
)
def test_overlapping_memberships_of_one_agency_in_one_bloc_are_refused(bloc, agency, existing, new):
    member(bloc, agency, *existing)

    with refused(OVERLAP, field=NON_FIELD):
        membership_add(bloc=bloc, agency=agency, from_year=new[0], to_year=new[1])


def test_membership_starting_the_year_after_the_previous_one_ended_is_accepted(bloc, agency):
    member(bloc, agency, 2017, 2018)

    membership_add(bloc=bloc, agency=agency, from_year=2019)

    assert list(Membership.objects.filter(bloc=bloc, agency=agency).values_list("from_year", "to_year")) == [
        (2017, 2018),
        (2019, None),
    ]


def test_same_agency_in_two_blocs_at_once_is_accepted(organizer, bloc, agency):
    member(bloc, agency, 2017)

    membership_add(bloc=BlocFactory(organizer=organizer), agency=agency, from_year=2017)

    assert Membership.objects.filter(agency=agency).count() == 2


def test_extending_an_ended_membership_into_a_later_one_is_refused(bloc, agency):
    first = member(bloc, agency, 2017, 2018)
    member(bloc, agency, 2020)

    with refused(OVERLAP, field=NON_FIELD):
        membership_end(membership=first, to_year=2020)


def test_agency_of_another_province_cannot_join_the_bloc(bloc):
    elsewhere = AgencyFactory(organizer=OrganizerFactory())

    with refused("Cơ quan phải thuộc cùng tỉnh với khối.", field="agency"):
        membership_add(bloc=bloc, agency=elsewhere, from_year=2017)


# Leadership


def test_vice_chair_equal_to_chair_is_refused(bloc_11):
    bloc, agencies = bloc_11

    with refused("Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau.", field="vice_chair"):
        leadership_set(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[0])


def test_chair_that_is_not_a_member_is_refused(bloc_11):
    bloc, agencies = bloc_11
    stranger = outsider(bloc)

    with refused(NOT_MEMBER_2017, field="chair"):
        leadership_set(bloc=bloc, year=2017, chair=stranger, vice_chair=agencies[1])


def test_vice_chair_member_only_in_other_years_is_refused(bloc_11):
    bloc, agencies = bloc_11
    former = outsider(bloc)
    member(bloc, former, 2014, 2016)
    member(bloc, former, 2018)

    with refused(NOT_MEMBER_2017, field="vice_chair"):
        leadership_set(bloc=bloc, year=2017, chair=agencies[0], vice_chair=former)


def test_leadership_before_the_bloc_existed_is_refused(bloc_11):
    bloc, agencies = bloc_11

    with refused("không phải là thành viên của khối trong năm 2016.", field="chair"):
        leadership_set(bloc=bloc, year=2016, chair=agencies[0], vice_chair=agencies[1])


def test_setting_the_leadership_again_replaces_it(bloc_11):
    bloc, agencies = bloc_11
    leadership_set(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[1])

    leadership_set(bloc=bloc, year=2017, chair=agencies[1], vice_chair=agencies[2])

    assert list(Leadership.objects.filter(bloc=bloc).values_list("year", "chair", "vice_chair")) == [
        (2017, agencies[1].pk, agencies[2].pk)
    ]


def test_second_leadership_row_for_the_same_bloc_and_year_is_refused(bloc_11):
    bloc, agencies = bloc_11
    leadership_set(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[1])

    with refused("Khối đã có trưởng khối, phó trưởng khối cho năm này.", field=NON_FIELD):
        validate(Leadership(bloc=bloc, year=2017, chair=agencies[2], vice_chair=agencies[3]))


def test_election_sets_the_leadership_of_the_following_year(bloc_11):
    bloc, agencies = bloc_11
    meeting = year_end_meeting(bloc)

    leadership_elect(meeting=meeting, chair=agencies[3], vice_chair=agencies[4])

    leadership = Leadership.objects.get(bloc=bloc)
    assert (leadership.year, leadership.chair, leadership.vice_chair) == (2018, agencies[3], agencies[4])
    assert leadership.elected_at == meeting


def test_electing_an_agency_that_leaves_the_bloc_before_the_following_year_is_refused(bloc_11):
    bloc, agencies = bloc_11
    leaving = outsider(bloc)
    member(bloc, leaving, 2017, 2017)
    meeting = year_end_meeting(bloc)

    with refused("không phải là thành viên của khối trong năm 2018.", field="chair"):
        leadership_elect(meeting=meeting, chair=leaving, vice_chair=agencies[1])


def test_electing_an_agency_that_joins_only_the_following_year_is_accepted(bloc_11):
    bloc, agencies = bloc_11
    joining = outsider(bloc)
    member(bloc, joining, 2018)

    leadership = leadership_elect(meeting=year_end_meeting(bloc), chair=agencies[0], vice_chair=joining)

    assert leadership.vice_chair == joining


# Pledge


def test_second_pledge_for_the_same_bloc_and_year_is_refused(bloc_11):
    bloc, _ = bloc_11
    pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)

    with refused("Khối đã có giao ước thi đua cho năm này.", field=NON_FIELD):
        pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)


def test_criterion_code_repeated_in_a_pledge_is_refused(bloc_11):
    bloc, _ = bloc_11
    criteria = [*CRITERIA, {"code": "2", "title": "Xây dựng tổ chức đảng", "max_points": 10}]

    with refused("Mã tiêu chí đã có trong giao ước.", field=NON_FIELD):
        pledge_create(bloc=bloc, year=2017, criteria=criteria)


@pytest.mark.parametrize("max_points", [0, -5, "0.00"])
def test_criterion_without_positive_maximum_is_refused(bloc_11, max_points):
    bloc, _ = bloc_11
    criteria = [CRITERIA[0], {"code": "2", "title": "Công tác thi đua", "max_points": max_points}]

    with refused("Điểm tối đa phải lớn hơn 0.", field="max_points"):
        pledge_create(bloc=bloc, year=2017, criteria=criteria)


@pytest.mark.parametrize("max_points", ["sáu mươi", "NaN", "Infinity"])
def test_criterion_maximum_that_is_not_a_number_is_refused(bloc_11, max_points):
    bloc, _ = bloc_11

    with refused("không phải là một số điểm hợp lệ."):
        pledge_create(bloc=bloc, year=2017, criteria=[{"code": "1", "title": "Nhiệm vụ", "max_points": max_points}])


def test_pledge_without_criteria_is_refused(bloc_11):
    bloc, _ = bloc_11

    with refused("Giao ước phải có ít nhất một tiêu chí."):
        pledge_create(bloc=bloc, year=2017, criteria=[])


def test_pledge_total_is_the_sum_of_the_criteria(bloc_11):
    bloc, _ = bloc_11

    pledge = pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)

    assert pledge.total_points == 100


def test_signature_of_an_agency_that_is_not_a_member_is_refused(bloc_11):
    bloc, _ = bloc_11
    pledge = pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)
    stranger = outsider(bloc)

    with refused(NOT_MEMBER_2017, field="agency"):
        signature_record(pledge=pledge, agency=stranger, signer="Nguyễn Văn A", title="Giám đốc")


def test_signing_again_corrects_the_signature_instead_of_adding_one(bloc_11):
    bloc, agencies = bloc_11
    pledge = pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)
    signature_record(pledge=pledge, agency=agencies[0], signer="Nguyễn Văn A", title="Phó Giám đốc")

    signature_record(pledge=pledge, agency=agencies[0], signer="Trần Thị B", title="Giám đốc")

    assert list(Signature.objects.filter(pledge=pledge).values_list("agency", "signer", "title")) == [
        (agencies[0].pk, "Trần Thị B", "Giám đốc")
    ]


# Scores


@pytest.fixture
def pledge_2017(bloc_11):
    bloc, agencies = bloc_11
    pledge = pledge_create(bloc=bloc, year=2017, criteria=CRITERIA)
    first, second = pledge.criteria.order_by("position")
    return pledge, agencies, first, second


def test_points_above_the_criterion_maximum_are_refused(pledge_2017):
    pledge, agencies, first, _ = pledge_2017

    with refused("Điểm 60,5 vượt quá điểm tối đa 60 của tiêu chí 1.", field=f"{agencies[0].pk}-{first.pk}"):
        scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): "60.5"})


def test_points_equal_to_the_criterion_maximum_are_accepted(pledge_2017):
    pledge, agencies, first, _ = pledge_2017

    scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): 60})

    assert Score.objects.get(agency=agencies[0], criterion=first).points == 60


def test_negative_points_are_refused(pledge_2017):
    pledge, agencies, first, _ = pledge_2017

    with refused("Điểm không được âm.", field=f"{agencies[0].pk}-{first.pk}"):
        scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): -1})


def test_score_of_an_agency_that_is_not_a_member_is_refused(pledge_2017):
    pledge, _, first, _ = pledge_2017
    stranger = outsider(pledge.bloc)

    with refused(NOT_MEMBER_2017, field=f"{stranger.pk}-{first.pk}"):
        scores_record(pledge=pledge, points={(stranger.pk, first.pk): 50})


@pytest.mark.parametrize("value", ["năm mươi", "5,5,5", "NaN", "sNaN", "Infinity", "-Infinity"])
def test_points_that_are_not_a_number_are_refused(pledge_2017, value):
    pledge, agencies, first, _ = pledge_2017

    with refused("không phải là một số điểm hợp lệ.", field=f"{agencies[0].pk}-{first.pk}"):
        scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): value})


def test_criterion_of_another_pledge_is_refused(pledge_2017):
    pledge, agencies, *_ = pledge_2017
    other = pledge_create(bloc=pledge.bloc, year=2018, criteria=CRITERIA).criteria.first()

    with refused("Tiêu chí không thuộc giao ước này.", field=f"{agencies[0].pk}-{other.pk}"):
        scores_record(pledge=pledge, points={(agencies[0].pk, other.pk): 10})


def test_every_bad_cell_of_a_score_sheet_is_reported_and_no_cell_is_saved(pledge_2017):
    pledge, agencies, first, second = pledge_2017
    scores_record(pledge=pledge, points={(agencies[2].pk, first.pk): 55})
    sheet = {
        (agencies[0].pk, first.pk): 59,  # valid, but the sheet is refused as a whole
        (agencies[0].pk, second.pk): 41,
        (agencies[1].pk, first.pk): "x",
        (agencies[1].pk, second.pk): -3,
        (agencies[2].pk, first.pk): "",  # would clear the existing score
    }

    with refused("vượt quá điểm tối đa", field=f"{agencies[0].pk}-{second.pk}") as info:
        scores_record(pledge=pledge, points=sheet)

    errors = info.value.message_dict
    assert set(errors) == {
        f"{agencies[0].pk}-{second.pk}",
        f"{agencies[1].pk}-{first.pk}",
        f"{agencies[1].pk}-{second.pk}",
    }
    assert errors[f"{agencies[1].pk}-{first.pk}"] == ["“x” không phải là một số điểm hợp lệ."]
    assert errors[f"{agencies[1].pk}-{second.pk}"] == ["Điểm không được âm."]


def test_scoring_again_corrects_the_score(pledge_2017):
    pledge, agencies, first, _ = pledge_2017
    scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): 50})

    scores_record(pledge=pledge, points={(agencies[0].pk, first.pk): "52.5"})

    assert list(Score.objects.values_list("agency", "criterion", "points")) == [
        (agencies[0].pk, first.pk, Decimal("52.5"))
    ]


def test_pledge_of_one_bloc_does_not_stop_another_blocs_pledge_for_the_year(bloc_11):
    bloc, _ = bloc_11
    other, _ = bloc_with_members(5, organizer=bloc.organizer)
    pledge_create(bloc=bloc, year=2017, criteria=CRITERIA, signed_on=datetime.date(2017, 1, 10))

    pledge_create(bloc=other, year=2017, criteria=CRITERIA)

    assert other.pledges.count() == 1
