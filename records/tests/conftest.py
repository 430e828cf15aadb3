"""Fixtures of the minutes tests: the example record, its PDF rendered once per run, and people."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest
from django.db import transaction
from docx.text.paragraph import Paragraph

from blocs.models import SecretaryAssignment
from members.models import User
from members.tests.factories import AgencyFactory, UserFactory
from records import rendering
from records.docx import render_docx
from records.models import MinutesVersion
from records.services import meeting_finalize
from records.tests.dossier import example_dossier, generated_dossier
from records.tests.issued import issued_minutes, trusted_pki
from records.tests.records import quang_ngai_2017

FAKE_PDF = b"%PDF-1.7\n% fake minutes for tests that do not look inside\n%%EOF\n"


@pytest.fixture(scope="session")
def example_snapshot(django_db_setup, django_db_blocker) -> dict:
    """The snapshot of the finalized example meeting (built in a rolled-back transaction)."""
    with django_db_blocker.unblock(), transaction.atomic():
        meeting = quang_ngai_2017(organizer_code="QNG-SNAP")
        meeting_finalize(meeting=meeting)
        snapshot = MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES).snapshot
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture(scope="session")
def example_pdf(example_snapshot) -> bytes:
    """The example minutes as the worker renders them; rendered once for the whole run."""
    return rendering.render_document(example_snapshot)


@pytest.fixture(scope="session")
def example_docx(example_snapshot) -> bytes:
    """The example minutes as Word, as the worker stores them beside the PDF."""
    return render_docx(example_snapshot)


def docx_text(data: bytes) -> str:
    """The text of a Word file in reading order (paragraphs, and table cells row by row), then page 1's footer
    (where an issued document's verification code is), whitespace collapsed as ``pdf_text`` does."""
    parts: list[str] = []

    def read(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                parts.append(block.text)
                continue
            for row in block.rows:
                for cell in row.cells:
                    read(cell)

    document = docx.Document(io.BytesIO(data))
    read(document)
    if document.sections[0].different_first_page_header_footer:
        read(document.sections[0].first_page_footer)
    return " ".join(" ".join(parts).split())


def pdf_text(pdf: bytes) -> str:
    """The text of every page, whitespace collapsed (lines joined as they wrap)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def fake_renderer(monkeypatch) -> list[dict]:
    """Replace WeasyPrint by a fake PDF for tests about the pipeline, not the document; returns the calls."""
    calls: list[dict] = []

    def render(snapshot: dict) -> bytes:
        calls.append(snapshot)
        return FAKE_PDF

    monkeypatch.setattr(rendering, "render_document", render)
    return calls


@pytest.fixture
def sent_tasks(monkeypatch) -> list[int]:
    """Record the version ids sent to the broker instead of sending them."""
    from records.tasks import render_minutes_version

    sent: list[int] = []
    monkeypatch.setattr(render_minutes_version, "apply_async", lambda args, **options: sent.append(args[0]))
    return sent


@pytest.fixture
def example_meeting(db):
    return quang_ngai_2017()


@pytest.fixture
def people(example_meeting):
    """Anonymous aside, one user of each kind for the example meeting's bloc."""
    meeting = example_meeting
    organizer = meeting.bloc.organizer
    member_agency = meeting.attendances.select_related("agency").first().agency
    secretary = UserFactory(organizer=organizer, agency=member_agency)
    SecretaryAssignment.objects.create(bloc=meeting.bloc, year=meeting.year, user=secretary)
    return {
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=organizer),
        "secretary": secretary,
        "member": UserFactory(organizer=organizer, agency=member_agency),
        "outsider": UserFactory(organizer=organizer, agency=AgencyFactory(organizer=organizer)),
    }


@pytest.fixture(scope="session")
def dossiers(django_db_setup, django_db_blocker) -> dict[str, dict]:
    """The dossier documents of the example record and of a generated province (records/tests/dossier.py),
    built once in a rolled-back transaction, each document's PDF and Word file rendered once."""
    built = {}
    for name, build in (("example", example_dossier), ("generated", generated_dossier)):
        with django_db_blocker.unblock(), transaction.atomic():
            built[name] = build()
            transaction.set_rollback(True)
    for dossier in built.values():
        dossier["files"] = {
            kind: (rendering.render_document(data), render_docx(data))
            for kind, data in (
                ("vote_count", dossier["vote_count"]),
                ("scores", dossier["scores_snapshot"]),
                ("letter", dossier["letter"]),
            )
            if data is not None
        }
    return built


@pytest.fixture
def media_root(settings, tmp_path):
    """The stored files of the test in its own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def trust(example_meeting):
    """A certificate hierarchy whose root the meeting's province trusts (records/tests/issued.py)."""
    return trusted_pki(example_meeting.bloc.organizer)


@pytest.fixture
def issued(media_root, example_meeting, people, sent_tasks, example_pdf):
    """The example meeting's minutes, version 1, issued with the example PDF."""
    return issued_minutes(example_meeting, people["secretary"], example_pdf)
