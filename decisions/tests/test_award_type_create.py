"""A province's own award type, added by its board staff beside the five it starts with."""

import pytest
from django.urls import reverse

from awards.models import AwardType
from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text

pytestmark = pytest.mark.django_db

CREATE = reverse("awards:award_type_create")


@pytest.fixture
def people(organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer)
    return bloc_people(bloc, agencies)


def data(**changes) -> dict:
    return {
        "code": "BK_SO",
        "name": "Giấy khen của Giám đốc Sở",
        "conferred_by": "Giám đốc Sở",
        "quota_per_bloc": "2",
        "basis": "present",
        "ratio": "2/3",
        "strict": "",
    } | changes


@pytest.mark.parametrize("who", ["outsider", "member", "secretary"])
def test_everyone_but_the_board_gets_404(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, data()).status_code == 404
    assert not AwardType.objects.filter(code="BK_SO").exists()


def test_the_list_offers_the_new_award_type(client, people):
    client.force_login(people.board)
    assert CREATE in client.get(reverse("awards:award_type_list")).content.decode()


def test_board_adds_an_award_type_with_its_rule_after_the_others(client, people, organizer):
    client.force_login(people.board)
    response = client.post(CREATE, data())
    assert response["Location"] == reverse("awards:award_type_list")
    award_type = AwardType.objects.get(organizer=organizer, code="BK_SO")
    assert (award_type.basis, award_type.quota_per_bloc, award_type.strict) == ("present", 2, False)
    assert abs(award_type.ratio - 2 / 3) < 1e-9
    assert award_type.position == 6
    assert award_type.rule_text == "từ 66,67% số đơn vị có mặt đồng ý"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "CO_TINH"}, "code", "Mã hình thức khen thưởng này đã có trong tỉnh."),
        ({"code": "bk số"}, "code", "Mã chỉ gồm chữ không dấu"),
        ({"ratio": "120%"}, "ratio", "Tỷ lệ phải lớn hơn 0 và không quá 100%."),
    ],
)
def test_a_refused_award_type_is_explained(client, people, changes, field, message):
    client.force_login(people.board)
    count = AwardType.objects.count()
    response = client.post(CREATE, data(**changes))
    assert response.status_code == 200
    assert message in error_text(response.content.decode(), f"id_{field}_error")
    assert AwardType.objects.count() == count
