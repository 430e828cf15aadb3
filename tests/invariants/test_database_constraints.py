"""The database itself refuses what a named constraint holds, when the services are bypassed.

Each test writes through the ORM without ``full_clean`` (``create``, ``update``, ``bulk_create``), as a
concurrent request that passed its checks a moment too early would. Unique and check constraints hold on
SQLite and PostgreSQL; the overlap of membership years is an exclusion constraint only PostgreSQL has.
"""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F

from awards.models import AgencyHold, AwardPolicy, AwardType, LegalBasis, WomenShare
from awards.tests.factories import award
from blocs.models import Bloc, Leadership, Membership, SecretaryAssignment
from blocs.tests.factories import BlocFactory, bloc_with_members
from decisions.models import Decision, DecisionAward
from dossiers.models import AchievementReport, Deadline, Dossier, Reminder, Submission, SubmittedReport
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking, Voter, VotingSession
from meetings.tests.factories import MeetingFactory
from members.models import Agency, BoardName, Organizer, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from pledges.models import Band, Criterion, Evidence, Pledge, Score, ScoreSubmission, SelfScore, Signature
from portal.models import PublicResults
from records.models import MinutesVersion, SignedCopy
from signatures.models import OrganizationSigner, TrustAnchor
from tests.invariants import APPS, db_refuses, member

pytestmark = pytest.mark.django_db

NOW_2018 = datetime.datetime(2018, 1, 4, 9, 0, tzinfo=datetime.UTC)

COVERED: set[str] = set()


def breaks(constraint: str):
    """Register the test as the one that shows the database holding ``constraint``."""

    def register(test):
        COVERED.add(constraint)
        return test

    return register


def test_every_named_constraint_has_a_database_test():
    declared = {
        constraint.name
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
    }

    assert declared - COVERED == set()


@pytest.fixture
def bloc(organizer):
    return BlocFactory(organizer=organizer)


@pytest.fixture
def agencies(organizer):
    return [AgencyFactory(organizer=organizer) for _ in range(3)]


@pytest.fixture
def meeting_2017():
    """A year-end meeting of 2017 of a 5-member bloc, and its members."""
    bloc, members = bloc_with_members(5)
    return MeetingFactory(bloc=bloc), members


# members


@breaks("agency_code_unique_per_organizer")
def test_database_refuses_a_second_agency_with_the_same_code_in_a_province(organizer):
    Agency.objects.create(organizer=organizer, code="SO-TC", name="Sở Tài chính")

    with db_refuses("agency_code_unique_per_organizer", "members_agency.organizer_id", "members_agency.code"):
        Agency.objects.create(organizer=organizer, code="SO-TC", name="Sở Tài chính tỉnh")


@breaks("agency_name_unique_per_organizer")
def test_database_refuses_a_second_agency_with_the_same_name_in_a_province(organizer):
    Agency.objects.create(organizer=organizer, code="SO-TC", name="Sở Tài chính")

    # Typed with decomposed accents, the name is stored composed (core.fields.NameField) and collides.
    with db_refuses("agency_name_unique_per_organizer", "members_agency.organizer_id", "members_agency.name"):
        Agency.objects.create(organizer=organizer, code="SO-TC-2", name=unicodedata.normalize("NFD", "Sở Tài chính"))


@breaks("agency_successor_with_until")
def test_database_refuses_a_successor_without_a_last_day(agencies):
    old, new, _ = agencies

    with db_refuses("agency_successor_with_until"):
        Agency.objects.filter(pk=old.pk).update(successor=new)


@breaks("agency_successor_with_until")
def test_database_refuses_a_last_day_without_a_successor(agencies):
    with db_refuses("agency_successor_with_until"):
        Agency.objects.filter(pk=agencies[0].pk).update(until=datetime.date(2025, 6, 30))


@breaks("agency_successor_not_self")
def test_database_refuses_an_agency_succeeding_itself(agencies):
    agency = agencies[0]

    with db_refuses("agency_successor_not_self"):
        Agency.objects.filter(pk=agency.pk).update(successor=agency, until=datetime.date(2025, 6, 30))


@breaks("user_board_staff_has_organizer")
def test_database_refuses_board_staff_without_a_province(db):
    with db_refuses("user_board_staff_has_organizer"):
        User.objects.create(username="canbo", role=User.Role.BOARD_STAFF, organizer=None)


@breaks("user_email_unique")
def test_database_refuses_a_second_account_with_the_same_address_whatever_its_case(db):
    User.objects.create(username="an", email="an@tc.gov.vn")
    User.objects.create(username="khong-email-1", email="")
    User.objects.create(username="khong-email-2", email="")  # accounts without an address are not one address

    with db_refuses("user_email_unique"):
        User.objects.create(username="an-2", email="AN@tc.gov.vn")


@breaks("user_unread_notifications_not_negative")
def test_database_refuses_a_negative_unread_count(db):
    """Marking read one notification more than was unread (a count gone wrong) fails instead of hiding it."""
    user = UserFactory()

    with db_refuses("user_unread_notifications_not_negative"):
        User.objects.filter(pk=user.pk).update(unread_notifications=F("unread_notifications") - 1)


