"""Award type pages (board staff): the list, the edit form, the ratio as users write it, and the
recomputation of proposals of meetings not finalized."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.forms import parse_ratio, ratio_text
from awards.models import AwardType
from awards.rules import Rule, Tally, evaluate
from awards.tests.factories import award
from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text
from decisions.services import decision_create
from meetings.models import Meeting, Proposal
from meetings.tests.factories import MeetingFactory, complete, finalized
from meetings.voting import proposal_create
from members.tests.factories import PASSWORD, OrganizerFactory
from records.services import meeting_finalize

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(organizer):
    """An 11-member bloc with its 2017 secretary; its 2017 year-end meeting is a draft, the 2016 one is
    finalized. Both have a Bằng khen proposal passed with 6 of 11 votes: (bloc, agencies, people, draft,
    finalized)."""
    bloc, agencies = bloc_with_members(11, organizer=organizer, year=2016)
    people = bloc_people(bloc, agencies, years=(2016, 2017))
    finalized = MeetingFactory(bloc=bloc, year=2016, held_on=datetime.date(2017, 1, 5))
    draft = MeetingFactory(bloc=bloc, year=2017, held_on=datetime.date(2018, 1, 4))
    for meeting in (finalized, draft):
        proposal_create(meeting=meeting, nominee=agencies[3], award_type=award(organizer, "BK_TINH"), tally=Tally(6, 5))
    meeting_finalize(meeting=complete(finalized))
    return bloc, agencies, people, draft, finalized


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def form_data(award_type: AwardType, **changes) -> dict:
    data = {
        "name": award_type.name,
        "conferred_by": award_type.conferred_by,
        "quota_per_bloc": "" if award_type.quota_per_bloc is None else str(award_type.quota_per_bloc),
        "basis": award_type.basis,
        "ratio": ratio_text(award_type.ratio),
        "strict": "on" if award_type.strict else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if not (k == "strict" and not v)}


# Who may see them


def urls(organizer):
    return [
        reverse("awards:award_type_list"),
        reverse("awards:award_type_update", args=[award(organizer, "CO_TINH").pk]),
    ]


def test_anonymous_is_sent_to_login(client, setting, organizer):
    for url in urls(organizer):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "member", "secretary"])
def test_everyone_but_the_board_gets_404(client, setting, organizer, who):
    _, _, people, _, _ = setting
    login(client, getattr(people, who))
    for url in urls(organizer):
        assert client.get(url).status_code == 404, url
    flag = award(organizer, "CO_TINH")
    client.post(reverse("awards:award_type_update", args=[flag.pk]), form_data(flag, quota_per_bloc="9"))
    assert AwardType.objects.get(pk=flag.pk).quota_per_bloc == flag.quota_per_bloc


def test_board_of_another_province_sees_only_its_own_award_types(client, setting, organizer):
    _, _, people, _, _ = setting
    AwardType.objects.filter(organizer=organizer, code="CO_TINH").update(name="Cờ thi đua của tỉnh này")
    login(client, people.other_board)
    body = client.get(reverse("awards:award_type_list")).content.decode()
    assert "Cờ thi đua của tỉnh này" not in body
    assert reverse("awards:award_type_update", args=[award(organizer, "CO_TINH").pk]) not in body
    flag = award(organizer, "CO_TINH")
    assert client.get(reverse("awards:award_type_update", args=[flag.pk])).status_code == 404
    client.post(reverse("awards:award_type_update", args=[flag.pk]), form_data(flag, quota_per_bloc="9"))
    assert AwardType.objects.get(pk=flag.pk).quota_per_bloc == flag.quota_per_bloc


def test_board_staff_see_their_award_types_with_rule_and_quota(client, setting, organizer):
    _, _, people, _, _ = setting
    foreign = award(OrganizerFactory(), "CO_TINH")
    AwardType.objects.filter(pk=foreign.pk).update(name="Cờ của tỉnh bạn")
    login(client, people.board)
    for url in urls(organizer):
        assert client.get(url).status_code == 200
    body = client.get(reverse("awards:award_type_list")).content.decode()
    assert "Cờ thi đua của UBND tỉnh" in body
    assert "trên 50% tổng số thành viên đồng ý" in body
    assert "Áp dụng cho các hội nghị chưa chốt; hội nghị đã chốt giữ nguyên kết quả" in body
    assert "Cờ của tỉnh bạn" not in body
    assert client.get(reverse("awards:award_type_update", args=[foreign.pk])).status_code == 404


def test_edit_form_shows_the_ratio_as_users_write_it(client, setting, organizer):
    _, _, people, _, _ = setting
    AwardType.objects.filter(organizer=organizer, code="CO_TINH").update(ratio=2 / 3)
    login(client, people.board)
    body = client.get(reverse("awards:award_type_update", args=[award(organizer, "CO_TINH").pk])).content.decode()
    assert 'value="2/3"' in body
    assert "Áp dụng cho các hội nghị chưa chốt; hội nghị đã chốt giữ nguyên kết quả" in body


# The ratio as users write it


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [
        ("50%", Fraction(1, 2)),
        ("50", Fraction(1, 2)),
        ("0,5", Fraction(1, 2)),
        ("0.5", Fraction(1, 2)),
        (" 66,67 % ", Fraction(6667, 10000)),
        ("2/3", Fraction(2, 3)),
        ("1/3", Fraction(1, 3)),
        ("100%", Fraction(1)),
        ("1", Fraction(1)),
    ],
)
def test_ratio_is_read_as_a_percentage_or_a_fraction(typed, ratio):
    assert Fraction(parse_ratio(typed)).limit_denominator(1_000_000) == ratio


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Nhập tỷ lệ dạng phần trăm hoặc phân số"),
        ("", "Nhập tỷ lệ dạng phần trăm hoặc phân số"),
        ("1/0", "Nhập tỷ lệ dạng phần trăm hoặc phân số"),
        ("NaN", "Nhập tỷ lệ dạng phần trăm hoặc phân số"),
        ("0", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ("0%", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ("-50%", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ("150%", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ("3/2", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
    ],
)
def test_invalid_ratio_is_refused_in_vietnamese(typed, message):
    with pytest.raises(ValidationError) as info:
        parse_ratio(typed)
    assert message in info.value.messages[0]


@pytest.mark.parametrize(
    ("ratio", "text"), [(0.5, "50%"), (2 / 3, "2/3"), (1 / 3, "1/3"), (0.6667, "66,67%"), (0.2, "20%"), (1.0, "100%")]
)
def test_stored_ratio_is_shown_back_as_typed(ratio, text):
    assert ratio_text(ratio) == text
    assert parse_ratio(text) == pytest.approx(ratio)


def test_one_third_not_strict_passes_at_exactly_one_third():
    rule = Rule(basis="members", ratio=parse_ratio("1/3"), strict=False)
    assert evaluate(tally=Tally(3, 6), rule=rule, members=9, present=9)[0] == "passed"
    assert evaluate(tally=Tally(2, 7), rule=rule, members=9, present=9)[0] == "failed"
    strict = Rule(basis="members", ratio=parse_ratio("1/3"), strict=True)
    assert evaluate(tally=Tally(3, 6), rule=strict, members=9, present=9)[0] == "failed"


# Saving


def test_saving_recomputes_draft_meetings_and_keeps_finalized_ones(client, setting, organizer):
    _, _, people, draft, finalized = setting
    merit = award(organizer, "BK_TINH")
    login(client, people.board)
    response = client.post(
        reverse("awards:award_type_update", args=[merit.pk]), form_data(merit, ratio="2/3", strict="")
    )
    assert response.status_code == 302 and response["Location"] == reverse("awards:award_type_list")
    merit.refresh_from_db()
    assert merit.ratio == pytest.approx(2 / 3) and merit.strict is False
    recomputed = Proposal.objects.get(meeting=draft)
    assert recomputed.outcome == Proposal.Outcome.FAILED
    assert "66,67%" in recomputed.outcome_reason
    kept = Proposal.objects.get(meeting=finalized)
    assert kept.outcome == Proposal.Outcome.PASSED
    assert "trên 50%" in kept.outcome_reason


def test_lowering_a_quota_below_what_a_draft_meeting_passed_is_refused(client, setting, organizer):
    _, agencies, people, draft, _ = setting
    AwardType.objects.filter(organizer=organizer, code="CO_TINH").update(quota_per_bloc=2)
    flag = award(organizer, "CO_TINH")
    for nominee in agencies[:2]:
        proposal_create(meeting=draft, nominee=nominee, award_type=flag, tally=Tally(11))
    login(client, people.board)
    response = client.post(reverse("awards:award_type_update", args=[flag.pk]), form_data(flag, quota_per_bloc="1"))
    assert response.status_code == 200
    assert "Vượt chỉ tiêu: 2 đề nghị Cờ thi đua của UBND tỉnh đạt trong năm 2017, chỉ tiêu của khối là 1." in (
        response.content.decode()
    )
    flag.refresh_from_db()
    assert flag.quota_per_bloc == 2


def test_a_rule_that_would_fail_an_awarded_proposal_is_refused(client, setting, organizer):
    """The meeting was finalized, its proposal awarded, then the meeting reopened (a draft again)."""
    _, _, people, draft, _ = setting
    proposal = Proposal.objects.get(meeting=draft)
    finalized(draft)
    decision_create(organizer=organizer, number="12/QĐ-UBND", signed_on=datetime.date(2018, 3, 1), proposals=[proposal])
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.DRAFT)  # reopened
    merit = award(organizer, "BK_TINH")
    login(client, people.board)
    body = client.post(
        reverse("awards:award_type_update", args=[merit.pk]), form_data(merit, ratio="2/3")
    ).content.decode()
    assert "đã được khen thưởng theo quyết định số 12/QĐ-UBND nên kết quả phải giữ là Đạt" in body
    proposal.refresh_from_db()
    assert proposal.outcome == Proposal.Outcome.PASSED
    merit.refresh_from_db()
    assert merit.ratio == 0.5


@pytest.mark.parametrize(
    ("changes", "element", "message"),
    [
        ({"ratio": "abc"}, "id_ratio_error", "Nhập tỷ lệ dạng phần trăm hoặc phân số"),
        ({"ratio": "150%"}, "id_ratio_error", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ({"ratio": "0"}, "id_ratio_error", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
        ({"name": ""}, "id_name_error", "Trường này là bắt buộc."),
        ({"quota_per_bloc": "-1"}, "id_quota_per_bloc_error", "0"),
    ],
)
def test_form_errors_are_shown_beside_the_field_and_keep_the_input(
    client, setting, organizer, changes, element, message
):
    _, _, people, _, _ = setting
    flag = award(organizer, "CO_TINH")
    login(client, people.board)
    response = client.post(reverse("awards:award_type_update", args=[flag.pk]), form_data(flag, **changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in (error_text(body, element) or "")
    for value in changes.values():
        if value:
            assert f'value="{value}"' in body
    assert AwardType.objects.get(pk=flag.pk).ratio == 0.5
