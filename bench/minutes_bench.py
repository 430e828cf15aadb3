"""Render time and throughput of the minutes PDF, against WeasyPrint rendering the same HTML alone.

    .venv/bin/python bench/minutes_bench.py                       # SQLite + filesystem broker
    .venv/bin/python bench/minutes_bench.py --database postgresql --redis redis://127.0.0.1:6379/3
    .venv/bin/python bench/minutes_bench.py --database postgresql --redis redis://127.0.0.1:6379/3 --soak

Builds the Quảng Ngãi 2017 year-end review (records/tests/records.py) with a report long enough for a
3-page document, in a throwaway database and folder, then measures:

1. latency, in this process: the whole pipeline for one version (``minutes_render``: row lock, template,
   WeasyPrint PDF/A-3b with the JSON attached, storage, commit) against WeasyPrint alone on the same final
   HTML (``HTML(string=…).write_pdf()``: plain, and with the same PDF/A options and attachment);
2. throughput with 1 and 2 worker processes: N versions queued through the broker to 1 or 2 real
   ``celery worker --concurrency=1`` processes (started and ready before the clock starts), against a
   pool of 1 or 2 processes running WeasyPrint alone (same PDF/A options) on the same HTML N times;
   best of ``--rounds`` runs each.

With ``--soak``, instead: 1,000 renders by 2 workers against WeasyPrint alone in the same run, and the
workers' memory after 10 and after 1,000 renders (``soak``; bench/README.md, "Soak").

Prints one JSON object (``--json FILE`` also writes it there). Figures depend on the machine: run it on
an idle one.
"""

from __future__ import annotations

import argparse
import atexit
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

    from records import rendering
    from records.services import meeting_finalize
    from records.tests.records import REPORT, quang_ngai_2017

    paragraphs = REPORT.splitlines()
    for count in (3, 2, 4, 1, 5, 6, 7, 8):
        report = "\n".join((paragraphs * 4)[:count])
        with transaction.atomic():
            meeting = quang_ngai_2017(report=report, organizer_code=f"BENCH{count}")
            meeting_finalize(meeting=meeting)
            version = meeting.minutes_versions.get(document="minutes")
            pages = len(pypdf.PdfReader(io.BytesIO(rendering.render_document(version.snapshot))).pages)
            if pages == 3:
                return meeting, version
            transaction.set_rollback(True)
    raise SystemExit("could not build a 3-page record")


def copies(version, count: int) -> list[int]:
    """``count`` more queued versions of the same record (each renders and stores its own file)."""
    from django.db.models import Max

    from records.models import MinutesVersion

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
_NEW_FONT_CONFIG = False  # True: WeasyPrint's default, a new FontConfiguration for each document
_FONT_CONFIG = None  # else one per process, reused, as meetings/minutes/rendering.py does


def _init_alone(html: str, attachment: bytes, base_url: str, new_font_config: bool = False) -> None:
    global _HTML, _ATTACHMENT, _BASE, _NEW_FONT_CONFIG
    _HTML, _ATTACHMENT, _BASE, _NEW_FONT_CONFIG = html, attachment, base_url, new_font_config
    atexit.register(_drop_font_config)
    if multiprocessing.parent_process() is not None:
        # A session of its own, like each worker (start_workers): with the kernel's autogroup scheduling
        # (sched_autogroup_enabled), CPU time is shared out between sessions first, so processes that
        # shared the benchmark's session would get less of a busy machine than the workers do.
        os.setsid()
    _alone_pdfa(0)  # warm up: fonts and WeasyPrint loaded before the clock starts


def _drop_font_config() -> None:
    global _FONT_CONFIG
    if _FONT_CONFIG is not None:
        _FONT_CONFIG.__del__()  # deletes WeasyPrint's temporary font folder
        _FONT_CONFIG = None


def _alone_plain(_index: int = 0) -> int:
    from weasyprint import HTML

    return len(HTML(string=_HTML, base_url=_BASE).write_pdf())


