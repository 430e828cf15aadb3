"""Two requests creating the same unique row at once: one is stored, the other gets the form's "already exists"
message, never a 500.

Both pass ``validate()`` before either has written, and the later INSERT breaks the constraint. The services
that insert such rows run under ``core.validation.atomic_retried``, which rolls the attempt back and runs
it once more: its ``validate()`` then sees the committed row. The races themselves need PostgreSQL (several
connections at once, an INSERT that waits for the other transaction); the mechanism is checked on any
database by letting ``validate()`` miss the row once, as it does in a race.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

import blocs.services
import decisions.services
import meetings.services
import pledges.services
from blocs.models import SecretaryAssignment
from blocs.services import secretary_assign
from blocs.tests.factories import bloc_with_members
from core.validation import CHANGED_MEANWHILE, atomic_retried
from decisions.models import Decision
from decisions.services import decision_create, decision_update
from meetings.models import Meeting
from meetings.services import meeting_create, meeting_update
from meetings.tests.test_ballot_race import ROUNDS, race
from members.models import Agency, Organizer, User
from members.tests.factories import UserFactory
from pledges.models import Pledge
from pledges.services import pledge_copy, pledge_create
from tests.fuzz import example_document as example
from tests.test_permissions import criteria_data

DECISION_TAKEN = "Số quyết định này đã có trong tỉnh."
SECRETARY_TAKEN = "Người dùng này đã được phân công làm thư ký khối trong năm này."
PLEDGE_TAKEN = "Khối đã có giao ước thi đua cho năm này."
MEETING_TAKEN = "Khối đã có một hội nghị cùng loại vào ngày này."
CRITERIA = [{"code": "1", "title": "Hoàn thành nhiệm vụ", "max_points": 100}]
MID_YEAR = Meeting.Kind.MID_YEAR_REVIEW


@pytest.fixture
def world(organizer):
    bloc, _agencies = bloc_with_members(3, organizer=organizer)
    board = UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer)
    return SimpleNamespace(organizer=organizer, bloc=bloc, board=board)


# -- the mechanism, on any database ----------------------------------------------------------------------------


def validation_misses(monkeypatch, module, model, times: int = 1) -> list:
    """The first ``times`` ``validate()`` calls on a ``model`` row in ``module`` pass without looking, as when a
    parallel request commits the same row between this one's check and its INSERT; the rows it missed."""
    real, missed = module.validate, []

    def validate(instance, **kwargs):
        if isinstance(instance, model) and len(missed) < times:
            missed.append(instance)
            return
        real(instance, **kwargs)

    monkeypatch.setattr(module, "validate", validate)
    return missed


def d(day: int, month: int = 7) -> datetime.date:
    return datetime.date(2017, month, day)


