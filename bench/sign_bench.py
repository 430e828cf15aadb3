"""What signing an issued document adds in the worker: the organization's signature (issue 18) on a real
minutes PDF, against the render of that PDF and a fixed pure-Python workload measured in the same run.

    .venv/bin/python bench/sign_bench.py                # 20 runs of each, interleaved
    .venv/bin/python bench/sign_bench.py --repeat 50 --json /tmp/sign.json

Builds the Quảng Ngãi 2017 year-end review (records/tests/records.py, its report repeated until the minutes
take 3 pages, as bench/minutes_bench.py does) in a throwaway SQLite database and folder, renders it once, sets
up the province's organization certificate through the board's service (``organization_signer_set``: a test CA
hierarchy, the PKCS#12 encrypted under a Fernet key, a seal and a signature image), then times, interleaved:

1. ``sign``: ``signatures.services.sign_issued`` on the rendered PDF: what the worker calls after rendering (the
   one query, decrypting the PKCS#12, pyHanko's incremental PAdES signature with its visible appearance);
2. ``render``: ``records.rendering.render_document`` of the same snapshot (WeasyPrint PDF/A-3b): the work the
   signature is added to;
3. ``floor``: a fixed pure-Python workload (SHA-256 chained 200,000 times), which says how fast this machine was
   during the run;
4. ``validate``: ``signatures.pdf.validate_pdf`` of the signed PDF against its anchor (what checking an
   uploaded copy costs, for information).

A first signature is made before the clock starts (the process's one-time cut and scaling of the font).
Prints one JSON object: the median and minimum seconds of each, ``sign ÷ render``, ``sign ÷ floor``, and the
target (issue 18: signing adds **≤ 0.3 s** per document), met or not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 0.3


def prepare() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="thidua-sign-bench-"))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0", "THIDUA_VAR_DIR": str(folder)})
    for name in ("MEDIA_ROOT", "DATABASE_URL", "REDIS_URL", "MINUTES_TEST_RENDER_DELAY"):
        os.environ.pop(name, None)
    # A key of this run only: the organization certificate is stored encrypted, as in production.
    from cryptography.fernet import Fernet

    os.environ["DOCUMENT_SIGNING_KEY"] = Fernet.generate_key().decode()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def floor_workload() -> None:
    digest = b"thi dua khoi"
    for _ in range(200_000):
        digest = hashlib.sha256(digest).digest()


def summary(times: list[float]) -> dict:
    return {"median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4), "runs": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each measurement (20)")
    parser.add_argument("--json", help="also write the JSON object to this file")
    args = parser.parse_args()
    folder = prepare()
    try:
        result = measure(args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text)


def measure(repeat: int) -> dict:
    import io

    import pypdf

    from bench.minutes_bench import three_page_meeting
    from records import rendering
    from signatures.pdf import validate_pdf
    from signatures.services import organization_signer_set, sign_issued
    from signatures.tests.pki import make_ca, make_signer, p12, pem, png

    meeting, version = three_page_meeting()
    organizer = meeting.bloc.organizer
    pdf = rendering.render_document(version.snapshot)
    root = make_ca("Ban Cơ yếu Chính phủ (thử)")
    ca = make_ca("CA cấp dưới (thử)", parent=root)
    identity = make_signer(organizer.name, ca, organization=organizer.short_name or organizer.name)
    # Images of the size a scanned seal and signature have once cropped.
    seal, signature = png((220, 0, 0), (600, 600)), png((0, 0, 200), (800, 400))
    started = time.perf_counter()
    organization_signer_set(
        organizer=organizer,
        p12=p12(identity),
        password="mat-khau",  # noqa: S106  (the test hierarchy's PKCS#12, made a moment ago)
        seal_png=seal,
        signature_png=signature,
    )
    setup_s = time.perf_counter() - started  # includes the trial signature and the font's one-time preparation

    signed = sign_issued(organizer.pk, pdf)
    checks = validate_pdf(signed, anchors=[pem(root)])
    assert len(checks) == 1 and checks[0].valid and checks[0].trusted, checks
    assert signed.startswith(pdf)

    times: dict[str, list[float]] = {"sign": [], "render": [], "floor": [], "validate": []}
    work = {
        "sign": lambda: sign_issued(organizer.pk, pdf),
        "render": lambda: rendering.render_document(version.snapshot),
        "floor": floor_workload,
        "validate": lambda: validate_pdf(signed, anchors=[pem(root)]),
    }
    for index in range(repeat):
        # Interleaved, in an order that turns each round, so that load from elsewhere weighs on all alike.
        names = list(work)
        names = names[index % len(names) :] + names[: index % len(names)]
        for name in names:
            t0 = time.perf_counter()
            work[name]()
            times[name].append(time.perf_counter() - t0)
        print(f"round {index + 1}/{repeat}", file=sys.stderr, flush=True)

    figures = {name: summary(values) for name, values in times.items()}
    sign, render, floor = (figures[name]["median_s"] for name in ("sign", "render", "floor"))
    return {
        "document": {
            "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
            "bytes": len(pdf),
            "signed_bytes": len(signed),
            "added_bytes": len(signed) - len(pdf),
        },
        "setup_s": round(setup_s, 3),
        **figures,
        "ratio_sign_to_render": round(sign / render, 3),
        "ratio_sign_to_floor": round(sign / floor, 3),
        "targets": {"sign_max_s": TARGET_SECONDS, "sign_met": sign <= TARGET_SECONDS},
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


if __name__ == "__main__":
    main()
