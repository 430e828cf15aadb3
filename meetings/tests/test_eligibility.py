"""The eligibility rules (meetings.eligibility): each broken through the proposal votes page and through the
importer (the message naming the rule and its legal basis, the JSON path, nothing written); warnings and notes
on the meeting page and the dossier."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import AgencyHold
from awards.services import agency_hold_add, agency_hold_remove, award_policy_update, women_share_set
from awards.tests.factories import award
from imports.importer import import_document
from imports.tests.conftest import EXAMPLE
from meetings.models import Ballot, Meeting, Proposal, VotingSession
from meetings.online import online_ballot_cast, online_voting_close, online_voting_open
from meetings.services import meeting_create, voting_set
from meetings.tests.conftest import YEAR, client_of
from meetings.tests.factories import finalized
from meetings.voting import proposal_create, ranking_record
from members.models import Agency, Organizer
from tests.invariants import snapshot

pytestmark = pytest.mark.django_db

BASIS = "Nghị định 152/2025/NĐ-CP"
PASSING = {"mode": "tally", "votes_for": 11, "votes_against": 0, "votes_abstain": 0}


def votes_page(meeting: Meeting, proposal: Proposal) -> str:
    return reverse("meetings:proposal_votes", kwargs={"pk": meeting.pk, "proposal_pk": proposal.pk})


def refused_on_the_votes_page(world, proposal: Proposal, message: str) -> None:
    """The votes page, sent votes that pass the proposal, shows ``message`` and stores nothing."""
    client = client_of(world.people.secretary)  # logging in writes the user's last login: before the snapshot
    before = snapshot()
    response = client.post(votes_page(world.meeting, proposal), PASSING)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def meeting_page(world) -> str:
    return client_of(world.people.board).get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()


# -- through the web form -------------------------------------------------------------------------------------


def test_a_held_agency_cannot_pass_a_proposal(world):
    held = world.agencies[1]
    agency_hold_add(agency=held, year=YEAR, kind=AgencyHold.Kind.DISCIPLINE, reason="Vụ việc số 12")
    proposal = proposal_create(meeting=world.meeting, nominee=held, award_type=award(world.organizer, "BK_TINH"))
    message = (
        f"Đơn vị {held.name} đang bị xem xét kỷ luật năm 2017 (Vụ việc số 12): chưa được xét khen thưởng ({BASIS})."
    )
    refused_on_the_votes_page(world, proposal, message)
    # The page adding a proposal says it beside the nominee; a proposal that fails is recorded.
    add = reverse("meetings:proposal_add", args=[world.meeting.pk])
    data = {"nominee": held.pk, "award_type": award(world.organizer, "TTLDXS").pk, **PASSING}
    response = client_of(world.people.secretary).post(add, data)
    assert message in response.content.decode()
    assert response.context["form"].errors["nominee"] == [message]
    failing = {**PASSING, "votes_for": 2, "votes_against": 9}
    assert client_of(world.people.secretary).post(votes_page(world.meeting, proposal), failing).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.FAILED
    assert "Không đủ điều kiện:" not in meeting_page(world)  # a failed proposal is no concern


def test_the_provincial_flag_only_for_the_blocs_leader_when_the_province_refuses(world):
    leader, second = world.agencies[:2]
    award_policy_update(organizer=world.organizer, provincial_flag_mode="refuse", legal_basis="Quyết định 05/2024")
    ranking_record(meeting=world.meeting, ranks={leader.pk: 1, second.pk: 2})
    flag = award(world.organizer, "CO_TINH")
    proposal = proposal_create(meeting=world.meeting, nominee=second, award_type=flag)
    refused_on_the_votes_page(
        world,
        proposal,
        f"{flag.name} chỉ dành cho đơn vị dẫn đầu khối: {second.name} không xếp hạng nhất {world.bloc.name} năm "
        "2017 (Quyết định 05/2024).",
    )
    # The leader passes it.
    passed = proposal_create(meeting=world.meeting, nominee=leader, award_type=flag, tally=None)
    response = client_of(world.people.secretary).post(votes_page(world.meeting, passed), PASSING)
    assert response.status_code == 302


def test_the_provincial_flag_warns_by_default_and_notes_a_bloc_not_ranked_yet(world):
    leader, second = world.agencies[:2]
    flag = award(world.organizer, "CO_TINH")
    proposal = proposal_create(meeting=world.meeting, nominee=second, award_type=flag)
    response = client_of(world.people.secretary).post(votes_page(world.meeting, proposal), PASSING)
    assert response.status_code == 302
    note = f"{world.bloc.name} chưa có xếp hạng năm 2017: chưa kiểm tra được điều kiện {flag.name} chỉ dành cho"
    assert note in meeting_page(world)
    ranking_record(meeting=world.meeting, ranks={leader.pk: 1, second.pk: 2})
    page = meeting_page(world)
    assert f"Cảnh báo:</span> {flag.name} chỉ dành cho đơn vị dẫn đầu khối: {second.name}" in page
    assert Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.PASSED


def test_the_government_flag_only_for_units_meeting_the_provincial_flag_standard(world):
    leader, second = world.agencies[:2]
    award_policy_update(organizer=world.organizer, government_flag_mode="refuse")
    ranking_record(meeting=world.meeting, ranks={leader.pk: 1, second.pk: 2})
    flag = award(world.organizer, "CO_CP")
    proposal = proposal_create(meeting=world.meeting, nominee=second, award_type=flag)
    refused_on_the_votes_page(
        world,
        proposal,
        f"{flag.name} chỉ xét cho đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh: {second.name} không xếp hạng nhất "
        f"khối và không được Cờ thi đua cấp tỉnh năm 2017 ({BASIS}).",
    )
    # A provincial flag passed that year meets the standard too.
    proposal_create(meeting=world.meeting, nominee=second, award_type=award(world.organizer, "CO_TINH"), tally=None)
    provincial = Proposal.objects.get(nominee=second, award_type__code="CO_TINH")
    client_of(world.people.secretary).post(votes_page(world.meeting, provincial), PASSING)
    assert client_of(world.people.secretary).post(votes_page(world.meeting, proposal), PASSING).status_code == 302


def test_the_government_flags_stay_within_the_share_of_the_units_meeting_the_standard(world):
    leader = world.agencies[0]
    award_policy_update(organizer=world.organizer, government_flag_mode="refuse", government_flag_share=Decimal("0.2"))
    ranking_record(meeting=world.meeting, ranks={leader.pk: 1})
    flag = award(world.organizer, "CO_CP")
    proposal = proposal_create(meeting=world.meeting, nominee=leader, award_type=flag)
    refused_on_the_votes_page(
        world,
        proposal,
        f"{flag.name} năm 2017 không quá 20% số đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh: tỉnh có 1 đơn vị đạt "
        f"tiêu chuẩn nên được tối đa 0, đây là đề nghị đạt thứ 1 ({BASIS}).",
    )


def test_a_tie_with_a_collective_of_many_women_is_a_note_on_the_meeting_page_and_the_dossier(world):
    women, men, held = world.agencies[2], world.agencies[3], world.agencies[4]
    women_share_set(agency=women, year=YEAR, share=Decimal("0.75"))
    merit = award(world.organizer, "BK_TINH")
    for agency in (women, men, held):
        proposal_create(meeting=world.meeting, nominee=agency, award_type=merit, ballots=None, tally=None)
    for proposal in world.meeting.proposals.all():
        client_of(world.people.secretary).post(votes_page(world.meeting, proposal), {**PASSING, "votes_for": 10})
    assert set(world.meeting.proposals.values_list("outcome", flat=True)) == {Proposal.Outcome.PASSED}
    note = f"ưu tiên {women.name} (75%) có tỷ lệ nữ từ 70% trở lên ({BASIS})."
    assert meeting_page(world).count(note) == 3
    # A hold entered after the vote is shown where the board reads the dossier.
    agency_hold_add(agency=held, year=YEAR, kind=AgencyHold.Kind.INSPECTION)
    finalized(world.meeting)
    dossier = client_of(world.people.board).get(reverse("dossiers:dossier", kwargs={"pk": world.bloc.pk, "year": YEAR}))
    page = dossier.content.decode()
    assert page.count(note) == 3
    assert f"Đơn vị {held.name} đang được thanh tra, kiểm tra năm 2017: chưa được xét khen thưởng ({BASIS})." in page


def test_an_online_vote_is_not_opened_on_a_held_agencys_proposal(world):
    held = world.agencies[1]
    voting_set(meeting=world.meeting, voting_mode=Meeting.VotingMode.SECRET)
    proposal_create(meeting=world.meeting, nominee=held, award_type=award(world.organizer, "BK_TINH"))
    agency_hold_add(agency=held, year=YEAR, kind=AgencyHold.Kind.TASK_NOT_COMPLETED)
    with pytest.raises(ValidationError) as refused:
        online_voting_open(meeting=world.meeting)
    assert any(
        f"Đơn vị {held.name} bị đánh giá không hoàn thành nhiệm vụ năm 2017: chưa được xét khen thưởng" in message
        for message in refused.value.messages
    )
    assert not VotingSession.objects.filter(meeting=world.meeting).exists()


def test_an_online_vote_is_not_opened_on_a_flag_the_province_refuses(world):
    leader, second = world.agencies[:2]
    award_policy_update(organizer=world.organizer, provincial_flag_mode="refuse")
    voting_set(meeting=world.meeting, voting_mode=Meeting.VotingMode.SECRET)
    ranking_record(meeting=world.meeting, ranks={leader.pk: 1, second.pk: 2})
    flag = award(world.organizer, "CO_TINH")
    proposal = proposal_create(meeting=world.meeting, nominee=second, award_type=flag, tally=None)
    with pytest.raises(ValidationError) as refused:
        online_voting_open(meeting=world.meeting)
    assert refused.value.messages == [
        f"Đề nghị {proposal}: {flag.name} chỉ dành cho đơn vị dẫn đầu khối: {second.name} không xếp hạng nhất "
        f"{world.bloc.name} năm 2017 ({BASIS})."
    ]
    assert not VotingSession.objects.filter(meeting=world.meeting).exists()


def test_a_hold_entered_during_an_online_vote_keeps_it_open_until_it_is_lifted(world):
    nominee = world.agencies[1]
    voting_set(meeting=world.meeting, voting_mode=Meeting.VotingMode.SECRET)
    proposal = proposal_create(
        meeting=world.meeting, nominee=nominee, award_type=award(world.organizer, "BK_TINH"), tally=None
    )
    session = online_voting_open(meeting=world.meeting)
    for agency in world.agencies:
        online_ballot_cast(session=session, agency=agency, votes={proposal.pk: Ballot.Vote.FOR})
    hold = agency_hold_add(agency=nominee, year=YEAR, kind=AgencyHold.Kind.INSPECTION)
    with pytest.raises(ValidationError) as refused:
        online_voting_close(session=session)
    assert refused.value.messages == [
        f"{proposal}: Đơn vị {nominee.name} đang được thanh tra, kiểm tra năm 2017: chưa được xét khen thưởng "
        f"({BASIS})."
    ]
    session.refresh_from_db()
    assert session.is_open and Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.PENDING
    agency_hold_remove(hold=hold)
    online_voting_close(session=session)
    assert Proposal.objects.get(pk=proposal.pk).outcome == Proposal.Outcome.PASSED


# -- through the importer -------------------------------------------------------------------------------------


@pytest.fixture
def province():
    """The Quảng Ngãi example's province, agencies and bloc, without its meeting: the eligibility data is stored
    through the services, then the meeting (its four proposals pass) is imported."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    setup = copy.deepcopy(document)
    setup["blocs"][0]["meetings"] = []
    assert import_document(setup).ok
    organizer = Organizer.objects.get(code=document["organizer"]["code"])
    agencies = {a.code: a for a in Agency.objects.filter(organizer=organizer)}
    return organizer, agencies, document


