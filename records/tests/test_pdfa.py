"""Done-when 4: the minutes are PDF/A-3b and carry the meeting as interchange JSON that validates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pypdf
import pytest
from django.conf import settings

from records.rendering import ATTACHMENT_NAME
from records.tests.layout import pdfa_part

pytestmark = pytest.mark.django_db  # the example PDF is built from the database once per run

SCHEMA = Path(settings.BASE_DIR) / "interchange" / "schema.json"


@pytest.fixture(scope="module")
def reader(example_pdf) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(example_pdf))


def test_xmp_identifies_pdf_a_3b(reader, example_pdf):
    assert pdfa_part(example_pdf) == ("3", "B")
    assert reader.xmp_metadata is not None


def test_output_intent_and_title(reader):
    catalog = reader.trailer["/Root"]
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017" in reader.metadata.title


def test_attached_json_is_the_meeting_in_the_interchange_format(reader, example_snapshot):
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    document = json.loads(reader.attachments[ATTACHMENT_NAME][0])
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(document)
    assert document == example_snapshot["interchange"]
    meeting = document["blocs"][0]["meetings"][0]
    assert (document["blocs"][0]["code"], meeting["kind"], meeting["held_on"]) == (
        "TMTH",
        "year_end_review",
        "2018-01-04",
    )


def test_attachment_is_declared_as_the_source_data(reader):
    catalog = reader.trailer["/Root"]
    # WeasyPrint lists the one file specification twice in /AF; what matters is that it is declared.
    filespecs = {spec.idnum: spec.get_object() for spec in catalog["/AF"]}
    assert [spec["/AFRelationship"] for spec in filespecs.values()] == ["/Source"]
    embedded = next(iter(filespecs.values()))["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/application/json"
