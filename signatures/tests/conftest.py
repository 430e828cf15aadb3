"""Fixtures of the signatures tests: a real issued document (the example minutes, rendered once per run), a
certificate hierarchy, and PNG images of a seal and a signature."""

from __future__ import annotations

import pytest
from django.db import transaction

from records import rendering
from records.models import MinutesVersion
from records.services import meeting_finalize
from records.tests.records import quang_ngai_2017
from signatures.tests.pki import make_ca, make_signer, png


@pytest.fixture(scope="session")
def minutes_snapshot(django_db_setup, django_db_blocker) -> dict:
    """The snapshot of the finalized example meeting (built in a rolled-back transaction)."""
    with django_db_blocker.unblock(), transaction.atomic():
        meeting = quang_ngai_2017(organizer_code="QNG-KYSO", votes=False)
        meeting_finalize(meeting=meeting)
        snapshot = MinutesVersion.objects.get(meeting=meeting, document=MinutesVersion.Document.MINUTES).snapshot
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture(scope="session")
def minutes_pdf(minutes_snapshot) -> bytes:
    """The example minutes as the worker renders them (PDF/A-3b with bien-ban.json attached), before signing."""
    return rendering.render_document(minutes_snapshot)


@pytest.fixture(scope="session")
def root():
    return make_ca("Ban Cơ yếu Chính phủ (thử)")


@pytest.fixture(scope="session")
def intermediate(root):
    return make_ca("CA cấp dưới (thử)", parent=root)


@pytest.fixture(scope="session")
def organization(intermediate):
    return make_signer("Ủy ban nhân dân tỉnh Quảng Ngãi", intermediate, organization="UBND tỉnh Quảng Ngãi")


@pytest.fixture(scope="session")
def seal() -> bytes:
    return png((220, 0, 0), (300, 300))


@pytest.fixture(scope="session")
def signature_image() -> bytes:
    return png((0, 0, 200), (500, 250))
