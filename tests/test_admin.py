"""The admin: every model registered, board staff confined to their province, workflows' rules kept."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from awards.models import AwardType, LegalBasis
from awards.rules import Tally
from blocs.models import Leadership, Membership
from blocs.services import leadership_set, secretary_assign
from decisions.models import Decision
from decisions.services import decision_create
from meetings.models import Attendance, Ballot, Meeting, Proposal
from meetings.services import attendance_record, meeting_create, participants_set
from meetings.voting import proposal_create, ranking_record
from members.models import Agency, Organizer, User
from pledges.models import Pledge
from pledges.services import pledge_create, scores_record, signature_record
from records.models import MinutesVersion
from records.services import meeting_finalize
from tests.project import RECORD_APPS

from .factories import AgencyFactory, BlocFactory, OrganizerFactory, UserFactory, award

APPS = RECORD_APPS
MODELS = [model for app in APPS for model in apps.get_app_config(app).get_models()]
HELD_ON = datetime.date(2018, 1, 4)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management(**prefixes: int) -> dict[str, int]:
    """Management-form data of inline formsets: prefix → number of existing rows posted."""
    data = {}
    for prefix, initial in prefixes.items():
        data |= {f"{prefix}-TOTAL_FORMS": initial, f"{prefix}-INITIAL_FORMS": initial}
        data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    return data


def province(code: str, marker: str) -> SimpleNamespace:
    """A province with one row of every model, every name carrying ``marker``."""
    organizer = OrganizerFactory(code=code, name=f"Ủy ban nhân dân tỉnh {marker}", short_name=f"UBND {marker}")
    for award_type in AwardType.objects.filter(organizer=organizer):
        award_type.name = f"{award_type.name} ({marker})"
        award_type.save(update_fields=["name"])
    bloc = BlocFactory(organizer=organizer, code=f"K{code}", name=f"Khối thi đua {marker}")
    agencies = [AgencyFactory(organizer=organizer, code=f"{code}{i}", name=f"Sở {marker} {i}") for i in range(3)]
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=2017) for a in agencies)
    leadership_set(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[1])
    secretary = UserFactory(username=f"thuky_{code}", first_name=marker, organizer=organizer, agency=agencies[0])
    secretary_assign(bloc=bloc, year=2017, user=secretary)
    pledge = pledge_create(
        bloc=bloc, year=2017, criteria=[{"code": "1", "title": f"Tiêu chí {marker}", "max_points": 10}]
    )
    signature_record(pledge=pledge, agency=agencies[0], signer=f"Ông {marker}", title="Giám đốc")
    scores_record(pledge=pledge, points={(agencies[0].pk, pledge.criteria.get().pk): 8})
    meeting = meeting_create(
        bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=HELD_ON, title=f"Hội nghị {marker}"
    )
    participants_set(meeting=meeting, presiding=[{"name": f"Chủ trì {marker}"}], secretary={"name": f"Thư ký {marker}"})
    attendance_record(
        meeting=meeting, rows=[{"agency": a, "present": True, "representative": f"Ông {marker}"} for a in agencies]
    )
    proposal = proposal_create(
        meeting=meeting,
        nominee=agencies[0],
        award_type=award(organizer, "CO_TINH"),
        ballots={a.pk: "for" for a in agencies},
    )
    ranking_record(meeting=meeting, ranks={a.pk: rank for rank, a in enumerate(agencies, start=1)})
    decision = decision_create(
        organizer=organizer,
        number=f"12/QĐ-{code}",
        signed_on=datetime.date(2018, 3, 1),
        issued_by=f"UBND {marker}",
        proposals=[proposal],
    )
    MinutesVersion.objects.create(meeting=meeting, number=1, snapshot={}, content_hash="0" * 64)
    legal_basis = LegalBasis.objects.create(
        organizer=organizer,
        number=f"01/{code}",
        title=f"Quy định thi đua {marker}",
        valid_from=datetime.date(2020, 1, 1),
    )
    return SimpleNamespace(
        organizer=organizer, bloc=bloc, agencies=agencies, meeting=meeting, proposal=proposal,
        decision=decision, legal_basis=legal_basis, secretary=secretary, marker=marker,
    )  # fmt: skip


@pytest.fixture
def a(db):
    return province("QNG", "Tư Nghĩa")


@pytest.fixture
def b(db):
    return province("BDH", "Hoài Nhơn")


@pytest.fixture
def national(db):
    return LegalBasis.objects.create(
        number="06/2022/QH15", title="Luật Thi đua, khen thưởng", valid_from=datetime.date(2024, 1, 1)
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="quantri", password="x", email="")


@pytest.fixture
def staff_a(a):
    user = UserFactory(username="canbo_a", role=User.Role.BOARD_STAFF, organizer=a.organizer, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    return user


@pytest.fixture
def as_superuser(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def as_staff_a(client, staff_a):
    client.force_login(staff_a)
    return client


def test_every_model_of_the_four_apps_is_registered():
    assert len(MODELS) >= 22
    assert [m for m in MODELS if not admin.site.is_registered(m)] == []


def test_admin_site_speaks_vietnamese(as_superuser):
    response = as_superuser.get(reverse("admin:index"))
    assert "Quản trị hệ thống thi đua khối" in response.content.decode()


def test_superuser_opens_every_changelist_and_add_page_and_sees_both_provinces(as_superuser, a, b, national):
    statuses = {}
    for model in MODELS:
        listing = as_superuser.get(admin_url(model, "changelist"))
        statuses[model.__name__] = (listing.status_code, as_superuser.get(admin_url(model, "add")).status_code)
        assert a.marker in listing.content.decode(), model.__name__
        assert b.marker in listing.content.decode(), model.__name__
    expected = {model.__name__: (200, 200) for model in MODELS}
    expected["MinutesVersion"] = (200, 403)  # made by finalizing a meeting, never typed in
    expected["AuditEntry"] = (200, 403)  # written with the change it records, never typed in
    assert statuses == expected


def test_board_staff_open_every_changelist_and_add_page_of_their_province_only(as_staff_a, a, b, national):
    statuses = {}
    for model in MODELS:
        listing = as_staff_a.get(admin_url(model, "changelist"))
        adding = as_staff_a.get(admin_url(model, "add"))
        statuses[model.__name__] = (listing.status_code, adding.status_code)
        assert a.marker in listing.content.decode(), model.__name__
        assert b.marker not in listing.content.decode(), model.__name__
        assert b.marker not in adding.content.decode(), model.__name__
    expected = {model.__name__: (200, 200) for model in MODELS}
    # Provinces are created by whoever administers the installation, not by a province's own staff.
    expected["Organizer"] = (200, 403)
    expected["MinutesVersion"] = (200, 403)
    expected["AuditEntry"] = (200, 403)
    assert statuses == expected


def test_every_change_page_opens_for_both(client, superuser, staff_a, a, b):
    for user in (superuser, staff_a):
        client.force_login(user)
        for model in MODELS:
            model_admin = admin.site.get_model_admin(model)
            obj = model._default_manager.filter(**{model_admin.organizer_path: a.organizer.pk}).first()
            response = client.get(admin_url(model, "change", obj.pk))
            assert response.status_code == 200, (user.username, model.__name__)
            if not user.is_superuser:
                assert b.marker not in response.content.decode(), model.__name__


def test_board_staff_add_users_of_their_own_province(as_staff_a, a, b):
    response = as_staff_a.post(
        admin_url(User, "add"),
        {
            "username": "nguoidung_moi", "usable_password": "false", "organizer": b.organizer.pk,
            "agency": a.agencies[1].pk, "role": User.Role.AGENCY_USER, "_save": "1",
        },
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="nguoidung_moi")
    assert (user.organizer, user.agency) == (a.organizer, a.agencies[1])


@pytest.mark.parametrize("key", ["organizer", "bloc", "agency", "meeting", "proposal", "decision", "legal_basis"])
def test_board_staff_are_sent_away_from_another_provinces_rows(as_staff_a, b, key):
    obj = getattr(b, key) if key != "agency" else b.agencies[0]
    for view in ("change", "delete", "history"):
        response = as_staff_a.get(admin_url(type(obj), view, obj.pk))
        if key == "organizer" and view == "delete":
            assert response.status_code == 403  # no staff may delete a province, theirs included
            continue
        assert response.status_code == 302, view
        assert response.url == reverse("admin:index")


def test_board_staff_cannot_change_another_provinces_bloc_by_posting(as_staff_a, b):
    response = as_staff_a.post(
        admin_url(type(b.bloc), "change", b.bloc.pk), {"name": "Đổi tên", "code": "X", "kind": "bloc"}
    )
    assert response.status_code == 302
    b.bloc.refresh_from_db()
    assert b.bloc.name == "Khối thi đua Hoài Nhơn"


def test_autocomplete_offers_board_staff_only_their_agencies_and_ignores_diacritics(
    as_staff_a, as_superuser, staff_a, superuser, a, b
):
    def found(client, user, term):
        client.force_login(user)
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "blocs", "model_name": "membership", "field_name": "agency", "term": term},
        )
        assert response.status_code == 200
        return {int(row["id"]) for row in response.json()["results"]}

    assert found(as_staff_a, staff_a, "") == {x.pk for x in a.agencies}
    assert found(as_staff_a, staff_a, "hoai nhon") == set()
    assert found(as_superuser, superuser, "hoai nhon") == {x.pk for x in b.agencies}
    assert found(as_superuser, superuser, "Hoài Nhơn 1") == {b.agencies[1].pk}


def test_board_staff_add_agencies_to_their_own_province_whatever_is_posted(as_staff_a, a, b):
    response = as_staff_a.post(
        admin_url(Agency, "add"), {"organizer": b.organizer.pk, "code": "STC", "name": "Sở Tài chính", "_save": "1"}
    )
    assert response.status_code == 302
    assert Agency.objects.get(code="STC").organizer == a.organizer


def test_board_staff_cannot_pick_another_provinces_bloc(as_staff_a, a, b):
    response = as_staff_a.post(admin_url(Pledge, "add"), {"bloc": b.bloc.pk, "year": 2019, "_save": "1"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["bloc"]
    assert not Pledge.objects.filter(year=2019).exists()


def test_board_staff_read_but_cannot_change_national_legal_texts(as_staff_a, national):
    assert as_staff_a.get(admin_url(LegalBasis, "change", national.pk)).status_code == 200
    response = as_staff_a.post(
        admin_url(LegalBasis, "change", national.pk),
        {"number": "x", "title": "x", "valid_from": "2024-01-01"},
    )
    assert response.status_code == 403
    assert as_staff_a.get(admin_url(LegalBasis, "delete", national.pk)).status_code == 403


def test_board_staff_cannot_grant_themselves_superuser(as_staff_a, staff_a, a):
    page = as_staff_a.get(admin_url(User, "change", staff_a.pk)).content.decode()
    assert 'name="is_superuser"' not in page
    as_staff_a.post(
        admin_url(User, "change", staff_a.pk),
        {
            "username": "canbo_a", "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00", "role": User.Role.BOARD_STAFF,
        },
    )  # fmt: skip
    staff_a.refresh_from_db()
    assert not staff_a.is_superuser


def test_board_staff_do_not_see_superusers(as_staff_a, superuser, a):
    assert "quantri" not in as_staff_a.get(admin_url(User, "changelist")).content.decode()


def test_leadership_with_the_same_chair_and_vice_chair_is_refused(as_superuser, a):
    chair = a.agencies[0]
    response = as_superuser.post(
        admin_url(Leadership, "add"),
        {"bloc": a.bloc.pk, "year": 2018, "chair": chair.pk, "vice_chair": chair.pk, "_save": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trưởng khối và phó trưởng khối phải là hai đơn vị khác nhau." in page
    assert not Leadership.objects.filter(bloc=a.bloc, year=2018).exists()


def test_adding_an_organizer_gives_it_the_default_award_types(as_superuser):
    response = as_superuser.post(
        admin_url(Organizer, "add"),
        {"code": "QNI", "name": "Ủy ban nhân dân tỉnh Quảng Ninh", "place_name": "Quảng Ninh", "_save": "1"},
    )
    assert response.status_code == 302
    codes = set(AwardType.objects.filter(organizer__code="QNI").values_list("code", flat=True))
    assert codes == {"CO_CP", "BK_TTG", "CO_TINH", "BK_TINH", "TTLDXS"}


class TestFinalizedMeeting:
    @pytest.fixture
    def finalized(self, a):
        return meeting_finalize(meeting=a.meeting)

    def test_change_page_shows_the_record_without_a_save_button(self, as_staff_a, finalized):
        response = as_staff_a.get(admin_url(Meeting, "change", finalized.pk))
        assert response.status_code == 200
        assert 'name="_save"' not in response.content.decode()

    def test_posting_changes_is_refused(self, as_superuser, finalized):
        response = as_superuser.post(
            admin_url(Meeting, "change", finalized.pk),
            {"kind": finalized.kind, "year": 2017, "held_on": "2018-01-04", "title": "Sửa", "directions": "[]"},
        )
        assert response.status_code == 403
        finalized.refresh_from_db()
        assert finalized.title == "Hội nghị Tư Nghĩa"

    def test_its_rows_cannot_be_changed_or_deleted(self, as_superuser, a, finalized):
        attendance = Attendance.objects.filter(meeting=finalized).first()
        ballot = Ballot.objects.filter(proposal=a.proposal).first()
        for obj in (finalized, attendance, a.proposal, ballot):
            response = as_superuser.post(admin_url(type(obj), "change", obj.pk), {})
            assert response.status_code == 403, type(obj).__name__
            assert as_superuser.get(admin_url(type(obj), "delete", obj.pk)).status_code == 403

    def test_nothing_can_be_added_to_it(self, as_superuser, a, finalized):
        response = as_superuser.post(
            admin_url(Proposal, "add"),
            {"meeting": finalized.pk, "position": 2, "nominee": a.agencies[1].pk,
             "award_type": award(a.organizer, "BK_TINH").pk, "votes_for": 3},
        )  # fmt: skip
        assert response.status_code == 200
        assert "Hội nghị đã chốt biên bản" in response.content.decode()
        assert finalized.proposals.count() == 1


def test_editing_a_draft_meeting_goes_through_the_service(as_superuser, a):
    response = as_superuser.post(
        admin_url(Meeting, "change", a.meeting.pk),
        {
            "kind": a.meeting.kind, "year": 2017, "held_on": "2018-01-04", "title": "Hội nghị tổng kết năm 2017",
            "directions": "[]", "_save": "1", **management(participants=0, attendances=0, proposals=0),
        },
    )  # fmt: skip
    assert response.status_code == 302
    a.meeting.refresh_from_db()
    assert (a.meeting.title, a.meeting.version) == ("Hội nghị tổng kết năm 2017", 2)


def _proposal_form(a, **fields):
    return {
        "meeting": a.meeting.pk, "position": 2, "nominee": a.agencies[1].pk,
        "award_type": award(a.organizer, "BK_TINH").pk, "_save": "1", **fields,
    }  # fmt: skip


def test_a_proposal_added_in_the_admin_gets_its_outcome_computed(as_superuser, a):
    response = as_superuser.post(admin_url(Proposal, "add"), _proposal_form(a, votes_for=2, votes_against=1))
    assert response.status_code == 302
    proposal = Proposal.objects.get(nominee=a.agencies[1])
    assert proposal.outcome == Proposal.Outcome.PASSED
    assert (proposal.bloc, proposal.year) == (a.bloc, 2017)
    assert proposal.outcome_reason.startswith("Đạt")


def test_a_tally_larger_than_the_voters_is_refused_and_nothing_is_written(as_superuser, a):
    response = as_superuser.post(admin_url(Proposal, "add"), _proposal_form(a, votes_for=5))
    assert response.status_code == 200
    assert "vượt quá số đơn vị được biểu quyết" in response.content.decode()
    assert not Proposal.objects.filter(nominee=a.agencies[1]).exists()


def test_a_proposal_over_the_quota_is_refused(as_superuser, a):
    proposal_create(meeting=a.meeting, nominee=a.agencies[1], award_type=award(a.organizer, "CO_CP"), tally=Tally(3))
    form = _proposal_form(a, nominee=a.agencies[2].pk, award_type=award(a.organizer, "CO_CP").pk, votes_for=3)
    response = as_superuser.post(admin_url(Proposal, "add"), form)
    assert response.status_code == 200
    assert "Vượt chỉ tiêu" in response.content.decode()
    assert not Proposal.objects.filter(nominee=a.agencies[2]).exists()


def test_changing_a_tally_in_the_admin_recomputes_the_outcome(as_superuser, a):
    proposal = proposal_create(
        meeting=a.meeting, nominee=a.agencies[1], award_type=award(a.organizer, "BK_TINH"), tally=Tally(3)
    )
    assert proposal.outcome == Proposal.Outcome.PASSED
    form = _proposal_form(a, votes_for=1, votes_against=2, **management(ballots=0))
    response = as_superuser.post(admin_url(Proposal, "change", proposal.pk), form)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.FAILED


def test_votes_changed_on_the_meeting_page_recompute_the_outcome(as_superuser, a):
    mine = proposal_create(
        meeting=a.meeting, nominee=a.agencies[1], award_type=award(a.organizer, "BK_TINH"), tally=Tally(3)
    )
    form = {"kind": a.meeting.kind, "year": 2017, "held_on": "2018-01-04", "title": a.meeting.title}
    form |= {"directions": "[]", "_save": "1", **management(participants=0, attendances=0, proposals=2)}
    for index, proposal in enumerate(Proposal.objects.filter(meeting=a.meeting).order_by("position", "id")):
        form |= {
            f"proposals-{index}-id": proposal.pk, f"proposals-{index}-meeting": a.meeting.pk,
            f"proposals-{index}-position": proposal.position, f"proposals-{index}-nominee": proposal.nominee_id,
            f"proposals-{index}-award_type": proposal.award_type_id,
        }  # fmt: skip
        if proposal == mine:
            form |= {f"proposals-{index}-votes_for": 1, f"proposals-{index}-votes_against": 2}
    response = as_superuser.post(admin_url(Meeting, "change", a.meeting.pk), form)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.votes_for, mine.outcome) == (1, Proposal.Outcome.FAILED)


def test_a_ballot_added_in_the_admin_recounts_its_proposal(as_superuser, a):
    proposal = proposal_create(meeting=a.meeting, nominee=a.agencies[1], award_type=award(a.organizer, "BK_TINH"))
    assert proposal.outcome == Proposal.Outcome.PENDING
    response = as_superuser.post(
        admin_url(Ballot, "add"), {"proposal": proposal.pk, "agency": a.agencies[0].pk, "vote": "for", "_save": "1"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.FAILED  # 1 of 3 present
    assert proposal.outcome_reason.startswith("Không đạt")


def test_deleting_a_ballot_that_the_tally_counted_is_refused(as_superuser, a):
    proposal = proposal_create(
        meeting=a.meeting, nominee=a.agencies[1], award_type=award(a.organizer, "BK_TINH"),
        tally=Tally(3), ballots={x.pk: "for" for x in a.agencies},
    )  # fmt: skip
    ballot = proposal.ballots.first()
    response = as_superuser.post(admin_url(Ballot, "delete", ballot.pk), {"post": "yes"})
    assert response.status_code == 302
    assert any("không khớp" in str(m) for m in get_messages(response.wsgi_request))
    assert Ballot.objects.filter(pk=ballot.pk).exists()
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.PASSED


def test_marking_a_voter_absent_is_refused_while_its_ballot_stands(as_superuser, a):
    attendance = Attendance.objects.get(meeting=a.meeting, agency=a.agencies[2])
    response = as_superuser.post(
        admin_url(Attendance, "change", attendance.pk),
        {"agency": a.agencies[2].pk, "representative": "Ông Tư Nghĩa", "_save": "1"},
    )
    assert response.status_code == 200
    assert "vắng mặt nên không được biểu quyết" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.present


def test_attendance_inline_on_the_meeting_page_is_checked_against_the_votes(as_superuser, a):
    rows = list(Attendance.objects.filter(meeting=a.meeting).order_by("agency__sort_key"))
    form = {"kind": a.meeting.kind, "year": 2017, "held_on": "2018-01-04", "title": a.meeting.title}
    form["directions"] = "[]"
    form |= management(participants=0, attendances=len(rows), proposals=0)
    for index, row in enumerate(rows):
        form |= {
            f"attendances-{index}-id": row.pk, f"attendances-{index}-meeting": a.meeting.pk,
            f"attendances-{index}-agency": row.agency_id, f"attendances-{index}-representative": row.representative,
        }  # fmt: skip
        if row.agency_id != a.agencies[2].pk:
            form[f"attendances-{index}-present"] = "on"
    response = as_superuser.post(admin_url(Meeting, "change", a.meeting.pk), form)
    assert response.status_code == 200
    assert "vắng mặt nên không được biểu quyết" in response.content.decode()
    assert Attendance.objects.filter(meeting=a.meeting, present=True).count() == 3


def test_decisions_of_other_provinces_stay_out_of_the_staffs_lists(as_staff_a, a, b):
    page = as_staff_a.get(admin_url(Decision, "changelist")).content.decode()
    assert a.decision.number in page
    assert b.decision.number not in page


def test_changes_refused_only_in_combination_roll_the_whole_save_back(as_superuser, a):
    meeting = meeting_create(bloc=a.bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2017, 12, 20))
    attendance_record(meeting=meeting, rows=[{"agency": x, "present": True} for x in a.agencies])
    proposal = proposal_create(
        meeting=meeting, nominee=a.agencies[1], award_type=award(a.organizer, "BK_TINH"), tally=Tally(2)
    )
    form = {"kind": meeting.kind, "year": 2017, "held_on": "2017-12-20", "directions": "[]", "_save": "1"}
    form |= management(participants=0, attendances=3, proposals=1)
    # Alone, each change is fine: two of three present with two votes; three votes with three present.
    for index, row in enumerate(Attendance.objects.filter(meeting=meeting).order_by("agency__sort_key")):
        form |= {f"attendances-{index}-id": row.pk, f"attendances-{index}-meeting": meeting.pk}
        form |= {f"attendances-{index}-agency": row.agency_id}
        if row.agency_id != a.agencies[2].pk:
            form[f"attendances-{index}-present"] = "on"
    form |= {
        "proposals-0-id": proposal.pk, "proposals-0-meeting": meeting.pk, "proposals-0-position": 1,
        "proposals-0-nominee": a.agencies[1].pk, "proposals-0-award_type": proposal.award_type_id,
        "proposals-0-votes_for": 3,
    }  # fmt: skip
    response = as_superuser.post(admin_url(Meeting, "change", meeting.pk), form)
    assert response.status_code == 302
    assert any("vượt quá số đơn vị được biểu quyết" in str(m) for m in get_messages(response.wsgi_request))
    proposal.refresh_from_db()
    assert proposal.votes_for == 2
    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 3


def test_naming_a_successor_in_the_admin_moves_the_memberships(as_superuser, a):
    merged, successor = a.agencies[2], AgencyFactory(organizer=a.organizer, code="STC", name="Sở Tài chính")
    response = as_superuser.post(
        admin_url(Agency, "change", merged.pk),
        {
            "organizer": a.organizer.pk, "code": merged.code, "name": merged.name, "successor": successor.pk,
            "until": "2019-12-31", "_save": "1", **management(memberships=0),
        },
    )  # fmt: skip
    assert response.status_code == 302
    # agency_succeed: memberships end with the year before the last day's year; the successor takes that year.
    assert Membership.objects.get(agency=merged).to_year == 2018
    assert Membership.objects.get(agency=successor).from_year == 2019
    merged.refresh_from_db()
    assert (merged.successor, merged.until) == (successor, datetime.date(2019, 12, 31))