# Each case: the service module, the model, what is stored first (and returned), the duplicate call, the
# model's message.
CASES = {
    "decision_create": (
        decisions.services, Decision,
        lambda w: decision_create(organizer=w.organizer, number="12/QĐ-UBND", signed_on=d(1, 3)),
        lambda w, first: decision_create(organizer=w.organizer, number="12/QĐ-UBND", signed_on=d(2, 3)),
        DECISION_TAKEN,
    ),
    "decision_update": (
        decisions.services, Decision,
        lambda w: [decision_create(organizer=w.organizer, number=n, signed_on=d(1, 3)) for n in ("12/QĐ", "13/QĐ")],
        lambda w, first: decision_update(decision=first[1], number="12/QĐ", signed_on=d(2, 3)),
        DECISION_TAKEN,
    ),
    "secretary_assign": (
        blocs.services, SecretaryAssignment,
        lambda w: secretary_assign(bloc=w.bloc, year=2017, user=w.board),
        lambda w, first: secretary_assign(bloc=w.bloc, year=2017, user=w.board),
        SECRETARY_TAKEN,
    ),
    "pledge_create": (
        pledges.services, Pledge,
        lambda w: pledge_create(bloc=w.bloc, year=2017, criteria=CRITERIA),
        lambda w, first: pledge_create(bloc=w.bloc, year=2017, criteria=iter(CRITERIA)),
        PLEDGE_TAKEN,
    ),
    "pledge_copy": (
        pledges.services, Pledge,
        lambda w: [pledge_create(bloc=w.bloc, year=year, criteria=CRITERIA) for year in (2016, 2017)],
        lambda w, first: pledge_copy(source=first[0], year=2017),
        PLEDGE_TAKEN,
    ),
    "meeting_create": (
        meetings.services, Meeting,
        lambda w: meeting_create(bloc=w.bloc, kind=MID_YEAR, year=2017, held_on=d(14)),
        lambda w, first: meeting_create(bloc=w.bloc, kind=MID_YEAR, year=2017, held_on=d(14), venue="Hội trường B"),
        MEETING_TAKEN,
    ),
    "meeting_update": (
        meetings.services, Meeting,
        lambda w: [meeting_create(bloc=w.bloc, kind=MID_YEAR, year=2017, held_on=day) for day in (d(14), d(15))],
        lambda w, first: meeting_update(meeting=first[1], held_on=d(14)),
        MEETING_TAKEN,
    ),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_a_duplicate_that_validation_missed_gets_the_models_message(world, monkeypatch, case):
    module, model, first, duplicate, message = CASES[case]
    made = first(world)
    stored = list(model.objects.order_by("pk").values())
    missed = validation_misses(monkeypatch, module, model)
    with pytest.raises(ValidationError) as refused:
        duplicate(world, made)
    assert len(missed) == 1  # the first attempt did reach the INSERT (or UPDATE)
    assert message in refused.value.messages
    assert list(model.objects.order_by("pk").values()) == stored


@pytest.mark.django_db(transaction=True)
def test_the_retry_also_works_outside_any_transaction(world, monkeypatch):
    """Outside a transaction (as in a request) the service's own is the outermost: rolled back, then run again."""
    meeting_create(bloc=world.bloc, kind=MID_YEAR, year=2017, held_on=d(14))
    validation_misses(monkeypatch, meetings.services, Meeting)
    with pytest.raises(ValidationError) as refused:
        meeting_create(bloc=world.bloc, kind=MID_YEAR, year=2017, held_on=d(14))
    assert refused.value.messages == [MEETING_TAKEN]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_a_second_integrity_error_is_reported_as_a_change_made_meanwhile(world, monkeypatch, caplog):
    decision_create(organizer=world.organizer, number="12/QĐ-UBND", signed_on=d(1, 3))
    missed = validation_misses(monkeypatch, decisions.services, Decision, times=2)
    with caplog.at_level(logging.WARNING, logger="core.validation"), pytest.raises(ValidationError) as refused:
        decision_create(organizer=world.organizer, number="12/QĐ-UBND", signed_on=d(2, 3))
    assert len(missed) == 2
    assert refused.value.messages == [str(CHANGED_MEANWHILE)]
    assert refused.value.messages == [
        "Dữ liệu vừa được người khác thay đổi cùng lúc nên thay đổi của bạn chưa được lưu. Hãy thử lại."
    ]
    assert "decision_create: IntegrityError again after a retry" in caplog.text
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_the_retry_rolls_back_only_its_attempt_and_replays_iterators(world):
    """Inside a caller's transaction the attempt has its own savepoint: the caller's rows stand, the attempt's
    rows are gone, and an iterator argument is the same on the second run."""
    runs = []

    @atomic_retried
    def service(*, codes):
        codes = list(codes)
        runs.append(codes)
        Organizer.objects.create(code=f"RUN{len(runs)}", name="Lần chạy")
        if len(runs) == 1:
            Organizer.objects.create(code=world.organizer.code, name="Trùng mã")  # a real IntegrityError
        return codes

    with transaction.atomic():
        Organizer.objects.create(code="CALLER", name="Người gọi")
        assert service(codes=iter(["A", "B"])) == ["A", "B"]
        assert runs == [["A", "B"], ["A", "B"]]
        assert set(Organizer.objects.filter(code__in=["CALLER", "RUN1", "RUN2"]).values_list("code", flat=True)) == {
            "CALLER",
            "RUN2",
        }


@pytest.mark.django_db
def test_other_errors_are_not_retried(world):
    runs = []

    @atomic_retried
    def service():
        runs.append(1)
        raise ValidationError("Không hợp lệ.")

    with pytest.raises(ValidationError):
        service()
    assert runs == [1]


@pytest.mark.django_db
def test_the_meeting_form_shows_the_message_of_a_duplicate_validation_missed(world, client, monkeypatch):
    meeting_create(bloc=world.bloc, kind=MID_YEAR, year=2017, held_on=d(14))
    validation_misses(monkeypatch, meetings.services, Meeting)
    client.force_login(world.board)
    response = client.post(*meeting_request(world, d(14)))
    assert response.status_code == 200
    assert MEETING_TAKEN in response.content.decode()
    assert Meeting.objects.count() == 1


# -- the races, through the views, on PostgreSQL ---------------------------------------------------------------


def meeting_request(world, held_on: datetime.date) -> tuple[str, dict]:
    url = reverse("meetings:create", kwargs={"bloc_pk": world.bloc.pk}) + "?year=2017"
    return url, {"kind": MID_YEAR, "year": "2017", "held_on": f"{held_on:%d/%m/%Y}", "title": ""}


def clients(user, count: int = 2) -> list[Client]:
    """Clients of one user, each with its own session (a round's messages must not reach the next round)."""
    made = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        made.append(client)
    return made


def posted_at_once(user, url: str, data: dict) -> list:
    """POST the same form as ``user`` from two clients at the same moment; each response, or the exception
    raised."""
    return race(*[lambda c=c: c.post(url, data) for c in clients(user)])


def shown(response) -> str:
    """The page's text and the messages the request added (shown after a redirect)."""
    text = response.content.decode() if response.status_code == 200 else ""
    return text + " ".join(str(m) for m in get_messages(response.wsgi_request))


def assert_one_stored_and_the_other_told(results: list, *, stored: int, saved: str, told: tuple[str, ...]) -> None:
    """No 500 (the test client raises it), one row stored, one request told it was saved, the other why not."""
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert all(r.status_code in (200, 302) for r in results), [r.status_code for r in results]
    assert stored == 1
    pages = [shown(r) for r in results]
    assert sorted([saved in page, any(message in page for message in told)] for page in pages) == [
        [False, True],
        [True, False],
    ], pages


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_decision_number_submitted_twice_at_once(world):
    url = reverse("awards:decision_create")
    for round_ in range(ROUNDS):
        number = f"{round_ + 1}/QĐ-UBND"
        data = {"number": number, "signed_on": "01/03/2018", "issued_by": "Chủ tịch UBND tỉnh"}
        results = posted_at_once(world.board, url, data)
        stored = Decision.objects.filter(organizer=world.organizer, number=number).count()
        assert_one_stored_and_the_other_told(results, stored=stored, saved="Đã lưu", told=(DECISION_TAKEN,))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_secretary_added_twice_at_once(world):
    url = reverse("blocs:secretary_add", kwargs={"pk": world.bloc.pk})
    for _round in range(ROUNDS):
        user = UserFactory(organizer=world.organizer)
        results = posted_at_once(world.board, url, {"year": "2017", "user": str(user.pk)})
        stored = SecretaryAssignment.objects.filter(bloc=world.bloc, year=2017, user=user).count()
        assert_one_stored_and_the_other_told(results, stored=stored, saved="Đã phân công", told=(SECRETARY_TAKEN,))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_pledge_created_twice_at_once(world):
    data = {"signed_on": "", **criteria_data([("1", "Hoàn thành nhiệm vụ", "100")])}
    for round_ in range(ROUNDS):
        year = 2030 + round_
        url = reverse("pledges:create", kwargs={"bloc_pk": world.bloc.pk}) + f"?year={year}"
        results = posted_at_once(world.board, url, data)
        stored = Pledge.objects.filter(bloc=world.bloc, year=year).count()
        # The later request finds the pledge on arrival (and is sent to it) or is refused on the form.
        told = (PLEDGE_TAKEN, f"Khối đã có giao ước thi đua năm {year}.")
        assert_one_stored_and_the_other_told(results, stored=stored, saved="Đã tạo giao ước", told=told)
        assert Pledge.objects.get(bloc=world.bloc, year=year).criteria.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_pledge_copied_twice_at_once(world):
    pledge_create(bloc=world.bloc, year=2029, criteria=CRITERIA)
    url = reverse("pledges:copy", kwargs={"bloc_pk": world.bloc.pk})
    for round_ in range(ROUNDS):
        year = 2030 + round_
        results = posted_at_once(world.board, url, {"year": str(year)})
        stored = Pledge.objects.filter(bloc=world.bloc, year=year).count()
        assert_one_stored_and_the_other_told(results, stored=stored, saved="Đã tạo giao ước", told=(PLEDGE_TAKEN,))
        assert Pledge.objects.get(bloc=world.bloc, year=year).criteria.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_meeting_created_twice_at_once(world):
    for round_ in range(ROUNDS):
        held_on = d(1) + datetime.timedelta(days=round_)
        results = posted_at_once(world.board, *meeting_request(world, held_on))
        stored = Meeting.objects.filter(bloc=world.bloc, kind=MID_YEAR, held_on=held_on).count()
        assert_one_stored_and_the_other_told(results, stored=stored, saved="Đã tạo", told=(MEETING_TAKEN,))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_one_previewed_import_confirmed_twice_at_once(world):
    """Both confirmations find the upload (one session, two tabs) or the later one finds it gone; either way
    the document is imported once and nobody sees a 500."""
    example_document = example()
    example_document["organizer"]["code"] = world.organizer.code
    first = Client()
    first.force_login(world.board)
    for round_ in range(ROUNDS):
        document = copy.deepcopy(example_document)
        document["agencies"].append({"code": f"MOI-{round_}", "name": f"Đơn vị mới số {round_}"})
        upload = SimpleUploadedFile("qng.json", json.dumps(document, ensure_ascii=False).encode(), "application/json")
        preview = first.post(reverse("interchange:home"), {"document": upload})
        assert preview.status_code == 200 and preview.context["confirm_form"] is not None
        token = preview.context["confirm_form"].initial["token"]
        second = Client()
        second.cookies = copy.deepcopy(first.cookies)  # the same session, as another tab of the browser
        url, data = reverse("interchange:import_confirm"), {"token": token}
        results = race(*[lambda c=c, u=url, d=data: c.post(u, d) for c in (first, second)])
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert all(r.status_code == 302 for r in results), [r.status_code for r in results]
        assert Agency.objects.filter(organizer=world.organizer, code=f"MOI-{round_}").count() == 1