def _alone_pdfa(_index: int = 0, new_font_config: bool | None = None) -> int:
    """The same options as the pipeline: PDF/A-3b, the JSON attached, one font configuration per process
    (or, with ``new_font_config``, WeasyPrint's default: a new one for each document)."""
    global _FONT_CONFIG
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    if _NEW_FONT_CONFIG if new_font_config is None else new_font_config:
        font_config = None
    else:
        _FONT_CONFIG = font_config = _FONT_CONFIG or FontConfiguration()
    attachment = Attachment(string=_ATTACHMENT, name="bien-ban.json", relationship="Source")
    return len(
        HTML(string=_HTML, base_url=_BASE).write_pdf(
            pdf_variant="pdf/a-3b", attachments=[attachment], font_config=font_config
        )
    )


def _alone_pdfa_new_font_config(_index: int = 0) -> int:
    return _alone_pdfa(_index, new_font_config=True)


@contextlib.contextmanager
def alone_pool(processes: int, html: str, attachment: bytes, base_url: str, new_font_config: bool = False):
    """Processes running WeasyPrint alone, started and warm; on the way out they exit normally (so that
    WeasyPrint deletes its temporary font folders), or are terminated if something failed."""
    pool = multiprocessing.get_context("spawn").Pool(
        processes, initializer=_init_alone, initargs=(html, attachment, base_url, new_font_config)
    )
    try:
        pool.map(int, range(processes))  # every process started and warm
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def alone_throughput(processes: int, documents: int, html: str, attachment: bytes, base_url: str) -> float:
    with alone_pool(processes, html, attachment, base_url) as pool:
        started = time.perf_counter()
        pool.map(_alone_pdfa, range(documents), chunksize=1)
        return documents / (time.perf_counter() - started)


