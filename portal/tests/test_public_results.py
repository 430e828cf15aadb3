"""The public results of a province's year (no login): what a published year shows, and the same 404 for
everything else (an unknown province, a year not published, another province's or a draft's records, a
minutes version that is not the current one), within a limit of 60 requests a minute per address."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.tests.factories import award
from blocs.models import Leadership
from core import ratelimit
from meetings.models import Meeting, Proposal, Ranking
from portal.models import PublicResults
from records.models import MinutesVersion, SignedCopy
from tests.access_world import BLOC_X_WORD, BLOC_Y_WORD, PDF, PROVINCE_A_WORD, PROVINCE_B_WORD, YEAR, build_world

pytestmark = pytest.mark.django_db

SIGNED_PDF = b"%PDF-1.7\n% a stand-in for a copy signed outside the application\n%%EOF\n"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Province A publishes 2025 with its minutes (tests/access_world.py); built once, each test in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def page_url(organizer, year: int = YEAR) -> str:
    return reverse("public_results", kwargs={"organizer": organizer.code, "year": year})


def document_url(organizer, code: str, year: int = YEAR) -> str:
    return reverse("public_document", kwargs={"organizer": organizer.code, "year": year, "code": code})


def minutes(meeting: Meeting, number: int) -> MinutesVersion:
    return MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES, number=number)


def ready_version(meeting: Meeting, number: int, document=MinutesVersion.Document.MINUTES) -> MinutesVersion:
    version = MinutesVersion(
        meeting=meeting, document=document, number=number, snapshot={}, content_hash="9" * 64,
        status=MinutesVersion.Status.READY, rendered_at=timezone.now(),
    )  # fmt: skip
    version.file.save(f"v{number}.pdf", ContentFile(PDF), save=False)
    version.save()
    return version


def test_a_published_year_shows_each_blocs_leaders_first_ranked_passed_proposals_decisions_and_minutes(world):
    a, x = world.a, world.a.x
    Ranking.objects.create(meeting=x.meeting, agency=x.agencies[4], rank=1)
    Ranking.objects.create(meeting=x.meeting, agency=x.agencies[5], rank=2)

    response = Client().get(page_url(a.organizer))

    assert response.status_code == 200
    page = response.content.decode()
    assert x.bloc.name in page and a.y.bloc.name in page
    shown = response.context["shown"].blocs[[b.bloc for b in response.context["shown"].blocs].index(x.bloc)]
    assert (shown.leadership.chair, shown.leadership.vice_chair) == (x.agencies[0], x.agencies[1])
    assert shown.first_ranked == [x.agencies[4]]  # the unit ranked first, not the second
    # The passed proposals of the finalized review, the flag with its decision, the other awaiting one.
    assert [(p.nominee, p.award_type.code) for p in shown.proposals] == [
        (x.agencies[1], "CO_TINH"),
        (x.agencies[2], "BK_TINH"),
    ]
    assert "Số 15/QĐ-UBND ngày 01/02/2026" in page
    assert "Chưa có quyết định" in page
    assert award(a.organizer, "TTLDXS").name not in page  # each bloc's failed proposal
    # The current minutes (version 2) by its code; version 1 is not offered.
    assert document_url(a.organizer, minutes(x.meeting, 2).code) in page
    assert minutes(x.meeting, 1).code not in page
    assert PROVINCE_B_WORD not in page


def test_the_minutes_are_not_linked_when_the_board_publishes_the_results_alone(world):
    a = world.a
    PublicResults.objects.filter(pk=a.public.pk).update(minutes_published=False)

    response = Client().get(page_url(a.organizer))

    assert response.status_code == 200
    assert minutes(a.x.meeting, 2).code not in response.content.decode()
    assert Client().get(document_url(a.organizer, minutes(a.x.meeting, 2).code)).status_code == 404


def test_a_year_not_published_and_an_unknown_province_answer_the_same_404(world):
    a, b = world.a, world.b
    PublicResults.objects.create(organizer=a.organizer, year=YEAR - 1, published=False)
    client = Client()

    urls = [
        reverse("public_results", kwargs={"organizer": "KHONG-CO", "year": YEAR}),
        page_url(a.organizer, YEAR - 1),  # a row that says "not published"
        page_url(a.organizer, YEAR - 2),  # no row at all
        page_url(b.organizer),  # B publishes nothing
        page_url(a.organizer, 10**30),  # a year no database could hold
    ]
    answers = [client.get(url) for url in urls]

    assert [r.status_code for r in answers] == [404] * 5
    # Nothing tells which province or year exists: the same page but for the language form's address and token.
    pages = {
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", r.content.decode().replace(url, ""))
        for r, url in zip(answers, urls, strict=True)
    }
    assert len(pages) == 1


def test_a_withdrawn_year_is_gone_with_its_minutes(world):
    a = world.a
    code = minutes(a.x.meeting, 2).code
    PublicResults.objects.filter(pk=a.public.pk).update(published=False, minutes_published=False)

    assert Client().get(page_url(a.organizer)).status_code == 404
    assert Client().get(document_url(a.organizer, code)).status_code == 404


def test_each_province_shows_only_its_own_records(world):
    a, b = world.a, world.b
    PublicResults.objects.create(organizer=b.organizer, year=YEAR, published=True, minutes_published=True)

    page_a = Client().get(page_url(a.organizer)).content.decode()
    page_b = Client().get(page_url(b.organizer)).content.decode()

    assert PROVINCE_A_WORD in page_a and BLOC_X_WORD in page_a and PROVINCE_B_WORD not in page_a
    assert PROVINCE_B_WORD in page_b
    assert not any(word in page_b for word in (PROVINCE_A_WORD, BLOC_X_WORD, BLOC_Y_WORD))
    # B's minutes are not A's: its code under A's address is a 404, and the other way round.
    b_code, a_code = minutes(b.x.meeting, 2).code, minutes(a.x.meeting, 2).code
    assert Client().get(document_url(a.organizer, b_code)).status_code == 404
    assert Client().get(document_url(b.organizer, a_code)).status_code == 404
    assert Client().get(document_url(b.organizer, b_code)).status_code == 200


def test_nothing_of_a_draft_meeting_shows(world):
    """A draft's votes, ranks and election may still change: a year-end review in draft (here a reopened one)
    shows none of its proposals, ranking, election or minutes."""
    a, x = world.a, world.a.x
    draft = Meeting.objects.create(
        bloc=x.bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=YEAR, held_on=datetime.date(YEAR, 12, 27)
    )
    Proposal.objects.create(
        meeting=draft, nominee=x.agencies[5], award_type=award(a.organizer, "CO_CP"), outcome=Proposal.Outcome.PASSED
    )
    Ranking.objects.create(meeting=draft, agency=x.agencies[5], rank=1)
    Leadership.objects.filter(bloc=x.bloc, year=YEAR).update(elected_at=draft)
    Meeting.objects.filter(pk=x.meeting.pk).update(status=Meeting.Status.DRAFT)  # reopened: its minutes stay

    response = Client().get(page_url(a.organizer))

    shown = next(b for b in response.context["shown"].blocs if b.bloc == x.bloc)
    assert (shown.leadership, shown.first_ranked, shown.proposals, shown.minutes) == (None, [], [], [])
    page = response.content.decode()
    assert "Cờ thi đua của Chính phủ" not in page
    assert minutes(x.meeting, 2).code not in page
    assert Client().get(document_url(a.organizer, minutes(x.meeting, 2).code)).status_code == 404


def test_the_document_is_the_current_ready_minutes_of_that_province_and_year(world):
    a, x = world.a, world.a.x
    current = minutes(x.meeting, 2)
    client = Client()

    response = client.get(document_url(a.organizer, current.code))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    # Typed as people type it from paper: lower case, O for 0.
    assert client.get(document_url(a.organizer, current.code.lower())).status_code == 200

    letter = x.meeting.minutes_versions.get(document=MinutesVersion.Document.LETTER)
    refused = {
        "an older version": document_url(a.organizer, minutes(x.meeting, 1).code),
        "another document of the meeting": document_url(a.organizer, letter.code),
        "another year": document_url(a.organizer, current.code, YEAR - 1),
        "no such code": document_url(a.organizer, "0000-0000-0000"),
        "not a code": document_url(a.organizer, "bien-ban"),
        "an unknown province": reverse(
            "public_document", kwargs={"organizer": "KHONG-CO", "year": YEAR, "code": current.code}
        ),
    }
    assert {why: client.get(url).status_code for why, url in refused.items()} == dict.fromkeys(refused, 404)


def test_a_version_being_rendered_replaces_the_one_before_it(world):
    a, x = world.a, world.a.x
    before = minutes(x.meeting, 2).code
    MinutesVersion.objects.create(meeting=x.meeting, number=3, snapshot={}, content_hash="3" * 64)

    assert Client().get(document_url(a.organizer, before)).status_code == 404
    assert before not in Client().get(page_url(a.organizer)).content.decode()

    v4 = ready_version(x.meeting, 4)
    assert Client().get(document_url(a.organizer, v4.code)).status_code == 200


def test_the_document_is_the_newest_signed_copy_when_there_is_one(world):
    a, x = world.a, world.a.x
    current = minutes(x.meeting, 2)
    copy = SignedCopy(version=current, sha256="5" * 64, size=len(SIGNED_PDF))
    copy.file.save("signed.pdf", ContentFile(SIGNED_PDF), save=False)
    copy.save()

    response = Client().get(document_url(a.organizer, current.code))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SIGNED_PDF


def test_more_than_60_requests_a_minute_from_one_address_are_refused(world, monkeypatch):
    a = world.a
    # Ten seconds into a minute, for every request: the count never starts again in the middle of the test.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    client = Client()
    url = page_url(a.organizer)

    statuses = [client.get(url).status_code for _ in range(60)]
    assert statuses == [200] * 60

    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    # The documents share the limit, and a 404 counts as much as a page: guessing costs the same.
    assert client.get(document_url(a.organizer, minutes(a.x.meeting, 2).code)).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get(url).status_code == 200


def test_the_page_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    a = world.a
    client = Client()
    with django_assert_num_queries(6):  # the settings, blocs, leaders, ranks, proposals, minutes
        client.get(page_url(a.organizer))
