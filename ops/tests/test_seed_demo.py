"""``manage.py seed_demo``: a complete, rule-abiding demo province, loaded once however often it runs."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum

from awards.models import AwardType
from blocs.access import is_secretary, visible_blocs
from blocs.models import Bloc, Leadership, Membership
from decisions.models import Decision, DecisionAward
from meetings.models import Meeting, Proposal
from members.models import Agency, Organizer, User
from pledges.models import Pledge, Score

PASSWORD = "thidua2026"
HISTORY = (2023, 2024, 2025)


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Run the command twice, once for the whole class; everything is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = _seed()
        after_first = _counts()
        second_output = _seed()
        after_second = _counts()
        yield {"first": (first_output, after_first), "second": (second_output, after_second)}
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestSeedDemo:
    def test_second_run_changes_nothing(self, seeded):
        first_output, after_first = seeded["first"]
        second_output, after_second = seeded["second"]
        assert after_second == after_first
        assert "Đã nạp dữ liệu minh họa" in first_output
        assert "không thay đổi gì" in second_output
        assert "bantdkt" in second_output and PASSWORD in second_output

    def test_organizer_has_the_agencies_and_blocs(self):
        organizer = Organizer.objects.get(code="QNG")
        assert organizer.name == "Ủy ban nhân dân tỉnh Quảng Ngãi"
        assert organizer.board_name == "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi"
        codes = set(Agency.objects.filter(organizer=organizer).values_list("code", flat=True))
        assert len(codes) >= 25
        assert {"VP-HDND", "VP-UBND", "SKHDT", "STC", "SNGV", "BDT", "CHQ", "CT", "CTK", "KBNN", "NHNN"} <= codes
        blocs = Bloc.objects.filter(organizer=organizer)
        assert blocs.count() >= 3
        assert blocs.get(code="TMTH").name == "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
        for bloc in blocs:
            for year in (*HISTORY, 2026):
                assert 7 <= Membership.objects.in_year(year).filter(bloc=bloc).count() <= 11, (bloc.code, year)

    def test_planning_department_merged_into_finance_keeps_its_history(self):
        skhdt = Agency.objects.get(organizer__code="QNG", code="SKHDT")
        assert skhdt.successor.code == "STC"
        assert skhdt.until == datetime.date(2025, 2, 28)
        assert list(Membership.objects.filter(agency=skhdt).values_list("to_year", flat=True)) == [2024]
        assert Score.objects.filter(agency=skhdt, criterion__pledge__year=2024).exists()
        assert not Membership.objects.in_year(2025).filter(agency=skhdt).exists()

    def test_each_bloc_and_year_has_a_pledge_of_100_points_scored_for_every_member(self):
        for bloc in Bloc.objects.filter(organizer__code="QNG"):
            for year in HISTORY:
                pledge = Pledge.objects.get(bloc=bloc, year=year)
                criteria = list(pledge.criteria.all())
                assert 5 <= len(criteria) <= 8
                assert pledge.total_points == Decimal(100)
                members = set(Membership.objects.in_year(year).filter(bloc=bloc).values_list("agency_id", flat=True))
                assert set(pledge.signatures.values_list("agency_id", flat=True)) == members
                assert all(s.signer and s.title for s in pledge.signatures.all())
                scores = Score.objects.filter(criterion__pledge=pledge).select_related("criterion")
                assert scores.count() == len(members) * len(criteria)
                assert all(0 <= s.points <= s.criterion.max_points for s in scores)
            assert Pledge.objects.filter(bloc=bloc, year=2026).exists()

    def test_ranking_follows_the_scores(self):
        for meeting in Meeting.objects.filter(bloc__organizer__code="QNG", kind=Meeting.Kind.YEAR_END_REVIEW):
            totals = dict(
                Score.objects.filter(criterion__pledge__bloc=meeting.bloc, criterion__pledge__year=meeting.year)
                .values_list("agency_id")
                .annotate(total=Sum("points"))
            )
            ranked = [r.agency_id for r in meeting.rankings.order_by("rank")]
            assert ranked == sorted(totals, key=lambda agency_id: -totals[agency_id])

    def test_meetings_of_every_kind_past_ones_finalized_one_2026_draft(self):
        meetings = Meeting.objects.filter(bloc__organizer__code="QNG")
        assert set(meetings.values_list("kind", flat=True)) == set(Meeting.Kind.values)
        drafts = list(meetings.filter(status=Meeting.Status.DRAFT))
        assert [(m.bloc.code, m.kind, m.year) for m in drafts] == [("TMTH", Meeting.Kind.MID_YEAR_REVIEW, 2026)]
        for meeting in meetings.filter(kind=Meeting.Kind.YEAR_END_REVIEW):
            assert meeting.is_finalized
            assert meeting.report and meeting.shortcomings and len(meeting.directions) >= 3
            assert meeting.attendances.filter(present=True).exclude(representative="").exists()
            roles = Counter(meeting.participants.values_list("role", flat=True))
            assert roles["presiding"] == 1 and roles["secretary"] == 1 and roles["guest"] >= 1
            assert meeting.rankings.exists() and meeting.proposals.exists()
            assert Leadership.objects.filter(elected_at=meeting, year=meeting.year + 1).exists()
        assert meetings.filter(kind=Meeting.Kind.YEAR_END_REVIEW, attendances__present=False).exists()

    def test_leadership_rotates_and_2026_was_elected_at_the_2025_review(self):
        for bloc in Bloc.objects.filter(organizer__code="QNG"):
            terms = {leadership.year: leadership for leadership in bloc.leaderships.all()}
            assert set(terms) >= {2023, 2024, 2025, 2026}
            for year in (2024, 2025, 2026):
                assert terms[year].chair_id == terms[year - 1].vice_chair_id
            elected_at = terms[2026].elected_at
            assert elected_at.kind == Meeting.Kind.YEAR_END_REVIEW and elected_at.year == 2025

    def test_proposals_voted_by_tally_and_by_ballot_some_failing_within_quotas(self):
        proposals = Proposal.objects.filter(bloc__organizer__code="QNG")
        assert proposals.filter(votes_for__isnull=False).exists()
        assert proposals.filter(votes_for__isnull=True, ballots__isnull=False).exists()
        assert proposals.filter(outcome=Proposal.Outcome.FAILED).exists()
        assert not proposals.filter(outcome=Proposal.Outcome.PENDING).exists()
        passed = (
            proposals.filter(outcome=Proposal.Outcome.PASSED)
            .values("bloc", "year", "award_type__code")
            .annotate(n=Count("pk"))
        )
        quota = dict(AwardType.objects.filter(organizer__code="QNG").values_list("code", "quota_per_bloc"))
        assert all(
            quota[row["award_type__code"]] is None or row["n"] <= quota[row["award_type__code"]] for row in passed
        )

    def test_one_decision_awards_passed_2024_proposals(self):
        decision = Decision.objects.get(organizer__code="QNG")
        assert (decision.number, decision.signed_on) == ("125/QĐ-UBND", datetime.date(2025, 3, 15))
        assert decision.issued_by == "Chủ tịch UBND tỉnh Quảng Ngãi"
        awarded = Proposal.objects.filter(decision_award__decision=decision)
        assert awarded.exists()
        assert set(awarded.values_list("year", "outcome")) == {(2024, Proposal.Outcome.PASSED)}
        assert DecisionAward.objects.count() == awarded.count()

    def test_demo_logins_authenticate_with_the_documented_password(self):
        for username in ("bantdkt", "thuky", "donvi"):
            assert authenticate(username=username, password=PASSWORD) == User.objects.get(username=username)
        assert not User.objects.filter(is_superuser=True).exists()

    def test_board_staff_login_sees_every_bloc_and_can_use_the_admin(self):
        user = User.objects.get(username="bantdkt")
        assert user.is_board_staff and user.is_staff and not user.is_superuser
        assert set(visible_blocs(user)) == set(Bloc.objects.filter(organizer__code="QNG"))
        assert user.groups.filter(name="Cán bộ Ban Thi đua - Khen thưởng").exists()
        for permission in (
            "blocs.change_bloc",
            "meetings.change_meeting",
            "decisions.add_decision",
            "members.view_agency",
        ):
            assert user.has_perm(permission), permission

    def test_secretary_login_chairs_tmth_in_2026(self):
        user = User.objects.get(username="thuky")
        tmth = Bloc.objects.get(organizer__code="QNG", code="TMTH")
        assert user.role == User.Role.AGENCY_USER
        assert is_secretary(user, tmth, 2026)
        assert Leadership.objects.get(bloc=tmth, year=2026).chair_id == user.agency_id

    def test_agency_login_sees_its_bloc_and_is_nobodys_secretary(self):
        user = User.objects.get(username="donvi")
        blocs = list(visible_blocs(user))
        assert blocs
        assert all(Membership.objects.filter(bloc=bloc, agency=user.agency).exists() for bloc in blocs)
        assert not Leadership.objects.filter(Q(chair=user.agency) | Q(vice_chair=user.agency)).exists()
        for bloc in Bloc.objects.filter(organizer__code="QNG"):
            assert not is_secretary(user, bloc, 2026)
