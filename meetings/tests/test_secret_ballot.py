"""The proof that a secret ballot links no agency to its choice (issue 17, point 3).

The same secret vote is held twice over HTTP, from the same starting state (sequences reset, a fixed clock,
the same order of voting), except that two agencies swap their choices. Everything the application keeps is then
dumped: every table of the database (each model's and any other table the database holds), the cache, the
stored files and the decoded sessions, and the log lines written. If anything linked an agency to its choice,
the two dumps would differ; they must be identical. The detector is then shown to work: a cast that also writes
a ``Ballot`` row (or an audit entry with the vote) makes the dumps differ.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.tests.factories import award
from blocs.models import Leadership, Membership
from blocs.tests.factories import BlocFactory
from history import audit
from history.models import AuditEntry
from meetings.models import Ballot, Meeting, Proposal
from meetings.services import meeting_create, voting_set
from meetings.views import online as online_views
from meetings.voting import proposal_create
from members.models import User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory

NOW = datetime.datetime(2018, 1, 4, 8, 30, tzinfo=datetime.UTC)
FIXED_PASSWORD = "md5$fixedsalt$0123456789abcdef0123456789abcdef"  # one hash for every user: no random salt
A, B = 3, 7  # the two agencies whose choices are swapped


@pytest.fixture
def fixed_clock(monkeypatch):
    """``django.utils.timezone.now`` returns the same instant, also where a model field took it as its default."""
    original = timezone.now

    def clock() -> datetime.datetime:
        return NOW

    monkeypatch.setattr(timezone, "now", clock)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.default is original:
                monkeypatch.setattr(field, "default", clock)
                # Field.get_default() calls a cached ``_get_default`` (the default as first read).
                monkeypatch.setattr(field, "_get_default", clock, raising=False)
    return clock


class Logs(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.levelname} {record.getMessage()}")


def fresh() -> None:
    """The same empty database (sequences restarted) and an empty cache before each vote."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def choices(swap: bool) -> dict[int, list[str]]:
    """Each agency's choice on the 4 proposals, by its index; ``swap``: agencies A and B swap theirs."""
    votes = ["for", "against", "abstain"]
    sheet = {i: [votes[(i + p) % 3] for p in range(4)] for i in range(12)}
    sheet[A] = ["for", "for", "against", "abstain"]
    sheet[B] = ["against", "abstain", "for", "for"]
    if swap:
        sheet[A], sheet[B] = sheet[B], sheet[A]
    return sheet


def secret_vote(swap: bool) -> list[str]:
    """Hold the secret vote over HTTP from an empty database; the log lines written meanwhile."""
    fresh()
    organizer = OrganizerFactory(code="SB", name="Ủy ban nhân dân tỉnh Bí Mật")
    bloc = BlocFactory(organizer=organizer, code="K1", name="Khối thi đua Bỏ phiếu kín")
    agencies = [AgencyFactory(organizer=organizer, code=f"DV{i:02d}", name=f"Sở số {i}") for i in range(12)]
    Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=2017) for a in agencies)
    Leadership.objects.create(bloc=bloc, year=2017, chair=agencies[0], vice_chair=agencies[1])
    board = UserFactory(username="canbo", role=User.Role.BOARD_STAFF, organizer=organizer)
    users = [UserFactory(username=f"donvi{i}", organizer=organizer, agency=a) for i, a in enumerate(agencies)]
    User.objects.update(password=FIXED_PASSWORD)
    meeting = meeting_create(bloc=bloc, kind=Meeting.Kind.YEAR_END_REVIEW, year=2017, held_on=NOW.date())
    voting_set(meeting=meeting, voting_mode=Meeting.VotingMode.SECRET)
    proposals = [
        proposal_create(meeting=meeting, nominee=agencies[i], award_type=award(organizer, "BK_TINH")) for i in range(4)
    ]
    logs = Logs()
    logging.getLogger().addHandler(logs)
    try:
        secretary = Client()
        secretary.force_login(User.objects.get(pk=board.pk))
        assert secretary.post(reverse("meetings:online_voting_open", args=[meeting.pk])).status_code == 302
        sheet = choices(swap)
        for index, user in enumerate(users):  # the same order in both votes
            client = Client()
            client.force_login(User.objects.get(pk=user.pk))
            data = {f"vote-{p.pk}": sheet[index][n] for n, p in enumerate(proposals)}
            response = client.post(reverse("meetings:ballot", args=[meeting.pk]), data, follow=True)
            assert "Đơn vị đã bỏ phiếu" in response.content.decode()
        assert secretary.post(reverse("meetings:online_voting_close", args=[meeting.pk])).status_code == 302
        secretary.get(reverse("meetings:online_voting", args=[meeting.pk]))
    finally:
        logging.getLogger().removeHandler(logs)
    return logs.lines


