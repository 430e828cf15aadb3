"""The dossier's generated documents as files: what ``manage.py dossier`` writes and the benchmark times."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from dossiers.models import Dossier
from dossiers.services import letter_defaults
from meetings.models import Meeting
from records import docx, numbering, rendering, snapshot
from records.models import MinutesVersion
from records.services import current_version, minutes_number_for

Document = MinutesVersion.Document
# The stable file names of the contract (../shared/spec/INTERCHANGE.md), by document.
STEMS = {
    Document.LETTER: "to-trinh",
    Document.MINUTES: "bien-ban-hop",
    Document.VOTE_COUNT: "bien-ban-kiem-phieu",
    Document.SCORES: "bang-diem",
}


def _letter(meeting: Meeting) -> dict:
    """The letter last sent, else as it would print today: no number yet, signed by the person presiding."""
    dossier = Dossier.objects.filter(bloc_id=meeting.bloc_id, year=meeting.year).first()
    submission = dossier.submissions.order_by("-number").select_related("letter").first() if dossier else None
    if submission is not None:
        return submission.letter.snapshot
    draft_number = f"{numbering.DOTS}/TTr-{meeting.bloc.symbol}"
    return snapshot.letter_snapshot(meeting, **letter_defaults(meeting, number=draft_number))


def dossier_snapshots(meeting: Meeting) -> dict[str, dict]:
    """Each document's snapshot: the current version where there is one, else built from the record now."""
    found = {}
    for document, build in (
        (Document.MINUTES, None),
        (Document.VOTE_COUNT, snapshot.vote_count_snapshot),
        (Document.SCORES, snapshot.scores_snapshot),
    ):
        version = current_version(meeting, document)
        if version is not None:
            found[document] = version.snapshot
        elif build is None:
            with transaction.atomic():  # the number takes a lock on the bloc
                found[document] = snapshot.meeting_snapshot(meeting, minutes_number=minutes_number_for(meeting))
        else:
            found[document] = build(meeting, always=True)
    found[Document.LETTER] = _letter(meeting)
    return found


def dossier_files(meeting: Meeting) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of each document as PDF/A and Word, in the dossier's order."""
    data = dossier_snapshots(meeting)
    for document in STEMS:
        yield f"{STEMS[document]}.pdf", rendering.render_document(data[document])
        yield f"{STEMS[document]}.docx", docx.render_docx(data[document])