@breaks("organizer_merged_with_date")
def test_database_refuses_a_merger_without_its_date(organizer):
    successor = OrganizerFactory(code="QNG-MOI")

    with db_refuses("organizer_merged_with_date"):
        Organizer.objects.filter(pk=organizer.pk).update(merged_into=successor)


@breaks("organizer_not_merged_into_self")
def test_database_refuses_a_province_merged_into_itself(organizer):
    with db_refuses("organizer_not_merged_into_self"):
        Organizer.objects.filter(pk=organizer.pk).update(merged_into=organizer, merged_on=datetime.date(2025, 7, 1))


@breaks("board_name_unique_start")
def test_database_refuses_two_board_names_from_the_same_day(organizer):
    BoardName.objects.create(
        organizer=organizer, name="Ban Thi đua - Khen thưởng tỉnh", valid_from=datetime.date(2020, 1, 1)
    )

    with db_refuses("board_name_unique_start", "members_boardname.organizer_id", "members_boardname.valid_from"):
        BoardName.objects.create(organizer=organizer, name="Sở Nội vụ", valid_from=datetime.date(2020, 1, 1))


@breaks("board_name_period_ordered")
def test_database_refuses_a_board_name_ending_before_it_starts(organizer):
    with db_refuses("board_name_period_ordered"):
        BoardName.objects.create(
            organizer=organizer,
            name="Sở Nội vụ",
            valid_from=datetime.date(2025, 7, 1),
            valid_until=datetime.date(2025, 6, 30),
        )


# blocs


@breaks("bloc_code_unique_per_organizer")
def test_database_refuses_a_second_bloc_with_the_same_code_in_a_province(bloc):
    with db_refuses("bloc_code_unique_per_organizer", "blocs_bloc.organizer_id", "blocs_bloc.code"):
        Bloc.objects.create(organizer=bloc.organizer, code=bloc.code, name="Khối trùng mã", symbol="KTĐ-TM")


@breaks("bloc_symbol_format")
@pytest.mark.parametrize("symbol", ["", "Khối KT-KT", "ktđ", "KTĐ--KT", "-KTĐ", "KTĐ-", "KTĐ/KT", "KTĐ KT"])
def test_database_refuses_a_bloc_symbol_that_is_not_capitals_digits_d_and_dashes(organizer, symbol):
    Bloc.objects.create(organizer=organizer, code="OK", name="Khối đúng", symbol="KTĐ-KTKT2")
    with db_refuses("bloc_symbol_format"):
        Bloc.objects.create(organizer=organizer, code="SAI", name="Khối sai", symbol=symbol)


@breaks("bloc_successor_with_year")
def test_database_refuses_a_successor_bloc_without_its_year(bloc):
    other = BlocFactory(organizer=bloc.organizer)

    with db_refuses("bloc_successor_with_year"):
        Bloc.objects.filter(pk=bloc.pk).update(successor=other)


@breaks("bloc_successor_with_year")
def test_database_refuses_a_successor_year_without_a_bloc(bloc):
    with db_refuses("bloc_successor_with_year"):
        Bloc.objects.filter(pk=bloc.pk).update(successor_from_year=2026)


@breaks("bloc_successor_not_self")
def test_database_refuses_a_bloc_succeeding_itself(bloc):
    with db_refuses("bloc_successor_not_self"):
        Bloc.objects.filter(pk=bloc.pk).update(successor=bloc, successor_from_year=2026)


@breaks("membership_years_ordered")
def test_database_refuses_a_membership_ending_before_it_starts(bloc, agencies):
    with db_refuses("membership_years_ordered"):
        Membership.objects.create(bloc=bloc, agency=agencies[0], from_year=2019, to_year=2018)


@breaks("membership_unique_start")
def test_database_refuses_two_memberships_starting_the_same_year(bloc, agencies):
    member(bloc, agencies[0], 2017, 2018)
    # On PostgreSQL the same rows also overlap: either constraint may report it first.
    alternatives = ("membership_no_overlap",) if connection.vendor == "postgresql" else ()

    columns = [f"blocs_membership.{column}" for column in ("bloc_id", "agency_id", "from_year")]
    with db_refuses("membership_unique_start", *columns, alternatives=alternatives):
        Membership.objects.create(bloc=bloc, agency=agencies[0], from_year=2017, to_year=2017)


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("existing", "new"),
    [
        pytest.param((2017, None), (2019, None), id="open-ended-then-later-start"),
        pytest.param((2015, 2020), (2017, 2018), id="contained"),
        pytest.param((2017, 2018), (2015, 2022), id="containing"),
        pytest.param((2017, 2019), (2019, 2020), id="touching-in-2019"),
        pytest.param((2018, 2018), (2015, None), id="new-open-ended-covers-earlier"),
    ],
)
def test_postgresql_refuses_overlapping_memberships_of_one_agency_in_one_bloc(bloc, agencies, existing, new):
    member(bloc, agencies[0], *existing)

    with db_refuses("membership_no_overlap"):
        Membership.objects.create(bloc=bloc, agency=agencies[0], from_year=new[0], to_year=new[1])


@pytest.mark.postgresql
def test_postgresql_refuses_extending_a_membership_over_a_later_one(bloc, agencies):
    first = member(bloc, agencies[0], 2017, 2018)
    member(bloc, agencies[0], 2020)

    with db_refuses("membership_no_overlap"):
        Membership.objects.filter(pk=first.pk).update(to_year=2021)


