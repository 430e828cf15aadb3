"""`make bench`: the import of one province, the national data set, the load benchmark, the PDF benchmark,
the dossiers of a national year, the online vote of every bloc at once and the signing of an issued document,
then bench/RESULTS.md.

    .venv/bin/python bench/run_all.py                  # all of them, about 20 minutes on a 2-core machine
    .venv/bin/python bench/run_all.py --only load pdf  # reuse the national database already built

Each benchmark is its own script (bench/import_bench.py on both databases, bench/national.py,
bench/load_bench.py, bench/minutes_bench.py --soak, bench/dossier_bench.py, bench/vote_bench.py,
bench/sign_bench.py), run here one after the other on an otherwise idle machine, each writing a JSON object
under var/bench/. The report puts the machine, the date, the commands and the figures next to the issue's
targets, and keeps the JSON objects at its end. The exit status is 0 only if every benchmark ran and every
target was met.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = sys.executable
NATIONAL_URL = "postgres://postgres@127.0.0.1:5432/thidua_national"
PDF_REDIS = "redis://127.0.0.1:6379/3"

# Targets of issue 6, on a 2-core machine with the national data on PostgreSQL.
NATIONAL_SECONDS = 600
IMPORT_SECONDS = 30  # the first import of a 20-bloc × 10-year province (issues 3 and 14)
P95_FLOOR_RATIO = 2
P50_FLOOR_RATIO = 4
PDF_RATIO = 0.7
SIGN_SECONDS = 0.3  # what the organization's signature may add to a document in the worker (issue 18)
RSS_RATIO = 1.5

BENCHMARKS = {
    "import-sqlite": [PYTHON, "bench/import_bench.py", "--database", "sqlite"],
    "import-postgresql": [PYTHON, "bench/import_bench.py", "--database", "postgresql"],
    "national": [PYTHON, "bench/national.py", "--database-url", NATIONAL_URL],
    "load": [PYTHON, "bench/load_bench.py", "--database-url", NATIONAL_URL],
    "pdf": [PYTHON, "bench/minutes_bench.py", "--database", "postgresql", "--redis", PDF_REDIS, "--soak"],
    "dossiers": [PYTHON, "bench/dossier_bench.py", "--database", "postgresql", "--redis", PDF_REDIS],
    "vote": [PYTHON, "bench/vote_bench.py"],
    "sign": [PYTHON, "bench/sign_bench.py"],
}


def shown(command: list[str]) -> str:
    return shlex.join([".venv/bin/python" if part == PYTHON else part for part in command])


def run(name: str) -> tuple[dict | None, float, str]:
    """Run one benchmark; its JSON object (None if it failed), its seconds and the command as shown."""
    output = OUT / f"{name}.json"
    output.unlink(missing_ok=True)
    command = [*BENCHMARKS[name], "--json", str(output)]
    print(f"==> {name}: {shown(command)}", flush=True)
    started = time.perf_counter()
    # Their progress goes to stderr (shown as it comes); stdout repeats the JSON object written to --json.
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0 or not output.exists():
        print(f"==> {name}: FAILED (exit {completed.returncode}) after {seconds:.0f} s", flush=True)
        return None, seconds, shown(command)
    print(f"==> {name}: done in {seconds:.0f} s", flush=True)
    return json.loads(output.read_text()), seconds, shown(command)


def _read(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    release = {}
    if Path("/etc/os-release").exists():
        for line in Path("/etc/os-release").read_text().splitlines():
            key, _, value = line.partition("=")
            release[key] = value.strip('"')
    import django
    import weasyprint

    return {
        "CPU": f"{model or platform.processor()} — {os.cpu_count()} logical cores",
        "Memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "System": f"{release.get('PRETTY_NAME', platform.system())}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "WeasyPrint": weasyprint.__version__,
        "PostgreSQL": _read(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc", "SHOW server_version"]
        ),
        "Redis": (
            _read(["redis-cli", "-h", "127.0.0.1", "info", "server"]).partition("redis_version:")[2].split()
            or ["unknown"]
        )[0],
        "Commit": _read(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        + (" (with uncommitted changes)" if _read(["git", "-C", str(ROOT), "status", "--porcelain"]) else ""),
        "Load before the run": " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "unknown",
    }


def mark(ok: bool) -> str:
    return "✅ met" if ok else "❌ missed"


def import_section(results: dict) -> tuple[list[str], list[bool]]:
    lines = [
        "## Importing one province (`bench/import_bench.py`)",
        "",
        "A generated province of 20 blocs × 12 members × 10 years imported into an empty database through the "
        "services the web uses (every rule checked), then the same document again (nothing may change), then "
        "exported.",
        "",
        "| Database | Document MB | First import s | Same document again s | Export s | First ≤ 30 s |",
        "|---|---:|---:|---:|---:|---|",
    ]
    checks = []
    for name in ("import-sqlite", "import-postgresql"):
        result = results.get(name)
        if result is None:
            lines.append(f"| {name.removeprefix('import-')} | **failed**: see the output of `make bench` | | | | ❌ |")
            checks.append(False)
            continue
        ok = result["first_import_s"] <= IMPORT_SECONDS
        checks.append(ok)
        lines.append(
            f"| {result['database']} | {result['document_mb']} | {result['first_import_s']} | "
            f"{result['second_import_s']} | {result['export_s']} | {mark(ok)} |"
        )
    return [*lines, ""], checks


def national_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## National data set (`bench/national.py`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    seconds = result["seconds"]
    ok = seconds["total"] <= NATIONAL_SECONDS
    lines += [
        f"34 provinces are generated and imported through the importer (every rule checked), "
        f"{result.get('processes', 2)} processes, into `{result['database']}`.",
        "",
        "| Step | Seconds |",
        "|---|---:|",
        *(f"| {step.replace('_', ' ')} | {value} |" for step, value in seconds.items()),
        "",
        "| Rows | Count |",
        "|---|---:|",
        *(f"| {table.replace('_', ' ')} | {count:,} |" for table, count in result["rows"].items()),
        "",
        f"Target: under {NATIONAL_SECONDS // 60} minutes in all — **{seconds['total']} s, {mark(ok)}**.",
        "",
    ]
    return lines, [ok]


def run_line(settings: dict) -> str:
    gunicorn = settings.get("gunicorn", {})
    return (
        f"Run: {settings.get('users')} clients logged in as board staff of {len(settings.get('accounts', []))} "
        f"provinces, think time: {settings.get('think_time')}; {settings.get('warmup_s')} s warm-up, "
        f"{settings.get('measured_s')} s measured; mix: {settings.get('mix')}; gunicorn {gunicorn.get('workers')} "
        f"{gunicorn.get('worker_class')} workers, {settings.get('django_settings')}; "
        f"page cache: {settings.get('page_cache', 'none')}; "
        f"server tracebacks: {settings.get('server_tracebacks')}."
    )


def load_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## Pages under load (`bench/load_bench.py`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    pages = result["pages"]
    floor = pages.get("floor", {})
    settings = result.get("settings", {})
    if settings:
        lines += [run_line(settings), ""]
    lines += [
        "| Page | Requests | Errors | p50 ms | p95 ms | p99 ms | CPU ms per request (p50) | p50 ÷ floor p50 "
        f"| p95 ÷ floor p95 | p50 ≤ {P50_FLOOR_RATIO} × floor | p95 ≤ {P95_FLOOR_RATIO} × floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    checks = []
    for name, figures in pages.items():
        is_floor = name == "floor"
        p50_ratio, p95_ratio = figures.get("ratio_p50_to_floor"), figures.get("ratio_p95_to_floor")
        p50_ok = is_floor or (p50_ratio is not None and p50_ratio <= P50_FLOOR_RATIO)
        p95_ok = is_floor or (p95_ratio is not None and p95_ratio <= P95_FLOOR_RATIO)
        errors_ok = figures["failures"] == 0
        checks += [p50_ok, p95_ok, errors_ok]
        lines.append(
            f"| {name}{' (the floor: /suc-khoe/)' if is_floor else ''} | {figures['requests']:,} | "
            f"{figures['failures']} | {figures['p50']} | {figures['p95']} | {figures['p99']} | "
            f"{figures.get('cpu_ms_p50', '—')} | {'—' if is_floor else p50_ratio} | {'—' if is_floor else p95_ratio} | "
            f"{'—' if is_floor else mark(p50_ok)} | {'—' if is_floor else mark(p95_ok)} |"
        )
    errors = sum(figures["failures"] for figures in pages.values())
    lines += [
        "",
        f"Errors in all: **{errors}** — {mark(errors == 0)}. Floor: p50 {floor.get('p50')} ms, p95 "
        f"{floor.get('p95')} ms, CPU {floor.get('cpu_ms_p50')} ms per request. The CPU column is the web "
        "process's own time for the request (`Server-Timing`, config/server_timing.py), the database's not "
        "included; the latencies include the queue of 16 clients on 2 workers, as the floor's do.",
        "",
    ]
    if result.get("errors"):
        lines += ["Errors seen:", "", *(f"- {text}: {count}" for text, count in result["errors"].items()), ""]
    return lines, checks


def pdf_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## Minutes PDF (`bench/minutes_bench.py --soak`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    rss = sorted(key for key in result if key.startswith("rss_after_") and key.endswith("_mb"))
    rss_early, rss_late = sorted(rss, key=lambda key: int(key.split("_")[2]))
    ratio_ok = result["ratio"] >= PDF_RATIO
    rss_ok = result["rss_ratio"] <= RSS_RATIO
    lines += [
        "| Figure | Value | Target |",
        "|---|---:|---|",
        f"| Pipeline: 2 Celery workers, documents/s | {result['throughput_pipeline']} | |",
        f"| WeasyPrint alone, 2 processes, same HTML and options, documents/s | {result['throughput_alone']} | |",
        f"| Pipeline ÷ WeasyPrint alone | {result['ratio']} | ≥ {PDF_RATIO}: {mark(ratio_ok)} |",
        f"| Worker memory after {rss_early.split('_')[2]} renders, MB | {result[rss_early]} | |",
        f"| Worker memory after {rss_late.split('_')[2]} renders, MB | {result[rss_late]} | |",
        f"| Memory growth | {result['rss_ratio']} | ≤ {RSS_RATIO}: {mark(rss_ok)} |",
        "",
    ]
    if result.get("rss_compared"):
        lines += [f"Memory compared: {result['rss_compared']}.", ""]
    return lines, [ratio_ok, rss_ok]


def dossier_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## Dossiers of a national year (`bench/dossier_bench.py`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    ok = result["ratio"] >= PDF_RATIO
    cpu = result["cpu_seconds_per_document"]
    lines += [
        f"{result['blocs']} blocs sent their year-end dossier: {result['documents']:,} documents (letter, minutes, "
        "vote count, score table), each rendered as PDF/A-3b by 2 Celery workers (the Word file is made when "
        "downloaded); WeasyPrint alone renders the PDF of the same HTML in 2 processes. Documents per second:",
        "",
        "| Document | Pipeline | WeasyPrint alone | Ratio |",
        "|---|---:|---:|---:|",
        *(
            f"| {kind.replace('_', ' ')} | {figures['pipeline']} | {figures['alone']} | {figures['ratio']} |"
            for kind, figures in result["by_kind"].items()
        ),
        f"| **all** | **{result['throughput_pipeline']}** | **{result['throughput_alone']}** | **{result['ratio']}** |",
        "",
        f"Target: pipeline ≥ {PDF_RATIO} × WeasyPrint alone — **{result['ratio']}, {mark(ok)}**. CPU seconds per "
        f"document: pipeline {cpu['pipeline']}, WeasyPrint alone {cpu['alone']}.",
        "",
    ]
    if steps := result.get("one_process_best_ms"):
        lines += [
            "One render in one process, ms (the best of 2 runs of each of 3 documents); the Word file, made on "
            "download, for comparison.",
            "",
            "| Document | HTML | PDF | Word |",
            "|---|---:|---:|---:|",
            *(f"| {kind.replace('_', ' ')} | {t['html']} | {t['pdf']} | {t['word']} |" for kind, t in steps.items()),
            "",
        ]
    return lines, [ok]


def vote_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## Online voting of every bloc at once (`bench/vote_bench.py`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    settings = result["settings"]
    vote, page, floor = result["vote"], result["ballot_page"], result["floor"]
    sound = result["errors"] == 0 and result["lost"] == 0 and result["doubled"] == 0
    refused = result["duplicates_refused"] == result["duplicates_sent"]
    cpu = result["cpu_seconds"]
    lines += [
        f"{settings['provinces']} provinces × {settings['blocs_per_province']} blocs × {settings['members']} agencies: "
        f"{result['agencies']:,} agencies each GET their ballot page and POST their votes on "
        f"{settings['proposals']} proposals ({settings['meetings']['open']} open and {settings['meetings']['secret']} "
        f"secret votes), {settings['clients']} client threads, gunicorn {settings['gunicorn']['workers']} sync "
        "workers, production settings; the floor `/suc-khoe/` sampled by the same clients.",
        "",
        "| Request | Count | p50 ms | p95 ms | p99 ms | CPU ms (p50) |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {f['requests']:,} | {f['p50']} | {f['p95']} | {f['p99']} | {f['cpu_ms_p50']} |"
            for name, f in (("vote (POST)", vote), ("ballot page (GET)", page), ("floor", floor))
        ),
        "",
        f"**{result['votes']:,} votes in {result['seconds']} s: {result['votes_per_second']} votes/s**; p95 of a vote "
        f"÷ p95 of the floor: **{result['ratio_p95_to_floor']}**. Errors {result['errors']}, lost {result['lost']}, "
        f"doubled {result['doubled']} — {mark(sound)}; second ballots refused {result['duplicates_refused']} of "
        f"{result['duplicates_sent']} — {mark(refused)}. CPU seconds: gunicorn {cpu['gunicorn']}, PostgreSQL "
        f"{cpu['postgres']}, clients {cpu['clients']}, other processes {cpu['others']}.",
        "",
    ]
    return lines, [sound, refused]


def sign_section(result: dict | None) -> tuple[list[str], list[bool]]:
    lines = ["## Signing an issued document (`bench/sign_bench.py`)", ""]
    if result is None:
        return [*lines, "**Failed**: see the output of `make bench`.", ""], [False]
    document = result["document"]
    ok = result["sign"]["median_s"] <= SIGN_SECONDS
    lines += [
        f"The organization's visible PAdES signature (seal and signature images, Liberation Serif) on the "
        f"{document['pages']}-page example minutes ({document['bytes']:,} bytes, +{document['added_bytes']:,} "
        f"signed), as the worker adds it after rendering, {result['sign']['runs']} runs interleaved with the render "
        "and a fixed pure-Python floor.",
        "",
        "| Measurement | Median s | Min s |",
        "|---|---:|---:|",
        *(
            f"| {label} | {result[name]['median_s']} | {result[name]['min_s']} |"
            for name, label in (
                ("sign", "signing (`sign_issued`)"),
                ("render", "rendering (`render_document`)"),
                ("floor", "floor (SHA-256 × 200,000)"),
                ("validate", "checking the signed copy (`validate_pdf`)"),
            )
        ),
        "",
        f"Signing ÷ rendering **{result['ratio_sign_to_render']}**, ÷ floor {result['ratio_sign_to_floor']}. "
        f"Target: signing adds at most {SIGN_SECONDS} s per document — **{result['sign']['median_s']} s, {mark(ok)}**.",
        "",
    ]
    return lines, [ok]


def report(results: dict, seconds: dict, commands: dict, info: dict, started: datetime.datetime) -> bool:
    sections, checks = [], []
    if any(name.startswith("import-") for name in results):
        lines, ok = import_section(results)
        sections += lines
        checks += ok
    sections_of = (
        ("national", national_section), ("load", load_section), ("pdf", pdf_section), ("dossiers", dossier_section),
        ("vote", vote_section), ("sign", sign_section),
    )  # fmt: skip
    for name, build in sections_of:
        if name in results:
            lines, ok = build(results[name])
            sections += lines
            checks += ok
    verdict = all(checks) and bool(checks)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (bench/run_all.py) on {started:%Y-%m-%d %H:%M} UTC, "
        f"{sum(seconds.values()) / 60:.1f} minutes. "
        + ("**Every target met.**" if verdict else "**Some targets missed** (marked ❌ below)."),
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "## Commands",
        "",
        "```sh",
        *(f"{command}   # {seconds[name]:.0f} s" for name, command in commands.items()),
        "```",
        "",
        *sections,
        "## The JSON objects",
        "",
        *(
            f"<details><summary>{name}</summary>\n\n```json\n{json.dumps(result, ensure_ascii=False, indent=2)}\n```\n"
            "</details>\n"
            for name, result in results.items()
            if result is not None
        ),
    ]
    RESULTS.write_text("\n".join(lines))
    return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    info = machine()
    results, seconds, commands = {}, {}, {}
    for name in BENCHMARKS:
        if name in args.only:
            results[name], seconds[name], commands[name] = run(name)
    verdict = report(results, seconds, commands, info, started)
    print(f"==> {RESULTS.relative_to(ROOT)} written: " + ("every target met" if verdict else "targets missed"))
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
