"""The province's eligibility pages, board work: its rules, the holds on agencies (added, refused twice, lifted
after a confirmation), the women's shares of a year, and the flag of an award type."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from awards.models import AgencyHold, AwardPolicy, AwardType, WomenShare
from awards.tests.factories import award
from blocs.tests.factories import bloc_people, bloc_with_members
from history.models import AuditEntry
from members.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client, organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer)
    client.force_login(bloc_people(bloc, agencies).board)
    client.agencies = agencies
    return client


def test_the_rules_are_saved_and_shown_back_as_percentages(board, organizer):
    page = reverse("awards:award_policy")
    assert 'value="70%"' in board.get(page).content.decode()  # the defaults, before any row
    data = {
        "provincial_flag_mode": "refuse", "government_flag_mode": "off", "government_flag_share": "20",
        "tie_women_share": "0,75", "legal_basis": "Nghị định 152/2025/NĐ-CP; Quyết định 05/2024/QĐ-UBND",
    }  # fmt: skip
    assert board.post(page, data).status_code == 302
    policy = AwardPolicy.objects.get(organizer=organizer)
    assert (policy.provincial_flag_mode, policy.government_flag_share, policy.tie_women_share) == (
        "refuse", Decimal("0.200"), Decimal("0.750"),
    )  # fmt: skip
    assert 'value="20%"' in board.get(page).content.decode()
    refused = board.post(page, {**data, "government_flag_share": "120%"})
    assert "Tỷ lệ phải từ 0 đến 100%." in refused.content.decode()
    assert (
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(policy), object_id=policy.pk).count()
        == 1
    )


def test_a_hold_is_added_once_and_lifted_after_a_confirmation(board, organizer):
    agency = board.agencies[1]
    data = {"agency": agency.pk, "year": 2025, "kind": "discipline", "reason": "Vụ việc số 3"}
    assert board.post(reverse("awards:hold_list"), data).status_code == 302
    twice = board.post(reverse("awards:hold_list"), data)
    assert "Đơn vị đã có trường hợp này trong năm." in twice.content.decode()
    hold = AgencyHold.objects.get()
    listing = board.get(reverse("awards:hold_list")).content.decode()
    assert "Vụ việc số 3" in listing and reverse("awards:hold_delete", args=[hold.pk]) in listing
    confirm = board.get(reverse("awards:hold_delete", args=[hold.pk]))
    assert confirm.status_code == 200 and AgencyHold.objects.exists()
    assert board.post(reverse("awards:hold_delete", args=[hold.pk])).status_code == 302
    assert not AgencyHold.objects.exists()


def test_the_women_shares_of_a_year_are_set_changed_and_removed(board, organizer):
    gone = AgencyFactory(organizer=organizer, until=datetime.date(2020, 6, 30), successor=board.agencies[2])
    url = reverse("awards:women_shares") + "?year=2025"
    fields = board.get(url).context["form"].fields
    first, second = board.agencies[:2]
    assert f"{first.pk}-share" in fields and f"{gone.pk}-share" not in fields  # agencies in being that year
    assert board.post(url, {f"{first.pk}-share": "75%", f"{second.pk}-share": "0,6"}).status_code == 302
    assert dict(WomenShare.objects.values_list("agency_id", "share")) == {
        first.pk: Decimal("0.750"), second.pk: Decimal("0.600"),
    }  # fmt: skip
    assert board.post(url, {f"{first.pk}-share": "80%", f"{second.pk}-share": ""}).status_code == 302
    assert dict(WomenShare.objects.values_list("agency_id", "share")) == {first.pk: Decimal("0.800")}
    refused = board.post(url, {f"{first.pk}-share": "nhiều"})
    assert "Nhập tỷ lệ dạng phần trăm" in refused.content.decode()


def test_an_award_type_is_marked_a_flag_once_per_province(board, organizer):
    merit = award(organizer, "BK_TINH")
    data = {"name": merit.name, "conferred_by": "", "quota_per_bloc": "", "basis": "members", "ratio": "50%"}
    response = board.post(reverse("awards:award_type_update", args=[merit.pk]), {**data, "flag": "provincial"})
    assert "Tỉnh đã có một hình thức khen thưởng là loại cờ thi đua này." in response.content.decode()
    assert board.post(reverse("awards:award_type_update", args=[merit.pk]), {**data, "flag": ""}).status_code == 302
    assert award(organizer, "CO_TINH").flag == AwardType.Flag.PROVINCIAL
    assert "Cờ thi đua cấp tỉnh" in board.get(reverse("awards:award_type_list")).content.decode()


def test_the_admin_writes_holds_and_shares_through_the_services(admin_client, organizer):
    agency = AgencyFactory(organizer=organizer)
    hold = {"agency": agency.pk, "year": 2025, "kind": "inspection", "reason": "Thanh tra", "_save": "1"}
    assert admin_client.post(reverse("admin:awards_agencyhold_add"), hold).status_code == 302
    added = AgencyHold.objects.get()
    change = reverse("admin:awards_agencyhold_change", args=[added.pk])
    assert admin_client.post(change, {"reason": "Thanh tra thuế", "_save": "1"}).status_code == 302
    share = {"agency": agency.pk, "year": 2025, "share": "0.7", "_save": "1"}
    assert admin_client.post(reverse("admin:awards_womenshare_add"), share).status_code == 302
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(AgencyHold), object_id=added.pk)
    assert entries.count() == 2  # created, then its reason corrected
    assert AgencyHold.objects.get().reason == "Thanh tra thuế"
    assert WomenShare.objects.get().share == Decimal("0.700")