@pytest.mark.postgresql
def test_postgresql_refuses_overlapping_memberships_inserted_together(bloc, agencies):
    with db_refuses("membership_no_overlap"):
        Membership.objects.bulk_create(
            [
                Membership(bloc=bloc, agency=agencies[0], from_year=2017, to_year=2020),
                Membership(bloc=bloc, agency=agencies[0], from_year=2020, to_year=None),
            ]
        )


@pytest.mark.postgresql
def test_postgresql_accepts_consecutive_and_separate_memberships(organizer, bloc, agencies):
    other_bloc = BlocFactory(organizer=organizer)

    Membership.objects.bulk_create(
        [
            Membership(bloc=bloc, agency=agencies[0], from_year=2017, to_year=2018),
            Membership(bloc=bloc, agency=agencies[0], from_year=2019, to_year=None),
            Membership(bloc=bloc, agency=agencies[1], from_year=2017, to_year=None),
            Membership(bloc=other_bloc, agency=agencies[0], from_year=2017, to_year=None),
        ]
    )

    assert Membership.objects.count() == 4


@breaks("leadership_one_per_bloc_year")
def test_database_refuses_a_second_leadership_for_a_bloc_and_year(meeting_2017):
    meeting, members = meeting_2017
    Leadership.objects.create(bloc=meeting.bloc, year=2017, chair=members[0], vice_chair=members[1])

    with db_refuses("leadership_one_per_bloc_year", "blocs_leadership.bloc_id", "blocs_leadership.year"):
        Leadership.objects.create(bloc=meeting.bloc, year=2017, chair=members[2], vice_chair=members[3])


@breaks("leadership_chair_not_vice_chair")
def test_database_refuses_a_chair_who_is_also_vice_chair(meeting_2017):
    meeting, members = meeting_2017

    with db_refuses("leadership_chair_not_vice_chair"):
        Leadership.objects.create(bloc=meeting.bloc, year=2017, chair=members[0], vice_chair=members[0])


@breaks("secretary_assignment_unique")
def test_database_refuses_assigning_the_same_secretary_twice(bloc):
    user = UserFactory(organizer=bloc.organizer)
    SecretaryAssignment.objects.create(bloc=bloc, year=2017, user=user)

    columns = [f"blocs_secretaryassignment.{column}" for column in ("bloc_id", "year", "user_id")]
    with db_refuses("secretary_assignment_unique", *columns):
        SecretaryAssignment.objects.create(bloc=bloc, year=2017, user=user)


@pytest.fixture
def pledge(meeting_2017):
    meeting, members = meeting_2017
    pledge = Pledge.objects.create(bloc=meeting.bloc, year=2017)
    criterion = Criterion.objects.create(pledge=pledge, code="1", title="Nhiệm vụ chuyên môn", max_points=60)
    return pledge, criterion, members


@breaks("pledge_one_per_bloc_year")
def test_database_refuses_a_second_pledge_for_a_bloc_and_year(pledge):
    first, _, _ = pledge

    with db_refuses("pledge_one_per_bloc_year", "blocs_pledge.bloc_id", "blocs_pledge.year"):
        Pledge.objects.create(bloc=first.bloc, year=2017)


@breaks("criterion_code_unique_per_pledge")
def test_database_refuses_a_criterion_code_repeated_in_a_pledge(pledge):
    pledge, _, _ = pledge

    with db_refuses("criterion_code_unique_per_pledge", "blocs_criterion.pledge_id", "blocs_criterion.code"):
        Criterion.objects.create(pledge=pledge, code="1", title="Trùng mã", max_points=10)


@breaks("criterion_max_points_positive")
@pytest.mark.parametrize("max_points", [Decimal(0), Decimal(-5)])
def test_database_refuses_a_criterion_without_positive_maximum(pledge, max_points):
    pledge, _, _ = pledge

    with db_refuses("criterion_max_points_positive"):
        Criterion.objects.create(pledge=pledge, code="2", title="Thi đua", max_points=max_points)


@breaks("signature_one_per_agency")
def test_database_refuses_a_second_signature_of_an_agency(pledge):
    pledge, _, members = pledge
    Signature.objects.create(pledge=pledge, agency=members[0], signer="Nguyễn Văn A")

    with db_refuses("signature_one_per_agency", "blocs_signature.pledge_id", "blocs_signature.agency_id"):
        Signature.objects.create(pledge=pledge, agency=members[0], signer="Trần Thị B")


@breaks("score_one_per_agency_criterion")
def test_database_refuses_a_second_score_for_an_agency_and_criterion(pledge):
    _, criterion, members = pledge
    Score.objects.create(criterion=criterion, agency=members[0], points=50)

    with db_refuses("score_one_per_agency_criterion", "blocs_score.criterion_id", "blocs_score.agency_id"):
        Score.objects.bulk_create([Score(criterion=criterion, agency=members[0], points=55)])


@breaks("score_points_not_negative")
def test_database_refuses_negative_points(pledge):
    _, criterion, members = pledge
    score = Score.objects.create(criterion=criterion, agency=members[0], points=50)

    with db_refuses("score_points_not_negative"):
        Score.objects.filter(pk=score.pk).update(points=Decimal("-0.5"))


