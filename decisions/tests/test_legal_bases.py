"""Legal bases (laws, decrees, provincial rules with their period in force) kept by board staff: the province's own
are listed, added, corrected and deleted after a confirmation; the national ones are listed, not changed."""

import datetime

import pytest
from django.urls import reverse

from awards.models import LegalBasis
from awards.services import legal_basis_create
from blocs.tests.factories import bloc_people, bloc_with_members
from core.tests.html import error_text
from history.models import AuditEntry
from members.tests.factories import OrganizerFactory

pytestmark = pytest.mark.django_db

LIST = reverse("awards:legal_basis_list")
CREATE = reverse("awards:legal_basis_create")


@pytest.fixture
def people(organizer):
    bloc, agencies = bloc_with_members(3, organizer=organizer)
    return bloc_people(bloc, agencies)


@pytest.fixture
def rule(organizer):
    return legal_basis_create(
        organizer=organizer,
        number="05/2024/QĐ-UBND",
        title="Quy chế thi đua, khen thưởng tỉnh",
        valid_from=datetime.date(2024, 3, 1),
    )


def url(name: str, basis: LegalBasis) -> str:
    return reverse(f"awards:{name}", kwargs={"pk": basis.pk})


def data(**changes) -> dict:
    return {"number": "12/2025/QĐ-UBND", "title": "Quy định xét khen thưởng", "valid_from": "01/07/2025"} | changes


@pytest.mark.parametrize("who", ["outsider", "member", "secretary"])
def test_everyone_but_the_board_gets_404(client, people, rule, who):
    client.force_login(getattr(people, who))
    for page in (LIST, CREATE, url("legal_basis_update", rule), url("legal_basis_delete", rule)):
        assert client.get(page).status_code == 404
    assert client.post(url("legal_basis_delete", rule)).status_code == 404
    assert LegalBasis.objects.filter(pk=rule.pk).exists()


def test_another_province_board_cannot_reach_this_province_rules(client, people, rule):
    client.force_login(people.other_board)
    assert rule.title not in client.get(LIST).content.decode()
    assert client.get(url("legal_basis_update", rule)).status_code == 404


def test_the_list_shows_the_province_rules_and_the_national_laws_apart(client, people, rule):
    OrganizerFactory()  # another province's rule must not show
    LegalBasis.objects.create(
        organizer=people.other_board.organizer, number="01/KHAC", title="Quy định tỉnh khác",
        valid_from=datetime.date(2024, 1, 1),
    )  # fmt: skip
    client.force_login(people.board)
    html = client.get(LIST).content.decode()
    own, national = html.split("Văn bản của Trung ương", 1)
    assert rule.title in own and url("legal_basis_update", rule) in own
    assert "Luật Thi đua, khen thưởng" in national  # seeded by the migrations, for every province
    national_basis = LegalBasis.objects.filter(organizer__isnull=True).first()
    assert url("legal_basis_update", national_basis) not in html
    assert "Quy định tỉnh khác" not in html


def test_a_national_law_cannot_be_changed_here(client, people):
    client.force_login(people.board)
    national = LegalBasis.objects.filter(organizer__isnull=True).first()
    assert client.get(url("legal_basis_update", national)).status_code == 404
    assert client.post(url("legal_basis_delete", national)).status_code == 404


def test_board_adds_a_rule_and_the_history_records_it(client, people, organizer):
    client.force_login(people.board)
    response = client.post(CREATE, data(valid_to="01/07/2026"))
    assert response["Location"] == LIST
    basis = LegalBasis.objects.get(organizer=organizer, number="12/2025/QĐ-UBND")
    assert (basis.valid_from, basis.valid_to) == (datetime.date(2025, 7, 1), datetime.date(2026, 7, 1))
    assert AuditEntry.objects.filter(organizer=organizer, object_id=basis.pk, action=AuditEntry.Action.CREATE)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"valid_to": "01/07/2025"}, "valid_to", "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
        ({"valid_from": "31/02/2025"}, "valid_from", "Nhập ngày theo dạng ngày/tháng/năm"),
        ({"title": ""}, "title", "Trường này là bắt buộc."),
    ],
)
def test_a_refused_rule_is_explained_beside_the_field(client, people, changes, field, message):
    client.force_login(people.board)
    count = LegalBasis.objects.count()
    response = client.post(CREATE, data(**changes))
    assert response.status_code == 200
    assert message in error_text(response.content.decode(), f"id_{field}_error")
    assert LegalBasis.objects.count() == count


def test_board_records_the_day_a_rule_stops(client, people, rule):
    client.force_login(people.board)
    response = client.post(
        url("legal_basis_update", rule),
        data(number=rule.number, title=rule.title, valid_from="01/03/2024", valid_to="01/07/2025"),
    )
    assert response["Location"] == LIST
    rule.refresh_from_db()
    assert rule.valid_to == datetime.date(2025, 7, 1)
    entry = AuditEntry.objects.get(object_id=rule.pk, action=AuditEntry.Action.UPDATE, organizer=rule.organizer)
    assert entry.changes == {"hết hiệu lực từ": [None, "2025-07-01"]}


def test_deleting_asks_first(client, people, rule):
    client.force_login(people.board)
    page = client.get(url("legal_basis_delete", rule)).content.decode()
    assert f"Xoá <strong>{rule.title}</strong>" in page
    assert LegalBasis.objects.filter(pk=rule.pk).exists()
    assert client.post(url("legal_basis_delete", rule))["Location"] == LIST
    assert not LegalBasis.objects.filter(pk=rule.pk).exists()
    assert AuditEntry.objects.filter(object_id=rule.pk, action=AuditEntry.Action.DELETE, organizer=rule.organizer)