def dump(logs: list[str]) -> dict[str, object]:
    """Everything the application keeps, in a comparable form."""
    tables = connection.introspection.table_names()
    models = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert models <= set(tables), models - set(tables)
    found: dict[str, object] = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            if table == Session._meta.db_table:
                continue  # a session's key is random by design; its contents are compared below
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608  names from the database
            columns = [c[0] for c in cursor.description]
            found[f"table {table}"] = sorted(repr(dict(zip(columns, row, strict=True))) for row in cursor.fetchall())
    found["sessions"] = sorted(repr((s.get_decoded(), s.expire_date)) for s in Session.objects.all())
    for alias in settings.CACHES:
        cache = caches[alias]
        assert hasattr(cache, "_cache"), f"dump the contents of the cache {alias!r} too"
        found[f"cache {alias}"] = sorted((key, repr(value)) for key, value in cache._cache.items())
    root = Path(settings.MEDIA_ROOT)
    found["files"] = sorted(
        (str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in (root.rglob("*") if root.exists() else [])
        if path.is_file()
    )
    found["logs"] = list(logs)
    return found


def differences(first: dict, second: dict) -> list[str]:
    return [key for key in sorted(set(first) | set(second)) if first.get(key) != second.get(key)]


def vote_twice() -> tuple[dict, dict]:
    first = dump(secret_vote(swap=False))
    second = dump(secret_vote(swap=True))
    return first, second


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_two_secret_votes_differing_only_in_who_chose_what_leave_the_same_traces(fixed_clock):
    first, second = vote_twice()
    assert first["table awards_proposal"], "the vote was held"
    found = differences(first, second)
    assert found == [], [(first[k], second[k]) for k in found]
    # The audit trail of the vote: its opening and its closing, with counts only.
    opened, closed = AuditEntry.objects.filter(changes__has_key="Bỏ phiếu trực tuyến").order_by("pk")
    assert opened.changes["Bỏ phiếu trực tuyến"] == [None, "Đang mở"]
    assert closed.changes == {
        "Bỏ phiếu trực tuyến": ["Đang mở", "Đã đóng"],
        "số phiếu phát ra": [None, 12],
        "số phiếu thu về": [None, 12],
        "số phiếu không hợp lệ": [None, 0],
    }
    meeting = Meeting.objects.get()
    later = AuditEntry.objects.filter(pk__gt=opened.pk).exclude(pk=closed.pk)
    assert not later.exists(), list(later.values_list("object_repr", "changes"))
    assert not Ballot.objects.exists()
    assert AuditEntry.objects.filter(meeting_id=meeting.pk, pk__gte=opened.pk).count() == 2


def _leaky(write: Callable[[object, object, dict], None]):
    """The cast service, plus a write that links the agency to its choice."""
    original = online_views.online_ballot_cast

    def cast(*, session, agency, votes, by=None):
        original(session=session, agency=agency, votes=votes, by=by)
        write(session, agency, votes)

    return cast


def _ballot_rows(session, agency, votes) -> None:
    Ballot.objects.bulk_create(Ballot(proposal_id=pk, agency=agency, vote=vote) for pk, vote in votes.items())


def _audit_entry(session, agency, votes) -> None:
    choices = {str(pk): vote for pk, vote in sorted(votes.items())}
    audit.record(action=audit.Action.UPDATE, instance=session.meeting, changes={agency.name: [None, choices]})


@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize(("write", "model"), [(_ballot_rows, Ballot), (_audit_entry, AuditEntry)])
def test_the_detector_finds_a_link_written_by_the_cast(fixed_clock, monkeypatch, write, model):
    monkeypatch.setattr(online_views, "online_ballot_cast", _leaky(write))
    first, second = vote_twice()
    found = differences(first, second)
    assert found == [f"table {model._meta.db_table}"]
    assert Proposal.objects.filter(votes_for__isnull=False).exists()