@breaks("criterion_kind_known")
def test_database_refuses_a_criterion_of_an_unknown_kind(pledge):
    _, criterion, _ = pledge

    with db_refuses("criterion_kind_known"):
        Criterion.objects.filter(pk=criterion.pk).update(kind="penalty")


@breaks("band_name_unique_per_pledge")
def test_database_refuses_a_band_name_repeated_in_a_pledge(pledge):
    pledge, _, _ = pledge
    Band.objects.create(pledge=pledge, name="Xuất sắc", min_points=95)

    with db_refuses("band_name_unique_per_pledge", "pledges_band.pledge_id", "pledges_band.name"):
        Band.objects.create(pledge=pledge, name="Xuất sắc", min_points=90)


@breaks("band_min_unique_per_pledge")
def test_database_refuses_two_bands_of_a_pledge_from_the_same_points(pledge):
    pledge, _, _ = pledge
    Band.objects.create(pledge=pledge, name="Xuất sắc", min_points=95)

    with db_refuses("band_min_unique_per_pledge", "pledges_band.pledge_id", "pledges_band.min_points"):
        Band.objects.bulk_create([Band(pledge=pledge, name="Tốt", min_points=Decimal("95.00"))])


@breaks("self_score_one_per_agency_criterion")
def test_database_refuses_a_second_self_score_for_an_agency_and_criterion(pledge):
    _, criterion, members = pledge
    SelfScore.objects.create(criterion=criterion, agency=members[0], points=50)

    with db_refuses(
        "self_score_one_per_agency_criterion", "pledges_selfscore.criterion_id", "pledges_selfscore.agency_id"
    ):
        SelfScore.objects.bulk_create([SelfScore(criterion=criterion, agency=members[0], points=55)])


@breaks("self_score_points_not_negative")
def test_database_refuses_negative_self_points(pledge):
    _, criterion, members = pledge
    own = SelfScore.objects.create(criterion=criterion, agency=members[0], points=50)

    with db_refuses("self_score_points_not_negative"):
        SelfScore.objects.filter(pk=own.pk).update(points=Decimal("-1"))


@breaks("score_submission_one_per_agency")
def test_database_refuses_a_second_submission_of_an_agencys_self_scoring(pledge):
    pledge, _, members = pledge
    ScoreSubmission.objects.create(pledge=pledge, agency=members[0])

    with db_refuses(
        "score_submission_one_per_agency", "pledges_scoresubmission.pledge_id", "pledges_scoresubmission.agency_id"
    ):
        ScoreSubmission.objects.create(pledge=pledge, agency=members[0])


def _evidence(pledge) -> Evidence:
    pledge, criterion, members = pledge
    own = SelfScore.objects.create(criterion=criterion, agency=members[0], points=10)
    return Evidence.objects.create(
        self_score=own, file="evidence/x", name="a.pdf", content_type=Evidence.Kind.PDF, size=10, sha256="a" * 64
    )


@breaks("evidence_size")
@pytest.mark.parametrize("size", [0, 20 * 1024 * 1024 + 1])
def test_database_refuses_an_evidence_file_empty_or_over_20_mb(pledge, size):
    evidence = _evidence(pledge)

    with db_refuses("evidence_size"):
        Evidence.objects.filter(pk=evidence.pk).update(size=size)


@breaks("evidence_type")
def test_database_refuses_an_evidence_file_of_another_type(pledge):
    evidence = _evidence(pledge)

    with db_refuses("evidence_type"):
        Evidence.objects.filter(pk=evidence.pk).update(content_type="text/html")


# meetings


@breaks("meeting_unique_bloc_kind_date")
def test_database_refuses_two_meetings_of_a_kind_on_one_day(meeting_2017):
    meeting, _ = meeting_2017

    with db_refuses(
        "meeting_unique_bloc_kind_date", "meetings_meeting.bloc_id", "meetings_meeting.kind", "meetings_meeting.held_on"
    ):
        Meeting.objects.create(bloc=meeting.bloc, kind=meeting.kind, year=2017, held_on=meeting.held_on)


@breaks("meeting_ends_after_start")
def test_database_refuses_a_meeting_ending_before_it_starts(meeting_2017):
    meeting, _ = meeting_2017

    with db_refuses("meeting_ends_after_start"):
        Meeting.objects.filter(pk=meeting.pk).update(start_time=datetime.time(14), end_time=datetime.time(8))


@breaks("participant_one_secretary_per_meeting")
def test_database_refuses_a_second_secretary_of_a_meeting(meeting_2017):
    meeting, _ = meeting_2017
    Participant.objects.create(meeting=meeting, role=Participant.Role.SECRETARY, name="Lê Thư")

    with db_refuses("participant_one_secretary_per_meeting", "meetings_participant.meeting_id"):
        Participant.objects.create(meeting=meeting, role=Participant.Role.SECRETARY, name="Phạm Thư Hai")