def start_workers(count: int, log_dir: Path, *, soak: bool = False) -> list[subprocess.Popen]:
    """``count`` workers of one prefork child each. For the soak, worker i also consumes the queue
    ``bench-w<i>`` (besides Celery's default one), so that each can be given its warm-up documents, and
    keeps its database connection between tasks as in production (``CONN_MAX_AGE`` unset: 60 s)."""
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1", "--loglevel=INFO"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    workers = []
    for index in range(count):
        queues = ["-Q", f"celery,{OWN_QUEUE}{index}"] if soak else []
        with (log_dir / f"worker-{index}.log").open("wb") as log:  # a new file per run: ready() reads it
            workers.append(
                subprocess.Popen(
                    [*command, "-n", f"bench{index}@%h", *queues],
                    cwd=ROOT,
                    env=os.environ if soak else {**os.environ, "CONN_MAX_AGE": "0"},
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
    after_the_start_up_send()
    return workers


def after_the_start_up_send() -> None:
    """A worker that starts sends every version still queued (records/tasks.py, ``_send_queued_versions``):
    the bench's versions are made after that, so that each is rendered once, when the bench sends it. The
    signal runs as the worker says it is ready; a second is ample for its query (no version is queued)."""
    time.sleep(1.0)


def stop_workers(workers: list[subprocess.Popen]) -> None:
    """Warm shutdown, as a service manager does it (SIGTERM to the main process: its pool processes run
    their shutdown handlers); whatever is left after 20 s is killed."""
    for worker in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for worker in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def pipeline_throughput(version, workers_count: int, documents: int, log_dir: Path) -> float:
    from records.models import MinutesVersion
    from records.services import enqueue_render

    workers = start_workers(workers_count, log_dir)
    try:
        ids = copies(version, documents)  # after the workers' start: see after_the_start_up_send
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


# Soak: 1,000 documents through 2 workers, WeasyPrint alone in the same run, worker memory.
OWN_QUEUE = "bench-w"
TARGET_RATIO = 0.7  # pipeline throughput ≥ 0.7 × WeasyPrint alone
TARGET_RSS_RATIO = 1.5  # worker RSS after 1,000 renders ≤ 1.5 × after 10
_RENDERED = 0  # documents rendered by this WeasyPrint-alone process


def cpu_seconds(pids) -> float:
    """CPU time (user + system) the processes have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    return total / os.sysconf("SC_CLK_TCK")


def memory(pid: int | str = "self") -> dict:
    """Resident memory of a process from /proc/<pid>/status, in MB: VmRSS, its anonymous part, the peak."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields["VmRSS"], "anon_mb": fields["RssAnon"], "peak_mb": fields["VmHWM"]}


def prefork_child(worker: subprocess.Popen) -> int:
    """The pid of the one prefork child (the process that runs the tasks) of a ``--concurrency=1`` worker."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"worker {worker.pid}: expected one prefork child, found {children}")
    return int(children[0])


class LogTally:
    """Counts, incrementally, the render tasks a worker's log says it finished (and those that raised)."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.rest = path, 0, b""
        self.done = self.raised = 0

    def update(self) -> int:
        with self.path.open("rb") as log:
            log.seek(self.offset)
            data = log.read()
        self.offset += len(data)
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        for line in lines:
            if b"render_minutes_version[" in line:
                self.done += b"] succeeded in " in line
                self.raised += b"] raised " in line
        return self.done + self.raised


def _alone_pdfa_counted(_index: int = 0) -> tuple[int, int, dict]:
    """One document (WeasyPrint alone, same options); returns this process's pid, count and memory."""
    global _RENDERED
    _alone_pdfa()
    _RENDERED += 1
    return os.getpid(), _RENDERED, memory()


def alone_turn(pool, documents: int, readings: dict) -> float:
    """``documents`` through the pool; keeps per process the memory after its 10th and its last document."""
    started = time.perf_counter()
    for pid, count, mem in pool.imap_unordered(_alone_pdfa_counted, range(documents), chunksize=1):
        reading = readings.setdefault(pid, {})
        if count == 10:
            reading["after_10"] = mem
        reading["last"] = {"renders": count, **mem}
    return time.perf_counter() - started


def chunks(items, count: int) -> list:
    """``items`` cut into ``count`` runs of (nearly) equal length."""
    size, extra = divmod(len(items), count)
    cuts = [i * size + min(i, extra) for i in range(count + 1)]
    return [items[cuts[i] : cuts[i + 1]] for i in range(count)]


def soak(args, version, html: str, attachment: bytes, log_dir: Path) -> dict:
    """``--soak``: see bench/README.md. The timed documents go in ``--soak-blocks`` blocks in which the
    pipeline and WeasyPrint alone take turns (alone, pipeline, alone with a new font configuration per
    document; then the other way round), so that load from elsewhere that comes and goes during the run
    weighs on every figure alike; each throughput is its documents over the time of its turns."""
    from records import rendering
    from records.models import MinutesVersion
    from records.services import enqueue_render
    from records.tasks import render_minutes_version

    workers_count, warm, total, blocks = 2, args.soak_warmup, args.soak_documents, args.soak_blocks
    documents = total - warm * workers_count  # timed; the warm-up renders count among the total
    counts = {
        "pipeline": [len(c) for c in chunks(range(documents), blocks)],
        "alone": [len(c) for c in chunks(range(args.soak_alone or total), blocks)],
        "alone_new_font_config": [len(c) for c in chunks(range(args.soak_alone_new), blocks)],
    }
    seconds = dict.fromkeys(counts, 0.0)
    cpu_used = dict.fromkeys(counts, 0.0)
    readings: dict[str, dict[int, dict]] = {"alone": {}, "alone_new_font_config": {}}
    workers_result, turns = [], []
    with contextlib.ExitStack() as stack:
        pools = {
            name: stack.enter_context(
                alone_pool(workers_count, html, attachment, rendering.base_url(), name == "alone_new_font_config")
            )
            for name in readings
            if sum(counts[name])
        }
        pool_pids = {name: [process.pid for process in pool._pool] for name, pool in pools.items()}
        # Versions left queued before (the record's own first one): the workers send them as they start.
        sent_at_start = MinutesVersion.objects.filter(status="queued").count()
        workers = start_workers(workers_count, log_dir, soak=True)
        stack.callback(stop_workers, workers)
        # Made after the workers' start (after_the_start_up_send), else each would be rendered twice.
        warm_ids = copies(version, warm * workers_count)
        timed_ids = copies(version, documents)
        ids = iter(timed_ids)
        children = [prefork_child(w) for w in workers]
        tallies = [LogTally(log_dir / f"worker-{i}.log") for i in range(workers_count)]
        # Warm-up: exactly `warm` documents on each worker's own queue, then memory once both are idle.
        for index in range(workers_count):
            for version_id in warm_ids[index * warm : (index + 1) * warm]:
                render_minutes_version.apply_async(args=[version_id], queue=f"{OWN_QUEUE}{index}")
        deadline = time.monotonic() + 60 + warm * 20
        while any(t.update() < warm for t in tallies):
            if time.monotonic() > deadline:
                raise SystemExit(f"warm-up renders did not finish; see {log_dir}")
            time.sleep(0.05)
        time.sleep(0.5)  # back in the pool's loop, nothing in flight
        after_warm = [{"parent": memory(w.pid), "child": memory(c)} for w, c in zip(workers, children, strict=True)]
        curves: list[list] = [[] for _ in workers]  # child memory every 50 renders (one render in flight)
        expected = warm * workers_count + sent_at_start

        def pipeline_turn(count: int) -> float:
            nonlocal expected
            expected += count
            started = time.perf_counter()
            for _ in range(count):
                enqueue_render(next(ids))
            deadline = time.monotonic() + 60 + count * 20
            while sum(t.update() for t in tallies) < expected:
                for index, tally in enumerate(tallies):
                    rendered = tally.done + tally.raised
                    if rendered // 50 > len(curves[index]):
                        curves[index].append([rendered, memory(children[index])["rss_mb"]])
                if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
                    raise SystemExit(f"renders did not finish; see {log_dir}")
                time.sleep(0.05)
            return time.perf_counter() - started

        order = list(counts)  # alone, pipeline, alone with new font configurations; reversed every other block
        order.insert(0, order.pop(1))
        for block in range(blocks):
            for name in order if block % 2 == 0 else order[::-1]:
                count = counts[name][block]
                if not count:
                    continue
                pids = [*[w.pid for w in workers], *children] if name == "pipeline" else pool_pids[name]
                cpu_before = cpu_seconds(pids)
                took = pipeline_turn(count) if name == "pipeline" else alone_turn(pools[name], count, readings[name])
                cpu = cpu_seconds(pids) - cpu_before
                seconds[name] += took
                cpu_used[name] += cpu
                # CPUs the turn's processes got: below 2, load from elsewhere took the rest.
                turns.append({name: count, "docs_per_s": round(count / took, 2), "cpus": round(cpu / took, 2)})
                print(f"soak: block {block + 1}/{blocks}, {turns[-1]}", file=sys.stderr)
        time.sleep(0.5)
        if [prefork_child(w) for w in workers] != children:
            raise SystemExit("a prefork child was replaced during the run: the memory readings mean nothing")
        for index, worker in enumerate(workers):
            workers_result.append(
                {
                    "renders": tallies[index].done + tallies[index].raised,
                    "raised": tallies[index].raised,
                    "parent_pid": worker.pid,
                    "child_pid": children[index],
                    f"after_{warm}": after_warm[index],
                    "after_all": {"parent": memory(worker.pid), "child": memory(children[index])},
                    "child_rss_every_50_mb": curves[index],
                }
            )
    ready = MinutesVersion.objects.filter(pk__in=[*warm_ids, *timed_ids], status="ready").count()
    if ready != total:
        raise SystemExit(f"{total - ready} of {total} versions are not ready; see {log_dir}")
    runs = sum(worker["renders"] for worker in workers_result)
    if runs != total + sent_at_start:  # a version sent twice would make a turn end before its renders did
        raise SystemExit(f"{runs} render tasks for {total} versions (+{sent_at_start} sent at start); see {log_dir}")

    throughput = {name: sum(counts[name]) / seconds[name] for name in counts if seconds[name]}
    # The compared process is the prefork child (it runs the tasks); the worse of the two workers counts.
    ratios = [w["after_all"]["child"]["rss_mb"] / w[f"after_{warm}"]["child"]["rss_mb"] for w in workers_result]
    worst = max(range(len(ratios)), key=ratios.__getitem__)
    ratio = throughput["pipeline"] / throughput["alone"]
    result = {
        "throughput_pipeline": round(throughput["pipeline"], 2),
        "throughput_alone": round(throughput["alone"], 2),
        "ratio": round(ratio, 2),
        f"rss_after_{warm}_mb": workers_result[worst][f"after_{warm}"]["child"]["rss_mb"],
        f"rss_after_{total}_mb": workers_result[worst]["after_all"]["child"]["rss_mb"],
        "rss_ratio": round(ratios[worst], 2),
        "rss_compared": f"VmRSS of the prefork child of worker {worst}, the worse of the two",
        "targets": {
            "ratio_min": TARGET_RATIO,
            "rss_ratio_max": TARGET_RSS_RATIO,
            "ratio_met": ratio >= TARGET_RATIO,
            "rss_ratio_met": ratios[worst] <= TARGET_RSS_RATIO,
        },
    }
    if new := throughput.get("alone_new_font_config"):  # WeasyPrint's default, what the application did before
        result["throughput_alone_new_font_config"] = round(new, 2)
        result["ratio_to_alone_new_font_config"] = round(throughput["pipeline"] / new, 2)
    return {
        **result,
        "renders_total": total,
        "warm_up_per_worker": warm,
        "documents": {name: sum(c) for name, c in counts.items()},
        "seconds": {name: round(s, 1) for name, s in seconds.items()},
        # CPU time per document of the rendering processes (the workers: main and pool process; PostgreSQL
        # and Redis not counted): moved much less than documents per second by load from elsewhere.
        "cpu_seconds_per_document": {
            name: round(cpu_used[name] / sum(counts[name]), 3) for name in counts if cpu_used[name]
        },
        "turns": turns,
        "workers": workers_result,
        "weasyprint_alone_processes": {
            name: [
                {"renders": r["last"]["renders"], "after_10": r.get("after_10"), "after_all": r["last"]}
                for r in by_pid.values()
            ]
            for name, by_pid in readings.items()
            if by_pid
        },
    }


def run(args) -> dict:
    folder = prepare(args)
    try:
        from records import rendering
        from records.services import minutes_render

        _meeting, version = three_page_meeting()
        from config.celery_app import app

        app.control.purge()  # finalizing queued version 1: the workers must find only what the clock counts
        snapshot = version.snapshot
        html = rendering.render_html(snapshot)
        attachment = json.dumps(snapshot["interchange"], ensure_ascii=False, indent=2).encode()
        _init_alone(html, attachment, rendering.base_url())
        if args.soak:
            return {
                "machine": {"cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in os.getloadavg()]},
                "database": args.database,
                "broker": "redis" if args.redis else "filesystem",
                "pages": 3,
                **soak(args, version, html, attachment, folder),
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
            }

        ids = iter(copies(version, args.repeat + 1))
        minutes_render(version_id=next(ids))  # warm up this process
        pipeline, pdfa, pdfa_new, plain = [], [], [], []
        for _ in range(args.repeat):  # interleaved, so that load from elsewhere hits all four alike
            pipeline += timed(lambda: minutes_render(version_id=next(ids)), 1)
            pdfa += timed(_alone_pdfa, 1)
            pdfa_new += timed(_alone_pdfa_new_font_config, 1)
            plain += timed(_alone_plain, 1)
        result = {
            "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
            "database": args.database,
            "broker": "redis" if args.redis else "filesystem",
            "pages": 3,
            "latency": {
                "pipeline": summary(pipeline),
                "weasyprint_alone_same_options": summary(pdfa),
                "weasyprint_alone_same_options_new_font_config": summary(pdfa_new),
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
    parser.add_argument(
        "--soak", action="store_true", help="instead: --soak-documents renders by 2 workers, memory, WeasyPrint alone"
    )
    parser.add_argument("--soak-documents", type=int, default=1000, help="renders in all, warm-up included")
    parser.add_argument("--soak-warmup", type=int, default=10, help="renders per worker before the first reading")
    parser.add_argument("--soak-alone", type=int, help="documents for WeasyPrint alone (default: --soak-documents)")
    parser.add_argument(
        "--soak-alone-new",
        type=int,
        default=500,
        help="documents for WeasyPrint alone with a new font configuration per document (0: none)",
    )
    parser.add_argument("--soak-blocks", type=int, default=4, help="turns each of pipeline and WeasyPrint alone")
    parser.add_argument("--json", type=Path, help="also write the JSON object to this file")
    args = parser.parse_args()
    if args.soak and args.soak_documents <= 2 * args.soak_warmup:
        parser.error("--soak-documents must exceed the warm-up of both workers")
    text = json.dumps(run(args), ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
