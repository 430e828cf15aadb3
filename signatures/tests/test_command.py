"""``manage.py trust_anchors add|list|remove``: the installation's and a province's anchors, exit status 0 when
done and 1 with the reason in Vietnamese otherwise."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import base as management_base
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from members.tests.factories import OrganizerFactory
from signatures.models import TrustAnchor
from signatures.tests.pki import make_ca, make_signer, pem

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("trust_anchors", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def shell(monkeypatch, capsys):
    """What a shell sees: ``shell(ARGS)`` → the exit status and stderr of ``manage.py trust_anchors ARGS``."""
    # run_from_argv closes the connections when it ends, the test's transaction with them.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)

    def run_argv(*args: str) -> tuple[int, str]:
        command = load_command_class("signatures", "trust_anchors")
        try:
            command.run_from_argv(["manage.py", "trust_anchors", *args])
        except SystemExit as done:
            return done.code, capsys.readouterr().err
        return 0, capsys.readouterr().err

    return run_argv


@pytest.fixture
def ca_file(tmp_path, root):
    path = tmp_path / "goc.pem"
    path.write_bytes(pem(root))
    return path


def test_add_for_every_province(ca_file, root):
    out = run("add", str(ca_file), "--name", "Ban Cơ yếu")

    anchor = TrustAnchor.objects.get()
    assert (anchor.name, anchor.organizer) == ("Ban Cơ yếu", None)
    assert out == f"Đã thêm chứng thư gốc 'Ban Cơ yếu' (mọi tỉnh), SHA-256 {anchor.fingerprint_sha256}.\n"


def test_add_for_one_province(ca_file):
    province = OrganizerFactory(code="QNG")
    run("add", str(ca_file), "--province", "QNG")
    assert TrustAnchor.objects.get().organizer == province


def test_list_shows_scope_subject_validity_and_fingerprint(ca_file):
    OrganizerFactory(code="QNG")
    run("add", str(ca_file))
    run("add", _write(ca_file, make_ca("CA tỉnh")), "--province", "QNG")

    lines = run("list").splitlines()

    installation, provincial = (line.split("\t") for line in lines)
    assert installation[:3] == ["Ban Cơ yếu Chính phủ (thử)", "*", "Ban Cơ yếu Chính phủ (thử)"]
    assert installation[3] == "01/01/2015–01/01/2045"
    assert provincial[:2] == ["CA tỉnh", "QNG"]
    assert len(installation[4]) == 64


def _write(path, ca) -> str:
    other = path.with_name("khac.pem")
    other.write_bytes(pem(ca))
    return str(other)


def test_list_when_there_is_none():
    assert run("list") == "Chưa có chứng thư gốc nào.\n"


def test_remove(ca_file):
    run("add", str(ca_file), "--name", "Gốc")
    assert run("remove", "Gốc") == "Đã bỏ chứng thư gốc 'Gốc'.\n"
    assert not TrustAnchor.objects.exists()


def test_success_exits_0(ca_file, shell):
    assert shell("add", str(ca_file)) == (0, "")
    assert TrustAnchor.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remove", "Không có"), "Không có chứng thư gốc nào tên 'Không có'."),
        (("add", "/khong/co/tep.pem"), "Không đọc được tệp /khong/co/tep.pem"),
        (("list", "--province", "XYZ"), "Không có tỉnh mã 'XYZ'."),
    ],
    ids=["unknown-name", "missing-file", "unknown-province"],
)
def test_failures_exit_1_with_the_reason(args, message, shell):
    status, err = shell(*args)
    assert status == 1
    assert message in err


def test_a_file_that_is_not_a_ca_certificate_is_refused(tmp_path, root, shell):
    leaf = tmp_path / "nguoi-ky.pem"
    leaf.write_bytes(pem(make_signer("Người ký", root)))
    junk = tmp_path / "rac.pem"
    junk.write_bytes(b"not a certificate")

    with pytest.raises(CommandError, match="không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực"):
        run("add", str(leaf))
    status, err = shell("add", str(junk))
    assert status == 1 and "Tệp không phải chứng thư số (PEM hoặc DER)." in err
    assert not TrustAnchor.objects.exists()


def test_a_duplicate_is_refused(ca_file):
    run("add", str(ca_file))
    with pytest.raises(CommandError, match=r"Chứng thư này đã có trong danh sách tin cậy\."):
        run("add", str(ca_file), "--name", "Lần hai")