@breaks("participant_named_or_guest_group")
def test_database_refuses_a_nameless_participant_unless_a_guest_group_of_an_organization(meeting_2017):
    meeting, members = meeting_2017
    Participant.objects.create(meeting=meeting, role=Participant.Role.GUEST, title="Lãnh đạo", organization="Sở Nội vụ")
    Participant.objects.create(meeting=meeting, role=Participant.Role.GUEST, title="Đại diện", agency=members[0])
    for role, organization in ((Participant.Role.PRESIDING, "Sở Nội vụ"), (Participant.Role.GUEST, "")):
        with db_refuses("participant_named_or_guest_group"):
            Participant.objects.create(meeting=meeting, role=role, title="Lãnh đạo", organization=organization)


def test_database_accepts_several_presiding_people_and_guests(meeting_2017):
    meeting, _ = meeting_2017

    Participant.objects.bulk_create(
        [
            Participant(meeting=meeting, role=Participant.Role.SECRETARY, name="Lê Thư"),
            Participant(meeting=meeting, role=Participant.Role.PRESIDING, name="Trần Chủ"),
            Participant(meeting=meeting, role=Participant.Role.PRESIDING, name="Ngô Đồng Chủ"),
            Participant(meeting=meeting, role=Participant.Role.GUEST, name="Khách Một"),
            Participant(meeting=meeting, role=Participant.Role.GUEST, name="Khách Hai"),
        ]
    )

    assert meeting.participants.count() == 5


@breaks("attendance_one_per_agency")
def test_database_refuses_an_agency_listed_twice_in_the_attendance(meeting_2017):
    meeting, members = meeting_2017
    Attendance.objects.create(meeting=meeting, agency=members[0])

    with db_refuses("attendance_one_per_agency", "meetings_attendance.meeting_id", "meetings_attendance.agency_id"):
        Attendance.objects.create(meeting=meeting, agency=members[0], present=False)


# awards


@breaks("award_type_code_unique_per_organizer")
def test_database_refuses_a_second_award_type_with_the_same_code_in_a_province(organizer):
    with db_refuses("award_type_code_unique_per_organizer", "awards_awardtype.organizer_id", "awards_awardtype.code"):
        AwardType.objects.create(organizer=organizer, code="CO_CP", name="Cờ thi đua (trùng mã)")


@breaks("award_type_ratio_range")
@pytest.mark.parametrize("ratio", [0, -0.5, 1.5])
def test_database_refuses_a_ratio_outside_zero_to_one(organizer, ratio):
    with db_refuses("award_type_ratio_range"):
        AwardType.objects.filter(organizer=organizer, code="CO_TINH").update(ratio=ratio)


@breaks("legal_basis_valid_period")
@pytest.mark.parametrize("valid_to", [datetime.date(2023, 12, 26), datetime.date(2023, 1, 1)])
def test_database_refuses_a_legal_basis_ending_when_or_before_it_starts(db, valid_to):
    with db_refuses("legal_basis_valid_period"):
        LegalBasis.objects.create(
            number="98/2023/NĐ-CP",
            title="Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
            valid_from=datetime.date(2023, 12, 26),
            valid_to=valid_to,
        )


@breaks("award_type_flag_unique_per_organizer")
def test_database_refuses_a_second_award_type_of_the_same_flag_in_a_province(organizer):
    columns = ("awards_awardtype.organizer_id", "awards_awardtype.flag")
    with db_refuses("award_type_flag_unique_per_organizer", *columns):
        AwardType.objects.filter(organizer=organizer, code="BK_TINH").update(flag=AwardType.Flag.PROVINCIAL)


@breaks("award_policy_share_range")
@breaks("award_policy_tie_share_range")
@pytest.mark.parametrize(("field", "constraint"), [
    ("government_flag_share", "award_policy_share_range"), ("tie_women_share", "award_policy_tie_share_range"),
])  # fmt: skip
@pytest.mark.parametrize("share", [Decimal("-0.1"), Decimal("1.5")])
def test_database_refuses_a_policy_share_outside_zero_to_one(organizer, field, constraint, share):
    with db_refuses(constraint):
        AwardPolicy.objects.create(organizer=organizer, **{field: share})


@breaks("agency_hold_unique")
def test_database_refuses_the_same_hold_twice(agencies):
    AgencyHold.objects.create(agency=agencies[0], year=2025, kind=AgencyHold.Kind.INSPECTION)

    columns = ("awards_agencyhold.agency_id", "awards_agencyhold.year", "awards_agencyhold.kind")
    with db_refuses("agency_hold_unique", *columns):
        AgencyHold.objects.create(agency=agencies[0], year=2025, kind=AgencyHold.Kind.INSPECTION, reason="Lần hai")


@breaks("agency_hold_kind_valid")
def test_database_refuses_a_hold_of_an_unknown_kind(agencies):
    with db_refuses("agency_hold_kind_valid"):
        AgencyHold.objects.create(agency=agencies[0], year=2025, kind="rumour")


@breaks("women_share_unique")
def test_database_refuses_two_women_shares_of_an_agency_for_a_year(agencies):
    WomenShare.objects.create(agency=agencies[0], year=2025, share=Decimal("0.7"))

    with db_refuses("women_share_unique", "awards_womenshare.agency_id", "awards_womenshare.year"):
        WomenShare.objects.create(agency=agencies[0], year=2025, share=Decimal("0.8"))


@breaks("women_share_range")
@pytest.mark.parametrize("share", [Decimal("-0.001"), Decimal("1.001")])
def test_database_refuses_a_women_share_outside_zero_to_one(agencies, share):
    with db_refuses("women_share_range"):
        WomenShare.objects.create(agency=agencies[0], year=2025, share=share)


