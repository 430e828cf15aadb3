"""The admin: every model registered, board staff confined to their province, records shown but never written."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from awards.models import AgencyHold, AwardType, LegalBasis
from awards.services import agency_hold_add, award_policy_update, women_share_set
from awards.tests.factories import award
from blocs.models import Bloc, Leadership, Membership
from blocs.services import leadership_set, secretary_assign
from blocs.tests.factories import BlocFactory
from decisions.models import Decision, DecisionAward
from decisions.services import decision_create
from dossiers.models import AchievementReport, Deadline, Dossier, Reminder, Submission, SubmittedReport
from history.models import AuditEntry
from meetings.models import Attendance, Ballot, Meeting, Participant, Proposal, Ranking, Voter, VotingSession
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from meetings.services import attendance_record, meeting_create, participants_set, voting_set
from meetings.tests.factories import complete, finalized
from meetings.voting import proposal_create, ranking_record
from members.admin_scoping import RecordReadOnlyMixin
from members.models import Agency, Organizer, User
from members.services import board_names_set
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from notices.models import Notification
from pledges.models import Band, Criterion, Evidence, Pledge, Score, ScoreSubmission, ScoringRound, SelfScore, Signature
from pledges.services import pledge_bands_set, pledge_create, scores_record, self_scores_record, signature_record
from portal.models import PublicResults
from records.models import MinutesVersion, SignedCopy
from records.services import meeting_finalize
from signatures.models import OrganizationSigner, TrustAnchor
from tests.access_world import dossier_sent
from tests.project import RECORD_APPS

APPS = RECORD_APPS
MODELS = [model for app in APPS for model in apps.get_app_config(app).get_models()]
# What happened (meetings and what they hold, votes, scores, decisions, minutes, the audit trail, the users'
# notifications): changed only through the application's services, shown in the admin and never written there,
# by superusers neither.
RECORDS = [
    Meeting, Participant, Attendance, Proposal, Ballot, Ranking, Signature, Score, SelfScore, Band, Decision,
    DecisionAward, MinutesVersion, AuditEntry, Notification, Deadline, Dossier, Submission, SubmittedReport,
    AchievementReport, Reminder, ScoringRound, ScoreSubmission, Evidence, VotingSession, Voter, SignedCopy,
    PublicResults, TrustAnchor, OrganizationSigner,
]  # fmt: skip
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
    self_scores_record(pledge=pledge, points={(agencies[0].pk, pledge.criteria.get().pk): 9})
    pledge_bands_set(pledge=pledge, bands=[{"name": f"Xuất sắc {marker}", "min_points": 9}])
    ScoringRound.objects.create(pledge=pledge, deadline=datetime.date(2018, 1, 10))
    ScoreSubmission.objects.create(pledge=pledge, agency=agencies[0])
    evidence = Evidence(self_score=SelfScore.objects.get(criterion__pledge=pledge), name=f"Minh chứng {marker}.pdf",
                        content_type=Evidence.Kind.PDF, size=9, sha256="c" * 64)  # fmt: skip
    evidence.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    evidence.save()
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
    finalized(meeting)
    # Another meeting voted online, in secret: its session and who voted.
    voted = meeting_create(bloc=bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=HELD_ON, title=f"Bỏ phiếu {marker}")
    voting_set(meeting=voted, voting_mode=Meeting.VotingMode.SECRET)
    put = proposal_create(meeting=voted, nominee=agencies[1], award_type=award(organizer, "BK_TINH"))
    session = online_voting_open(meeting=voted)
    online_ballot_cast(session=session, agency=agencies[1], votes={put.pk: "for"})
    online_voting_close(session=session)
    decision = decision_create(
        organizer=organizer,
        number=f"12/QĐ-{code}",
        signed_on=datetime.date(2018, 3, 1),
        issued_by=f"UBND {marker}",
        proposals=[proposal],
    )
    minutes = MinutesVersion.objects.create(meeting=meeting, number=1, snapshot={}, content_hash="0" * 64)
    SignedCopy.objects.create(version=minutes, file="signed/x.pdf", sha256=code.ljust(64, "0"), size=10)
    dossier_sent(meeting, [proposal])
    Deadline.objects.create(organizer=organizer, year=2017, due_on=datetime.date(2018, 1, 20))
    Reminder.objects.create(bloc=bloc, year=2017, days_before=14, due_on=datetime.date(2018, 1, 20))
    PublicResults.objects.create(organizer=organizer, year=2017, published=True)
    # The board's trust anchor and organization certificate (written by signatures/services.py in the application).
    valid_from = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    valid_to = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    TrustAnchor.objects.create(
        organizer=organizer, name=f"Gốc {marker}", certificate_pem="-", subject=f"CA {marker}",
        fingerprint_sha256=code.ljust(64, "0"), not_before=valid_from, not_after=valid_to,
    )  # fmt: skip
    OrganizationSigner.objects.create(
        organizer=organizer, organization_name=f"UBND {marker}", p12_encrypted=b"-", password_encrypted=b"-",
        not_after=valid_to,
    )  # fmt: skip
    legal_basis = LegalBasis.objects.create(
        organizer=organizer,
        number=f"01/{code}",
        title=f"Quy định thi đua {marker}",
        valid_from=datetime.date(2020, 1, 1),
    )
    # The eligibility data (written by awards/services.py): the province's rules, a hold, a women's share.
    award_policy_update(organizer=organizer, legal_basis=f"Quy định khen thưởng {marker}")
    agency_hold_add(agency=agencies[2], year=2018, kind=AgencyHold.Kind.INSPECTION, reason=f"Thanh tra {marker}")
    women_share_set(agency=agencies[0], year=2017, share=Decimal("0.750"))
    board_names_set(organizer=organizer, names=[(f"Phòng Thi đua {marker}", datetime.date(2020, 1, 1), None)])
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
    expected = {model.__name__: (200, 403 if model in RECORDS else 200) for model in MODELS}
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
    expected = {model.__name__: (200, 403 if model in RECORDS else 200) for model in MODELS}
    # Provinces are created by whoever administers the installation, not by a province's own staff.
    expected["Organizer"] = (200, 403)
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
        if view == "delete" and (key == "organizer" or type(obj) in RECORDS):
            assert response.status_code == 403  # nobody deletes a record, nor staff a province, theirs included
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


def test_decisions_of_other_provinces_stay_out_of_the_staffs_lists(as_staff_a, a, b):
    page = as_staff_a.get(admin_url(Decision, "changelist")).content.decode()
    assert a.decision.number in page
    assert b.decision.number not in page


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


# -- records: shown, never written ---------------------------------------------------------------------------


def test_the_records_and_only_they_are_read_only_in_the_admin():
    read_only = [m for m, model_admin in admin.site._registry.items() if isinstance(model_admin, RecordReadOnlyMixin)]
    assert set(read_only) == set(RECORDS)
    # An inline of a record, on whatever page, only shows its rows.
    inlines = [inline for model_admin in admin.site._registry.values() for inline in model_admin.inlines]
    assert [i for i in inlines if i.model in RECORDS and not issubclass(i, RecordReadOnlyMixin)] == []
    assert {i.model for i in inlines} >= {Participant, Attendance, Proposal, Ballot, Signature, DecisionAward}


def _row(model, organizer):
    model_admin = admin.site.get_model_admin(model)
    return model._default_manager.filter(**{model_admin.organizer_path: organizer.pk}).first()


def _stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


@pytest.mark.parametrize("model", RECORDS, ids=[m.__name__ for m in RECORDS])
@pytest.mark.parametrize("who", ["superuser", "staff_a"])
def test_a_record_is_shown_but_cannot_be_added_changed_or_deleted(client, request, a, who, model):
    user = request.getfixturevalue(who)
    client.force_login(user)
    obj = _row(model, a.organizer)
    before, count, logged = _stored(obj), model._default_manager.count(), LogEntry.objects.count()

    listing = client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    shown = client.get(admin_url(model, "change", obj.pk))
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert not shown.context["adminform"].form.fields  # every field is shown as text
    for formset in shown.context["inline_admin_formsets"]:
        assert not (formset.has_add_permission or formset.has_change_permission or formset.has_delete_permission)

    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), {"_save": "1"}).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {"_save": "1"}).status_code == 403
    assert client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes", "index": 0}
    assert client.post(admin_url(model, "changelist"), bulk).status_code in (200, 302)

    assert (_stored(obj), model._default_manager.count(), LogEntry.objects.count()) == (before, count, logged)


def test_a_meetings_rows_are_shown_on_its_page_as_text(as_superuser, a):
    page = as_superuser.get(admin_url(Meeting, "change", a.meeting.pk)).content.decode()
    assert "Chủ trì Tư Nghĩa" in page and a.agencies[2].name in page
    assert 'name="attendances-0-present"' not in page and 'name="proposals-0-votes_for"' not in page


def test_a_draft_meeting_is_read_only_as_a_finalized_one(as_superuser, a):
    finalized = meeting_finalize(
        meeting=complete(
            meeting_create(bloc=a.bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2017, 12, 20))
        )
    )
    form = {"kind": a.meeting.kind, "year": 2017, "held_on": "2018-01-04", "title": "Sửa", "_save": "1"}
    for meeting in (a.meeting, finalized):
        assert as_superuser.post(admin_url(Meeting, "change", meeting.pk), form).status_code == 403
        meeting.refresh_from_db()
        assert meeting.title != "Sửa"


def test_reference_data_whose_deletion_would_delete_records_is_kept(as_superuser, a):
    """Deleting a bloc would delete its meetings: Django asks for the right to delete each of them."""
    empty = BlocFactory(organizer=a.organizer, code="KMOI", name="Khối mới lập")
    assert as_superuser.post(admin_url(Bloc, "delete", empty.pk), {"post": "yes"}).status_code == 302
    assert not Bloc.objects.filter(pk=empty.pk).exists()

    bloc = BlocFactory(organizer=a.organizer, code="KHOP", name="Khối có hội nghị")
    meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2017, 12, 20))
    page = as_superuser.get(admin_url(Bloc, "delete", bloc.pk))
    assert page.status_code == 200 and page.context["perms_lacking"] == {Meeting._meta.verbose_name}
    assert as_superuser.post(admin_url(Bloc, "delete", bloc.pk), {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk, bloc=bloc).exists()


def test_criteria_that_scores_stand_on_are_shown_only(admin_client):
    """The pledge page's rule (``pledge_criteria_lock_reason``) holds in the admin: no criterion of a scored
    pledge is added, changed or deleted there, so no score is rescaled or deleted with it."""
    bloc = BlocFactory()
    pledge = Pledge.objects.create(bloc=bloc, year=2025)
    criterion = Criterion.objects.create(pledge=pledge, position=1, code="1", title="Tiêu chí", max_points=10)
    agency = AgencyFactory(organizer=pledge.bloc.organizer)
    Score.objects.create(criterion=criterion, agency=agency, points=8)
    assert admin_client.get(reverse("admin:pledges_criterion_delete", args=[criterion.pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:pledges_criterion_change", args=[criterion.pk]),
        {"pledge": pledge.pk, "position": 1, "code": "1", "title": "Đổi", "max_points": 5},
    )
    assert response.status_code == 403
    page = admin_client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk])).content.decode()
    assert 'name="criteria-0-max_points"' not in page
    criterion.refresh_from_db()
    assert (criterion.title, criterion.max_points) == ("Tiêu chí", 10)
    assert Score.objects.get().points == 8
