"""``manage.py dossier BLOC_CODE YEAR -o DIR`` (a contract): the four documents as PDF/A and Word with stable
names, through the worker's renderers; exit 1 with the reason when the year has no finalized year-end review."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dossiers import services
from dossiers.management.commands.dossier import Command
from dossiers.tests.conftest import pdf_upload
from dossiers.tests.test_workflow import DATED
from imports.importer import import_document
from imports.tests.conftest import EXAMPLE as EXAMPLES
from meetings.models import Proposal
from records.tests.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db
STEMS = ("to-trinh", "bien-ban-hop", "bien-ban-kiem-phieu", "bang-diem")


def run(*args) -> str:
    stderr = io.StringIO()
    call_command("dossier", *args, stderr=stderr)
    return stderr.getvalue()


def test_writes_the_four_documents_as_pdf_and_word(review, tmp_path):
    out = tmp_path / "ho-so"
    said = run("TMTH", "2017", "-o", str(out))
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{stem}.{ext}" for stem in STEMS for ext in ("pdf", "docx"))
    assert said.count("Đã ghi") == 8
    for stem in STEMS:
        assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
        assert (out / f"{stem}.docx").read_bytes().startswith(b"PK")
    letter = pdf_text((out / "to-trinh.pdf").read_bytes())
    assert "TỜ TRÌNH" in letter and "/TTr-" in letter
    for name in ("Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"):
        assert name in letter
    assert "Đã ghi" in said
    assert "BIÊN BẢN KIỂM PHIẾU" in docx_text((out / "bien-ban-kiem-phieu.docx").read_bytes())
    assert "BIÊN BẢN" in pdf_text((out / "bien-ban-hop.pdf").read_bytes())


def test_the_letter_written_is_the_one_sent(review, users, tmp_path):
    for proposal in review.proposals.filter(outcome=Proposal.Outcome.PASSED):
        services.report_upload(proposal=proposal, upload=pdf_upload(), by=users["secretary"])
    services.dossier_send(
        bloc=review.bloc,
        year=2017,
        number="07/TTr-KTĐ",
        dated=DATED,
        signer_name="Nguyễn Thị Hồng Nhung",
        signer_title="Trưởng khối",
        by=users["secretary"],
    )
    run("TMTH", "2017", "-o", str(tmp_path))
    letter = docx_text((tmp_path / "to-trinh.docx").read_bytes())
    assert "07/TTr-KTĐ" in letter and "Nguyễn Thị Hồng Nhung" in letter


def test_a_failed_proposal_is_not_in_the_letter(review, tmp_path):
    failed = review.proposals.get(nominee__code="KBNN")
    Proposal.objects.filter(pk=failed.pk).update(outcome=Proposal.Outcome.FAILED)
    run("TMTH", "2017", "-o", str(tmp_path))
    letter = pdf_text((tmp_path / "to-trinh.pdf").read_bytes())
    assert "Kho bạc Nhà nước tỉnh" not in letter.split("xét, tặng")[-1]


def test_no_finalized_year_end_review_is_an_error_with_the_reason(review, tmp_path):
    with pytest.raises(CommandError, match="chưa có hội nghị tổng kết năm 2016 đã chốt biên bản"):
        run("TMTH", "2016", "-o", str(tmp_path))
    with pytest.raises(CommandError, match="Không có khối nào mã 'KHONG-CO'"):
        run("KHONG-CO", "2017", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_exits_1_with_the_reason(review, tmp_path, capsys):
    """As run from the command line (``run_from_argv``): exit status 1 and the reason on stderr."""
    with pytest.raises(SystemExit) as stop:
        Command().run_from_argv(["manage.py", "dossier", "TMTH", "2016", "-o", str(tmp_path)])
    assert stop.value.code == 1
    assert "chưa có hội nghị tổng kết năm 2016 đã chốt biên bản" in capsys.readouterr().err


def test_every_example_document_of_the_contract_gives_its_dossier(tmp_path):
    """Each real meeting document of ../shared/spec/examples/, imported (history: finalized, no versions yet)."""
    for path in sorted(EXAMPLES.parent.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert import_document(document).ok, path
        for bloc in document["blocs"]:
            for item in bloc.get("meetings", []):
                if item["kind"] != "year_end_review":
                    continue
                out = tmp_path / f"{bloc['code']}-{item['year']}"
                run(bloc["code"], str(item["year"]), "--organizer", document["organizer"]["code"], "-o", str(out))
                letter = pdf_text((out / "to-trinh.pdf").read_bytes())
                count = pdf_text((out / "bien-ban-kiem-phieu.pdf").read_bytes())
                stored = Proposal.objects.filter(meeting__bloc__code=bloc["code"], meeting__held_on=item["held_on"])
                assert stored.count() == len(item.get("proposals", []))
                for proposal in stored.select_related("nominee", "award_type"):
                    if proposal.votes_for is not None:
                        assert str(proposal.votes_for) in count
                    if proposal.outcome == Proposal.Outcome.PASSED:
                        assert proposal.nominee.name in letter, (path.name, proposal)
                        assert proposal.award_type.name in letter, (path.name, proposal)