@breaks("proposal_unique_per_bloc_year")
def test_database_refuses_a_second_proposal_of_an_award_for_a_nominee_in_a_bloc_year(meeting_2017):
    meeting, members = meeting_2017
    other_meeting = MeetingFactory(bloc=meeting.bloc, kind=Meeting.Kind.OTHER, year=2017)
    flag = award(meeting.bloc.organizer, "CO_TINH")
    Proposal.objects.create(meeting=meeting, nominee=members[0], award_type=flag)

    columns = [f"awards_proposal.{column}" for column in ("bloc_id", "year", "nominee_id", "award_type_id")]
    with db_refuses("proposal_unique_per_bloc_year", *columns):
        Proposal.objects.create(meeting=other_meeting, nominee=members[0], award_type=flag)


@breaks("proposal_tally_has_for")
def test_database_refuses_a_tally_without_votes_for(meeting_2017):
    meeting, members = meeting_2017
    proposal = Proposal.objects.create(
        meeting=meeting, nominee=members[0], award_type=award(meeting.bloc.organizer, "BK_TINH")
    )

    with db_refuses("proposal_tally_has_for"):
        Proposal.objects.filter(pk=proposal.pk).update(votes_against=2)


@breaks("ballot_one_per_agency")
def test_database_refuses_a_second_ballot_of_an_agency_on_a_proposal(meeting_2017):
    meeting, members = meeting_2017
    proposal = Proposal.objects.create(
        meeting=meeting, nominee=members[0], award_type=award(meeting.bloc.organizer, "BK_TINH")
    )
    Ballot.objects.create(proposal=proposal, agency=members[1], vote=Ballot.Vote.FOR)

    with db_refuses("ballot_one_per_agency", "awards_ballot.proposal_id", "awards_ballot.agency_id"):
        Ballot.objects.bulk_create([Ballot(proposal=proposal, agency=members[1], vote=Ballot.Vote.AGAINST)])


@breaks("ranking_one_per_agency")
def test_database_refuses_ranking_an_agency_twice_at_a_meeting(meeting_2017):
    meeting, members = meeting_2017
    Ranking.objects.create(meeting=meeting, agency=members[0], rank=1)

    with db_refuses("ranking_one_per_agency", "awards_ranking.meeting_id", "awards_ranking.agency_id"):
        Ranking.objects.create(meeting=meeting, agency=members[0], rank=2)


@breaks("ranking_rank_positive")
def test_database_refuses_rank_zero(meeting_2017):
    meeting, members = meeting_2017

    with db_refuses("ranking_rank_positive"):
        Ranking.objects.create(meeting=meeting, agency=members[0], rank=0)


@breaks("decision_number_unique_per_organizer")
def test_database_refuses_a_decision_number_used_twice_in_a_province(organizer):
    Decision.objects.create(organizer=organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 3, 1))

    with db_refuses("decision_number_unique_per_organizer", "awards_decision.organizer_id", "awards_decision.number"):
        Decision.objects.create(organizer=organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 4, 2))


def test_database_refuses_awarding_a_proposal_by_two_decisions(meeting_2017):
    meeting, members = meeting_2017
    organizer = meeting.bloc.organizer
    proposal = Proposal.objects.create(
        meeting=meeting, nominee=members[0], award_type=award(organizer, "BK_TINH"), votes_for=5, outcome="passed"
    )
    first = Decision.objects.create(organizer=organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 3, 1))
    second = Decision.objects.create(organizer=organizer, number="15/QĐ-UBND", signed_on=datetime.date(2018, 4, 2))
    DecisionAward.objects.create(decision=first, proposal=proposal)

    # Held by the one-to-one field's unique index, whose PostgreSQL name Django derives from the column.
    with db_refuses("awards_decisionaward_proposal_id", "awards_decisionaward.proposal_id"):
        DecisionAward.objects.create(decision=second, proposal=proposal)


# minutes versions (meetings)


def minutes_version(meeting, number: int = 1, **fields) -> MinutesVersion:
    return MinutesVersion.objects.create(meeting=meeting, number=number, snapshot={}, content_hash="0" * 64, **fields)


@breaks("minutes_version_unique_number")
def test_database_refuses_two_minutes_versions_with_the_same_number(meeting_2017):
    meeting, _ = meeting_2017
    minutes_version(meeting, 1)

    columns = [f"meetings_minutesversion.{column}" for column in ("meeting_id", "document", "number")]
    with db_refuses("minutes_version_unique_number", *columns):
        minutes_version(meeting, 1)


@breaks("minutes_version_number_positive")
def test_database_refuses_minutes_version_zero(meeting_2017):
    meeting, _ = meeting_2017

    with db_refuses("minutes_version_number_positive"):
        minutes_version(meeting, 0)


@breaks("minutes_version_ready_has_file")
def test_database_refuses_a_ready_minutes_version_without_its_file(meeting_2017):
    meeting, _ = meeting_2017
    version = minutes_version(meeting, 1)

    with db_refuses("minutes_version_ready_has_file"):
        MinutesVersion.objects.filter(pk=version.pk).update(status=MinutesVersion.Status.READY)


