"""Render time and throughput of the minutes PDF, against WeasyPrint rendering the same HTML alone.

    .venv/bin/python bench/minutes_bench.py                       # SQLite + filesystem broker
    .venv/bin/python bench/minutes_bench.py --database postgresql --redis redis://127.0.0.1:6379/3

Builds the Quảng Ngãi 2017 year-end review (tests/minutes/records.py) with a report long enough for a
3-page document, in a throwaway database and folder, then measures:

1. latency, in this process: the whole pipeline for one version (``minutes_render``: row lock, template,
   WeasyPrint PDF/A-3b with the JSON attached, storage, commit) against WeasyPrint alone on the same final
   HTML (``HTML(string=…).write_pdf()``: plain, and with the same PDF/A options and attachment);
2. throughput with 1 and 2 worker processes: N versions queued through the broker to 1 or 2 real
   ``celery worker --concurrency=1`` processes (started and ready before the clock starts), against a
   pool of 1 or 2 processes running WeasyPrint alone (same PDF/A options) on the same HTML N times;
   best of ``--rounds`` runs each.

Prints one JSON object. Figures depend on the machine: run it on an idle one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/thidua_minutes_bench"


def prepare(args) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="thidua-minutes-bench-"))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "0", "THIDUA_VAR_DIR": str(folder)})
    os.environ.pop("MEDIA_ROOT", None)
    os.environ.pop("MINUTES_TEST_RENDER_DELAY", None)
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)
    if args.database == "postgresql":
        import psycopg2

        os.environ["DATABASE_URL"] = PG_URL
        connection = psycopg2.connect("host=127.0.0.1 user=postgres dbname=postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS thidua_minutes_bench")
            cursor.execute("CREATE DATABASE thidua_minutes_bench")
        connection.close()
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def three_page_meeting():
    """The example record, its report repeated until the minutes take exactly 3 pages."""
    import io

    import pypdf
    from django.db import transaction

    from meetings.minutes import rendering
    from meetings.services import meeting_finalize
    from tests.minutes.records import REPORT, quang_ngai_2017

    paragraphs = REPORT.splitlines()
    for count in (3, 2, 4, 1, 5, 6, 7, 8):
        report = "\n".join((paragraphs * 4)[:count])
        with transaction.atomic():
            meeting = quang_ngai_2017(report=report, organizer_code=f"BENCH{count}")
            meeting_finalize(meeting=meeting)
            version = meeting.minutes_versions.get()
            pages = len(pypdf.PdfReader(io.BytesIO(rendering.render_document(version.snapshot))).pages)
            if pages == 3:
                return meeting, version
            transaction.set_rollback(True)
    raise SystemExit("could not build a 3-page record")


def copies(version, count: int) -> list[int]:
    """``count`` more queued versions of the same record (each renders and stores its own file)."""
    from django.db.models import Max

    from meetings.models import MinutesVersion

    start = MinutesVersion.objects.filter(meeting=version.meeting).aggregate(n=Max("number"))["n"] + 1
    rows = [
        MinutesVersion(
            meeting=version.meeting,
            number=start + i,
            minutes_number=version.minutes_number,
            snapshot=version.snapshot,
            content_hash=version.content_hash,
        )
        for i in range(count)
    ]
    MinutesVersion.objects.bulk_create(rows)
    return list(
        MinutesVersion.objects.filter(meeting=version.meeting, number__gte=start)
        .order_by("number")
        .values_list("pk", flat=True)
    )


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> dict:
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "runs": len(times)}


# WeasyPrint alone: module-level so multiprocessing can run it in child processes.
_HTML = ""
_ATTACHMENT = b""
_BASE = ""


def _init_alone(html: str, attachment: bytes, base_url: str) -> None:
    global _HTML, _ATTACHMENT, _BASE
    _HTML, _ATTACHMENT, _BASE = html, attachment, base_url
    _alone_pdfa(0)  # warm up: fonts and WeasyPrint loaded before the clock starts


def _alone_plain(_index: int = 0) -> int:
    from weasyprint import HTML

    return len(HTML(string=_HTML, base_url=_BASE).write_pdf())


def _alone_pdfa(_index: int = 0) -> int:
    from weasyprint import HTML, Attachment

    attachment = Attachment(string=_ATTACHMENT, name="bien-ban.json", relationship="Source")
    return len(HTML(string=_HTML, base_url=_BASE).write_pdf(pdf_variant="pdf/a-3b", attachments=[attachment]))


def alone_throughput(processes: int, documents: int, html: str, attachment: bytes, base_url: str) -> float:
    with multiprocessing.get_context("spawn").Pool(
        processes, initializer=_init_alone, initargs=(html, attachment, base_url)
    ) as pool:
        pool.map(int, range(processes))  # every process started and warm
        started = time.perf_counter()
        pool.map(_alone_pdfa, range(documents), chunksize=1)
        return documents / (time.perf_counter() - started)


def start_workers(count: int, log_dir: Path) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1", "--loglevel=INFO"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    workers = []
    for index in range(count):
        with (log_dir / f"worker-{index}.log").open("wb") as log:  # a new file per run: ready() reads it
            workers.append(
                subprocess.Popen(
                    [*command, "-n", f"bench{index}@%h"],
                    cwd=ROOT,
                    env={**os.environ, "CONN_MAX_AGE": "0"},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    deadline = time.monotonic() + 120

    def ready(index: int) -> bool:
        # Ready to consume, and its prefork child has warmed WeasyPrint up (meetings/tasks.py).
        log = (log_dir / f"worker-{index}.log").read_text(errors="replace")
        return " ready." in log and "renderer warmed up" in log

    while not all(ready(i) for i in range(count)):
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            stop_workers(workers)
            raise SystemExit(f"workers did not start; see {log_dir}")
        time.sleep(0.2)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def pipeline_throughput(version, workers_count: int, documents: int, log_dir: Path) -> float:
    from meetings.minutes.services import enqueue_render
    from meetings.models import MinutesVersion

    ids = copies(version, documents)
    workers = start_workers(workers_count, log_dir)
    try:
        started = time.perf_counter()
        for version_id in ids:
            enqueue_render(version_id)
        deadline = time.monotonic() + 60 + documents * 20
        while MinutesVersion.objects.filter(pk__in=ids, status="ready").count() < len(ids):
            if time.monotonic() > deadline:
                raise SystemExit(f"renders did not finish; see {log_dir}")
            time.sleep(0.05)
        return documents / (time.perf_counter() - started)
    finally:
        stop_workers(workers)


def run(args) -> dict:
    folder = prepare(args)
    try:
        from meetings.minutes import rendering
        from meetings.minutes.services import minutes_render

        _meeting, version = three_page_meeting()
        from config.celery_app import app

        app.control.purge()  # finalizing queued version 1: the workers must find only what the clock counts
        snapshot = version.snapshot
        html = rendering.render_html(snapshot)
        attachment = json.dumps(snapshot["interchange"], ensure_ascii=False, indent=2).encode()
        _init_alone(html, attachment, rendering.base_url())

        ids = iter(copies(version, args.repeat + 1))
        minutes_render(version_id=next(ids))  # warm up this process
        pipeline, pdfa, plain = [], [], []
        for _ in range(args.repeat):  # interleaved, so that load from elsewhere hits all three alike
            pipeline += timed(lambda: minutes_render(version_id=next(ids)), 1)
            pdfa += timed(_alone_pdfa, 1)
            plain += timed(_alone_plain, 1)
        result = {
            "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
            "database": args.database,
            "broker": "redis" if args.redis else "filesystem",
            "pages": 3,
            "latency": {
                "pipeline": summary(pipeline),
                "weasyprint_alone_same_options": summary(pdfa),
                "weasyprint_alone_plain": summary(plain),
                # Ratios of the best runs: load from other processes only ever adds time.
                "ratio_pipeline_to_weasyprint_same_options": round(min(pipeline) / min(pdfa), 2),
                "ratio_pipeline_to_weasyprint_plain": round(min(pipeline) / min(plain), 2),
            },
            "throughput_docs_per_s": {},
        }
        for count in args.workers:
            # Best of a few interleaved rounds: load from other processes only ever slows a run down.
            through_workers = alone = 0.0
            for _ in range(args.rounds):
                through_workers = max(through_workers, pipeline_throughput(version, count, args.documents, folder))
                alone = max(alone, alone_throughput(count, args.documents, html, attachment, rendering.base_url()))
            result["throughput_docs_per_s"][f"{count}_process"] = {
                "pipeline_workers": round(through_workers, 2),
                "weasyprint_alone": round(alone, 2),
                "ratio": round(through_workers / alone, 2),
            }
        result["documents_per_throughput_run"] = args.documents
        result["rounds"] = args.rounds
        return result
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--redis", help="broker URL (default: the filesystem broker)")
    parser.add_argument("--repeat", type=int, default=10, help="renders per latency figure")
    parser.add_argument("--documents", type=int, default=20, help="documents per throughput run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true", help="keep the folder (worker logs) for a look")
    parser.add_argument("--rounds", type=int, default=3, help="throughput runs per figure (the best is kept)")
    print(json.dumps(run(parser.parse_args()), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
