"""A superuser can set up a province in the admin too: the province, then its first board user, who is invited
by email to set a password (or invited again with the list's action)."""

import pytest
from django.urls import reverse

from awards.models import AwardType
from members.models import Organizer, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser(username="quantri", password="x", email=""))
    return client


def test_a_superuser_creates_a_province_then_its_board_user_invited_by_email(
    admin_client, emails, django_capture_on_commit_callbacks
):
    response = admin_client.post(
        reverse("admin:members_organizer_add"),
        {"code": "GLI", "name": "Ủy ban nhân dân tỉnh Gia Lai", "short_name": "UBND tỉnh Gia Lai",
         "place_name": "Gia Lai", "board_name": "Ban Thi đua - Khen thưởng tỉnh Gia Lai"},
    )  # fmt: skip
    assert response.status_code == 302
    organizer = Organizer.objects.get(code="GLI")
    assert AwardType.objects.filter(organizer=organizer).count() == 5

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:members_user_add"),
            {"username": "tdkt@gialai.gov.vn", "email": "tdkt@gialai.gov.vn", "first_name": "", "last_name": "",
             "usable_password": "false", "organizer": organizer.pk, "agency": "", "role": "board_staff"},
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="tdkt@gialai.gov.vn")
    assert user.is_board_staff and not user.has_usable_password()
    assert [email.to for email in emails] == [["tdkt@gialai.gov.vn"]]
    assert "/dat-mat-khau/" in emails[0].body


def test_the_user_list_action_sends_the_invitation_again(admin_client, organizer):
    user = User.objects.create(username="an", email="an@tc.gov.vn", organizer=organizer)
    response = admin_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "send_invitation", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Đã gửi thư mời đặt mật khẩu đến an@tc.gov.vn." in response.content.decode()