def ranked(organizer: Organizer, ranks: dict[Agency, int]) -> None:
    """A ranking of 2017 recorded at another meeting of the bloc, before the import."""
    bloc = organizer.blocs.get()
    meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.OTHER, year=2017, held_on=datetime.date(2017, 12, 20))
    ranking_record(meeting=meeting, ranks={agency.pk: rank for agency, rank in ranks.items()})


def hold(organizer, agencies):
    agency_hold_add(agency=agencies["STC"], year=2017, kind=AgencyHold.Kind.INSPECTION, reason="Thanh tra thuế")
    return 2, "Đơn vị Sở Tài chính đang được thanh tra, kiểm tra năm 2017 (Thanh tra thuế): chưa được xét khen thưởng"


def provincial_flag(organizer, agencies):
    award_policy_update(organizer=organizer, provincial_flag_mode="refuse")
    ranked(organizer, {agencies["VP-HDND"]: 1, agencies["VP-UBND"]: 2})
    return 1, "chỉ dành cho đơn vị dẫn đầu khối: Văn phòng UBND tỉnh không xếp hạng nhất"


def government_flag(organizer, agencies):
    award_policy_update(organizer=organizer, government_flag_mode="refuse")
    ranked(organizer, {agencies["VP-UBND"]: 1, agencies["VP-HDND"]: 2})
    return 0, "chỉ xét cho đơn vị đạt tiêu chuẩn Cờ thi đua cấp tỉnh: Văn phòng HĐND tỉnh không xếp hạng nhất khối"


def government_share(organizer, agencies):
    award_policy_update(organizer=organizer, government_flag_mode="refuse", government_flag_share=Decimal("0.2"))
    ranked(organizer, {agencies["VP-HDND"]: 1})
    return 0, "được tối đa 0, đây là đề nghị đạt thứ 1"


@pytest.mark.parametrize("rule", [hold, provincial_flag, government_flag, government_share])
def test_the_importer_refuses_a_proposal_that_breaks_a_rule_at_its_path(province, rule):
    organizer, agencies, document = province
    index, message = rule(organizer, agencies)
    before = snapshot()
    report = import_document(document)
    assert not report.ok
    found = [(p.path, p.message) for p in report.problems]
    path = f"blocs[0].meetings[0].proposals[{index}].agency"
    assert any(where == path and message in text and "(Nghị định 152/2025/NĐ-CP)" in text for where, text in found), (
        found
    )
    assert snapshot() == before
