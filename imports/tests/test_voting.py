"""The 2026 key ``meetings[].voting``: how the proposals were voted, the ballot figures and the tellers, as the
vote-count minutes print them. Documents without it import as before; secret votes carry tallies only."""

import pytest

from imports.importer import import_document
from interchange.exporter import export_organizer
from interchange.problems import schema_problems
from meetings.models import Meeting, Participant
from members.models import Organizer

pytestmark = pytest.mark.django_db

VOTING = {
    "mode": "secret",
    "tellers": [
        {"name": "Lê Thị Mỹ Dung", "title": "Chuyên viên", "agency": "VP-HDND"},
        {"name": "Trần Văn Bình", "organization": "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi"},
    ],
    "ballots_issued": 11,
    "ballots_returned": 11,
    "ballots_invalid": 0,
}


def _meeting(document: dict) -> dict:
    return document["blocs"][0]["meetings"][0]


def _secret(example: dict) -> dict:
    meeting = _meeting(example)
    meeting["voting"] = VOTING
    for proposal in meeting["proposals"]:
        if "ballots" in proposal:
            votes = [b["vote"] for b in proposal.pop("ballots")]
            proposal["votes"] = {k: votes.count(k) for k in ("for", "against", "abstain")}
    return example


def test_voting_imports_and_exports_back(example):
    report = import_document(_secret(example))
    assert report.ok, report.problems
    meeting = Meeting.objects.get()
    assert (meeting.voting_mode, meeting.ballots_issued, meeting.ballots_returned, meeting.ballots_invalid) == (
        "secret", 11, 11, 0,
    )  # fmt: skip
    tellers = meeting.participants.filter(role=Participant.Role.TELLER).order_by("position")
    assert [(t.name, t.agency.code if t.agency else t.organization) for t in tellers] == [
        ("Lê Thị Mỹ Dung", "VP-HDND"),
        ("Trần Văn Bình", "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi"),
    ]
    exported = export_organizer(Organizer.objects.get())
    assert schema_problems(exported) == []
    assert _meeting(exported)["voting"] == VOTING
    assert import_document(exported).ok  # and again: nothing differs


def test_a_document_without_voting_imports_as_before_and_exports_none(example):
    assert import_document(example).ok
    meeting = Meeting.objects.get()
    assert (meeting.voting_mode, meeting.ballots_issued) == ("", None)  # not recorded
    assert "voting" not in _meeting(export_organizer(Organizer.objects.get()))


def test_ballots_in_a_secret_vote_are_refused_with_their_path(example):
    meeting = _meeting(example)
    meeting["voting"] = {"mode": "secret"}
    with_ballots = 2
    proposal = meeting["proposals"][with_ballots]
    voters = [a["agency"] for a in meeting["attendance"] if a["present"]][: proposal["votes"]["for"]]
    proposal["ballots"] = [{"agency": code, "vote": "for"} for code in voters]
    report = import_document(example)
    assert not report.ok
    paths = [problem.path for problem in report.problems]
    assert f"blocs[0].meetings[0].proposals[{with_ballots}].ballots" in paths
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("voting", "path"),
    [
        ({"mode": "open", "ballots_issued": 10, "ballots_returned": 11}, "voting.ballots_returned"),
        ({"mode": "open", "ballots_returned": 11, "ballots_invalid": 12}, "voting.ballots_invalid"),
        ({"mode": "open", "ballots_returned": 11, "ballots_invalid": 5}, "proposals[1].votes"),
    ],
)
def test_figures_that_do_not_add_up_are_refused(example, voting, path):
    _meeting(example)["voting"] = voting
    report = import_document(example)
    assert not report.ok
    assert any(problem.path.endswith(path) for problem in report.problems), report.problems
