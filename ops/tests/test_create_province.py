"""``manage.py create_province CODE "Tên tỉnh" --board-user EMAIL`` (a contract: its name and options): the province
with its default award types, its first board user invited by email, and what it did printed; refusals in
Vietnamese with exit status 1, nothing created."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from awards.models import AwardType
from members.models import Organizer, User
from members.tests.factories import OrganizerFactory, UserFactory
from ops.management.commands.create_province import short_name_of, split_name

pytestmark = pytest.mark.django_db


def create(*args: str) -> str:
    out = io.StringIO()
    call_command("create_province", *args, stdout=out)
    return out.getvalue()


def test_a_province_and_its_first_board_user_invited_by_email(emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = create("QNG", "Tỉnh Quảng Ngãi", "--board-user", "Ban.TDKT@QuangNgai.gov.vn")
    organizer = Organizer.objects.get(code="QNG")
    assert (organizer.name, organizer.short_name, organizer.place_name, organizer.board_name) == (
        "Tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi", "Quảng Ngãi", "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
    )  # fmt: skip
    assert AwardType.objects.filter(organizer=organizer).count() == 5
    user = User.objects.get(email="ban.tdkt@quangngai.gov.vn")
    assert user.username == user.email and user.is_board_staff and user.organizer == organizer
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    (email,) = emails
    assert email.to == [user.email]
    link = re.search(r"http://\S+/dat-mat-khau/\S+/", email.body).group(0)
    assert link in output  # for an operator without email
    assert "Đã tạo tỉnh Tỉnh Quảng Ngãi (mã QNG, địa danh Quảng Ngãi)" in output

    # The link lets the new board user set a password and reach the province's setup.
    reader = Client()
    form_url = reader.get(urlsplit(link).path, follow=True).redirect_chain[-1][0]
    reader.post(form_url, {"new_password1": "Khối thi đua 2026!", "new_password2": "Khối thi đua 2026!"})
    assert reader.login(username=user.username, password="Khối thi đua 2026!")
    assert reader.get(reverse("blocs:agency_list")).status_code == 200


def test_the_names_and_the_place_may_be_given():
    create(
        "HUE", "Ủy ban nhân dân thành phố Huế", "--board-user", "tdkt@hue.gov.vn",
        "--place-name", "Thừa Thiên Huế", "--board-name", "Phòng Thi đua, khen thưởng - Sở Nội vụ",
    )  # fmt: skip
    organizer = Organizer.objects.get(code="HUE")
    assert (organizer.short_name, organizer.place_name, organizer.board_name) == (
        "UBND thành phố Huế", "Thừa Thiên Huế", "Phòng Thi đua, khen thưởng - Sở Nội vụ",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "unit", "place", "short"),
    [
        ("Tỉnh Quảng Ngãi", "tỉnh", "Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
        ("Ủy ban nhân dân tỉnh Gia Lai", "tỉnh", "Gia Lai", "UBND tỉnh Gia Lai"),
        ("UBND Thành phố Đà Nẵng", "thành phố", "Đà Nẵng", "UBND Thành phố Đà Nẵng"),
        ("TP. Hồ Chí Minh", "thành phố", "Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
        ("Quảng Ngãi", "", "Quảng Ngãi", ""),
    ],
)
def test_the_place_is_read_from_the_name(name, unit, place, short):
    assert split_name(name) == (unit, place)
    assert short_name_of(name, unit, place) == short


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("T01", "Tỉnh Mới", "--board-user", "moi@tinh.gov.vn"), "Mã tỉnh T01 đã có; không tạo gì."),
        (("MOI", "Tỉnh Mới", "--board-user", "dung@tinh.gov.vn"), "Email dung@tinh.gov.vn đã được dùng"),
        (("MOI", "Tỉnh Mới", "--board-user", "DUNG@tinh.gov.vn"), "Email dung@tinh.gov.vn đã được dùng"),
        (("MOI", "Tỉnh Mới", "--board-user", "khong-phai-email"), "không phải là một địa chỉ email hợp lệ"),
        (("MỚI", "Tỉnh Mới", "--board-user", "moi@tinh.gov.vn"), "Không tạo được tỉnh: Mã chỉ gồm chữ không dấu"),
    ],
)
def test_a_refusal_says_why_in_vietnamese_and_creates_nothing(args, message):
    OrganizerFactory(code="T01")
    UserFactory(email="dung@tinh.gov.vn")
    organizers, users = Organizer.objects.count(), User.objects.count()
    with pytest.raises(CommandError, match=message) as refused:
        create(*args)
    assert refused.value.returncode == 1  # manage.py's exit status
    assert (Organizer.objects.count(), User.objects.count()) == (organizers, users)


def test_the_board_user_option_is_required():
    with pytest.raises(CommandError, match="--board-user"):
        create("MOI", "Tỉnh Mới")
