"""The vote count prints the voting as recorded on the meeting's "Kiểm phiếu" page: secret ballot, the figures,
the tellers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings.services import voting_set
from records import rendering, snapshot
from records.docx import render_docx
from records.tests.conftest import docx_text, pdf_text
from records.tests.records import quang_ngai_2017

pytestmark = pytest.mark.django_db


def test_a_secret_ballot_prints_its_figures_and_tellers():
    meeting = quang_ngai_2017()
    agency = meeting.host
    voting_set(
        meeting=meeting,
        voting_mode="secret",
        ballots_issued=11,
        ballots_returned=11,
        ballots_invalid=1,
        tellers=[
            {"name": "Lê Thị Mỹ Dung", "title": "Chuyên viên", "agency": agency},
            {"name": "Trần Văn Bình", "organization": "Ban Thi đua - Khen thưởng tỉnh"},
        ],
    )
    data = snapshot.vote_count_snapshot(meeting)
    for text in (pdf_text(rendering.render_document(data)), docx_text(render_docx(data))):
        assert "Hình thức biểu quyết: Bỏ phiếu kín." in text
        assert "Lê Thị Mỹ Dung" in text and "Trần Văn Bình" in text
        for line in ("Số phiếu phát ra: 11", "Số phiếu thu về: 11", "Số phiếu hợp lệ: 10", "Số phiếu không hợp lệ: 1"):
            assert line in text, line


def test_figures_that_do_not_add_up_are_refused():
    meeting = quang_ngai_2017()
    with pytest.raises(ValidationError, match="không được lớn hơn số phiếu phát ra"):
        voting_set(meeting=meeting, voting_mode="secret", ballots_issued=10, ballots_returned=11)