def signed_copy(version, **fields) -> SignedCopy:
    return SignedCopy.objects.create(version=version, file="signed/x.pdf", **{"sha256": "a" * 64, "size": 10} | fields)


@breaks("signed_copy_unique_file")
def test_database_refuses_the_same_signed_copy_twice(meeting_2017):
    meeting, _ = meeting_2017
    version = minutes_version(meeting, 1)
    signed_copy(version)

    with db_refuses("signed_copy_unique_file", "records_signedcopy.sha256"):
        signed_copy(minutes_version(meeting, 2))


@breaks("signed_copy_size")
def test_database_refuses_a_signed_copy_empty_or_over_20_mb(meeting_2017):
    meeting, _ = meeting_2017
    copy = signed_copy(minutes_version(meeting, 1))

    with db_refuses("signed_copy_size"):
        SignedCopy.objects.filter(pk=copy.pk).update(size=20 * 1024 * 1024 + 1)
    with db_refuses("signed_copy_size"):
        SignedCopy.objects.filter(pk=copy.pk).update(size=0)


# meetings: the ballot figures of the vote count


@breaks("meeting_ballots_returned_le_issued")
def test_database_refuses_more_ballots_returned_than_issued(meeting_2017):
    meeting, _ = meeting_2017

    with db_refuses("meeting_ballots_returned_le_issued"):
        Meeting.objects.filter(pk=meeting.pk).update(ballots_issued=10, ballots_returned=11)


@breaks("meeting_ballots_invalid_le_returned")
def test_database_refuses_more_invalid_ballots_than_returned(meeting_2017):
    meeting, _ = meeting_2017

    with db_refuses("meeting_ballots_invalid_le_returned"):
        Meeting.objects.filter(pk=meeting.pk).update(ballots_returned=5, ballots_invalid=6)


# meetings: online votes


def _voting_session(meeting_2017) -> tuple[VotingSession, list]:
    meeting, members = meeting_2017
    return VotingSession.objects.create(meeting=meeting, mode="secret", opened_at=NOW_2018, eligible=5), members


@breaks("voting_session_cast_le_eligible")
def test_database_refuses_more_ballots_than_voters(meeting_2017):
    session, _ = _voting_session(meeting_2017)

    with db_refuses("voting_session_cast_le_eligible"):
        VotingSession.objects.filter(pk=session.pk).update(cast=F("eligible") + 1)


@breaks("voting_session_closed_after_opened")
def test_database_refuses_a_vote_closed_before_it_opened(meeting_2017):
    session, _ = _voting_session(meeting_2017)

    with db_refuses("voting_session_closed_after_opened"):
        VotingSession.objects.filter(pk=session.pk).update(closed_at=NOW_2018 - datetime.timedelta(minutes=1))


@breaks("voting_session_mode_known")
def test_database_refuses_an_unknown_voting_mode(meeting_2017):
    session, _ = _voting_session(meeting_2017)

    with db_refuses("voting_session_mode_known"):
        VotingSession.objects.filter(pk=session.pk).update(mode="")


@breaks("voter_one_ballot_per_agency")
def test_database_refuses_a_second_ballot_of_an_agency_in_an_online_vote(meeting_2017):
    session, members = _voting_session(meeting_2017)
    Voter.objects.create(session=session, agency=members[0])

    with db_refuses("voter_one_ballot_per_agency", "meetings_voter.session_id", "meetings_voter.agency_id"):
        Voter.objects.create(session=session, agency=members[0])


# dossiers


@pytest.fixture
def dossier_2017(meeting_2017):
    """A 2017 dossier sent once (its letter a minutes version of the meeting), and a passed proposal of it."""
    meeting, members = meeting_2017
    proposal = Proposal.objects.create(
        meeting=meeting, nominee=members[0], award_type=award(meeting.bloc.organizer, "BK_TINH"), outcome="passed"
    )
    dossier = Dossier.objects.create(bloc=meeting.bloc, year=2017, state=Dossier.State.SENT)
    letter = minutes_version(meeting, 1, document=MinutesVersion.Document.LETTER)
    submission = Submission.objects.create(dossier=dossier, number=1, meeting=meeting, letter=letter)
    return dossier, submission, proposal


def _report(model, **fields):
    return model.objects.create(name="bao-cao.pdf", content_type="application/pdf", size=10, sha256="0" * 64,
                                file="x.pdf", **fields)  # fmt: skip


@breaks("dossier_one_per_bloc_year")
def test_database_refuses_two_dossiers_of_a_bloc_year(dossier_2017):
    dossier, _, _ = dossier_2017

    with db_refuses("dossier_one_per_bloc_year", "dossiers_dossier.bloc_id", "dossiers_dossier.year"):
        Dossier.objects.create(bloc=dossier.bloc, year=2017)


@breaks("submission_unique_number")
def test_database_refuses_two_sendings_with_the_same_number(dossier_2017):
    dossier, submission, _ = dossier_2017

    with db_refuses("submission_unique_number", "dossiers_submission.dossier_id", "dossiers_submission.number"):
        Submission.objects.create(dossier=dossier, number=1, meeting=submission.meeting, letter=submission.letter)


@breaks("submission_returned_has_reason")
def test_database_refuses_a_return_without_a_reason(dossier_2017):
    _, submission, _ = dossier_2017

    with db_refuses("submission_returned_has_reason"):
        Submission.objects.filter(pk=submission.pk).update(answer="returned", answered_at=submission.sent_at)


@breaks("submission_answer_has_time")
def test_database_refuses_an_answer_without_its_time(dossier_2017):
    _, submission, _ = dossier_2017

    with db_refuses("submission_answer_has_time"):
        Submission.objects.filter(pk=submission.pk).update(answer="received")


@breaks("submitted_report_one_per_proposal")
def test_database_refuses_two_reports_of_a_proposal_in_a_sending(dossier_2017):
    _, submission, proposal = dossier_2017
    _report(SubmittedReport, submission=submission, proposal=proposal)

    columns = ("dossiers_submittedreport.submission_id", "dossiers_submittedreport.proposal_id")
    with db_refuses("submitted_report_one_per_proposal", *columns):
        _report(SubmittedReport, submission=submission, proposal=proposal)


@breaks("achievement_report_size")
def test_database_refuses_a_report_over_20_mb(dossier_2017):
    _, _, proposal = dossier_2017
    report = _report(AchievementReport, proposal=proposal)

    with db_refuses("achievement_report_size"):
        AchievementReport.objects.filter(pk=report.pk).update(size=20 * 1024 * 1024 + 1)


@breaks("achievement_report_type")
def test_database_refuses_a_report_of_another_type(dossier_2017):
    _, _, proposal = dossier_2017
    report = _report(AchievementReport, proposal=proposal)

    with db_refuses("achievement_report_type"):
        AchievementReport.objects.filter(pk=report.pk).update(content_type="application/zip")


@breaks("dossier_deadline_one_per_year")
def test_database_refuses_two_deadlines_of_a_year(organizer):
    Deadline.objects.create(organizer=organizer, year=2025, due_on=datetime.date(2025, 12, 10))

    columns = ("dossiers_deadline.organizer_id", "dossiers_deadline.year")
    with db_refuses("dossier_deadline_one_per_year", *columns):
        Deadline.objects.create(organizer=organizer, year=2025, due_on=datetime.date(2025, 12, 15))


@breaks("dossier_reminder_once")
def test_database_refuses_a_reminder_sent_twice(bloc):
    due = datetime.date(2025, 12, 10)
    Reminder.objects.create(bloc=bloc, year=2025, days_before=14, due_on=due)

    columns = [f"dossiers_reminder.{c}" for c in ("bloc_id", "year", "days_before", "due_on")]
    with db_refuses("dossier_reminder_once", *columns):
        Reminder.objects.create(bloc=bloc, year=2025, days_before=14, due_on=due)


# portal: what the board publishes


@breaks("public_results_one_per_year")
def test_database_refuses_two_public_settings_of_a_year(organizer):
    PublicResults.objects.create(organizer=organizer, year=2025, published=True)

    columns = ("portal_publicresults.organizer_id", "portal_publicresults.year")
    with db_refuses("public_results_one_per_year", *columns):
        PublicResults.objects.create(organizer=organizer, year=2025)


@breaks("public_results_minutes_need_results")
def test_database_refuses_minutes_published_without_the_results(organizer):
    row = PublicResults.objects.create(organizer=organizer, year=2025, published=True, minutes_published=True)

    with db_refuses("public_results_minutes_need_results"):
        PublicResults.objects.filter(pk=row.pk).update(published=False)


# signatures: the anchors the board trusts, the organization's certificate


def trust_anchor(**fields) -> TrustAnchor:
    return TrustAnchor.objects.create(
        **{
            "name": "Gốc",
            "certificate_pem": "-----BEGIN CERTIFICATE-----",
            "subject": "Gốc",
            "fingerprint_sha256": "a" * 64,
            "not_before": NOW_2018,
            "not_after": NOW_2018 + datetime.timedelta(days=3650),
        }
        | fields
    )


@breaks("trust_anchor_name_unique")
def test_database_refuses_two_anchors_of_one_name():
    trust_anchor()

    with db_refuses("trust_anchor_name_unique", "signatures_trustanchor.name"):
        trust_anchor(fingerprint_sha256="b" * 64)


@breaks("trust_anchor_fingerprint_unique")
def test_database_refuses_the_same_certificate_twice(organizer):
    trust_anchor()

    with db_refuses("trust_anchor_fingerprint_unique", "signatures_trustanchor.fingerprint_sha256"):
        trust_anchor(name="Gốc của tỉnh", organizer=organizer)


@breaks("trust_anchor_validity_ordered")
def test_database_refuses_an_anchor_valid_until_before_it_starts():
    with db_refuses("trust_anchor_validity_ordered"):
        trust_anchor(not_after=NOW_2018 - datetime.timedelta(days=1))


@breaks("organization_signer_enabled_has_certificate")
def test_database_refuses_an_enabled_signer_without_its_certificate(organizer):
    signer = OrganizationSigner.objects.create(
        organizer=organizer, organization_name="UBND", p12_encrypted=b"token", password_encrypted=b"token",
        not_after=NOW_2018,
    )  # fmt: skip

    with db_refuses("organization_signer_enabled_has_certificate"):
        OrganizationSigner.objects.filter(pk=signer.pk).update(p12_encrypted=b"")
