"""The users bench/load_bench.py simulates: board staff of a province reading their pages and saving a
meeting's records as a bloc's secretary does.

Run by load_bench.py (``locust -f bench/locustfile.py --headless ...``), which passes, in the environment:

- ``LOAD_BENCH_DATA``: a JSON file, ``{"accounts": [...], "users": n, "warmup": s, "seconds": s,
  "think": [min, max], "database": name, "gunicorn_pid": pid}``; each account ``{"username", "password",
  "year", "blocs", "agencies", "meetings", "queries", "write": {"meeting", "proposal"}}`` with the ids of its
  own province (read once from the database by load_bench.py; ``write``: the draft meeting made for its
  writes);
- ``LOAD_BENCH_OUT``: where to write the result (JSON).

Each user logs in once as one of the accounts (GET the login page, POST the form with its CSRF token) as
the browser does behind the TLS proxy: ``X-Forwarded-Proto: https`` on every request, the site's Secure
cookies sent back. It opens the dashboard of the account's year (the session remembers the year from then
on) and loops over the dashboard, a bloc, an agency, a meeting, a search and the health check
``/suc-khoe/`` (the floor), weight 8 each, each id at random among its province's; and the two writes, weight
3 each, each the GET of the form then its POST: the attendance (one agency's presence turned over: ``spare``,
which never votes, since a voter with a ballot cannot be marked absent) and a proposal's votes (each other
agency's ballot drawn at random). So 6 requests in 60 are saves.
Any answer but a 200 ending in ``</html>`` (``ok`` for the floor; for a save, the 302 back to the meeting)
counts as an error; redirects are not followed, so a page that sends the user back to the login page is an
error too. A save refused (the form shown again) is an error.

The ``Server-Timing`` header (config/server_timing.py) gives each answer's CPU time in the web process:
its median per page is reported beside the latency.

Measured: from ``warmup`` seconds after the last login, every request for ``seconds`` seconds, each time
kept (percentiles computed exactly, not from locust's rounded histogram); then the run stops itself.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import Counter, defaultdict
from html import unescape as html_unescape
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import quote, urlencode

import gevent
import psutil
from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

if "LOAD_BENCH_DATA" not in os.environ:
    raise SystemExit("bench/locustfile.py is run by bench/load_bench.py (LOAD_BENCH_DATA is not set)")
DATA = json.loads(Path(os.environ["LOAD_BENCH_DATA"]).read_text(encoding="utf-8"))
OUT = Path(os.environ["LOAD_BENCH_OUT"])
ACCOUNTS = DATA["accounts"]
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CPU_TIMING = re.compile(r"cpu;dur=([\d.]+)")
INPUT = re.compile(rb"<input\b[^>]*>", re.I)
ATTRIBUTE = re.compile(rb'([\w-]+)(?:="([^"]*)")?')


class Run:
    """What the users share: who logged in, whether the clock runs, the samples."""

    next_index = itertools.count()
    logged_in = 0
    login_failures = 0
    measuring = False
    samples: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    failures: Counter = Counter()
    errors: Counter = Counter()


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    if not Run.measuring:
        return
    Run.samples[name].append(response_time)
    if exception is not None:
        Run.failures[name] += 1
        Run.errors[f"{name}: {str(exception)[:160]}"] += 1


def percentile(ordered: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- Where the CPU goes during the measurement (the machine may be shared) ---------------------------------


def cpu_times(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) so far of each of the processes still running."""
    times = {}
    for pid in pids:
        try:
            used = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        times[pid] = used.user + used.system
    return times


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used in between by the processes of ``after`` (all of it for those started meanwhile)."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def busy(times) -> float:
    return sum(times) - times.idle - times.iowait


def server_pids() -> list[int]:
    try:
        master = psutil.Process(DATA["gunicorn_pid"])
        return [master.pid, *(child.pid for child in master.children(recursive=True))]
    except psutil.Error:
        return []


def postgres_pids() -> list[int]:
    """The PostgreSQL backends connected to the bench's database (the gunicorn workers' connections)."""
    pids = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "postgres" in (process.info["name"] or "") and f" {DATA['database']} " in f"{cmdline} ":
            pids.append(process.pid)
    return pids


def postgres_ended(backends: list[int]) -> float:
    """CPU seconds of the PostgreSQL processes that have ended so far: the server collects its backends, so
    their time adds to its children's. The workers' connections end every CONN_MAX_AGE (60 s) and are
    opened again: without this, a run would lose the time of the backends that closed during it."""
    for pid in backends:
        try:
            server = psutil.Process(pid).parent()
            used = server.cpu_times()
        except (psutil.Error, AttributeError):
            continue
        return used.children_user + used.children_system
    return 0.0


def postgres_used(before: dict, after: dict) -> float:
    """CPU seconds of PostgreSQL in between: the backends still running, and those that ended (all their time,
    less what they had used before)."""
    ended_before = sum(used for pid, used in before["postgres"].items() if pid not in after["postgres"])
    ended = after["postgres_ended"] - before["postgres_ended"] - ended_before
    return cpu_used(before["postgres"], after["postgres"]) + ended


def snapshot() -> dict:
    backends = postgres_pids()
    return {
        "machine": psutil.cpu_times(),
        "gunicorn": cpu_times(server_pids()),
        "postgres": cpu_times(backends),
        "postgres_ended": postgres_ended(backends),
        "locust": cpu_times([os.getpid()]),
    }


# --- The run ----------------------------------------------------------------------------------------------


def controller(environment) -> None:
    """Wait for every login and the warm-up, measure for ``seconds``, write the result, stop the run."""
    deadline = time.monotonic() + 120
    while Run.logged_in + Run.login_failures < DATA["users"] and time.monotonic() < deadline:
        gevent.sleep(0.1)
    gevent.sleep(DATA["warmup"])
    before = snapshot()
    Run.samples.clear()
    Run.failures.clear()
    Run.errors.clear()
    Run.cpu.clear()
    environment.runner.stats.reset_all()
    started = time.monotonic()
    Run.measuring = True
    gevent.sleep(DATA["seconds"])
    Run.measuring = False
    elapsed = time.monotonic() - started
    after = snapshot()
    pages = {}
    for name, times in sorted(Run.samples.items()):
        ordered = sorted(times)
        pages[name] = {
            "requests": len(ordered),
            "failures": Run.failures[name],
            "per_second": round(len(ordered) / elapsed, 1),
            "p50": round(percentile(ordered, 0.50), 1),
            "p95": round(percentile(ordered, 0.95), 1),
            "p99": round(percentile(ordered, 0.99), 1),
            "max": round(ordered[-1], 1),
            "cpu_ms_p50": round(percentile(sorted(Run.cpu[name]), 0.50), 2) if Run.cpu[name] else None,
        }
    result = {
        "measured_seconds": round(elapsed, 1),
        "logged_in": Run.logged_in,
        "login_failures": Run.login_failures,
        "pages": pages,
        "errors": dict(Run.errors.most_common(20)),
        "cpu_seconds": {
            "machine_available": round(psutil.cpu_count() * elapsed, 1),
            "machine_busy": round(busy(after["machine"]) - busy(before["machine"]), 1),
            "gunicorn": round(cpu_used(before["gunicorn"], after["gunicorn"]), 2),
            # The bench database's backends, and any PostgreSQL process that ended meanwhile (the workers'
            # connections closed after CONN_MAX_AGE; an autovacuum worker, rarely).
            "postgres_backends": round(postgres_used(before, after), 2),
            "locust": round(cpu_used(before["locust"], after["locust"]), 2),
            "gunicorn_workers_restarted": set(before["gunicorn"]) != set(after["gunicorn"]),
        },
    }
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    environment.runner.quit()


@events.test_start.add_listener
def start_controller(environment, **_kwargs):
    gevent.spawn(controller, environment)


class BehindTheProxy(DefaultCookiePolicy):
    """The browser's side of the TLS proxy: its connection is https, so it sends the site's Secure cookies.

    Here the connection is the loopback's plain http (the proxy's leg), over which Python's cookie jar keeps
    Secure cookies back: the session and CSRF cookies would never return, and every login would fail.
    """

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class BoardStaff(FastHttpUser):
    wait_time = between(*DATA["think"]) if DATA["think"][1] > 0 else constant(0)
    # The TLS proxy's header: the site sees https, so no redirect to https, and its cookies are Secure.
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(BehindTheProxy())
        index = next(Run.next_index)
        self.account = ACCOUNTS[index * len(ACCOUNTS) // DATA["users"] % len(ACCOUNTS)]
        self.login()
        # The account's year, remembered in the session from now on (as the year switcher does).
        self.page(f"/?year={self.account['year']}", "dashboard")

    def login(self) -> None:
        origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        with self.client.get("/dang-nhap/", name="login page", catch_response=True) as response:
            token = CSRF_INPUT.search(response.content or b"")
            if response.status_code != 200 or not token:
                response.failure(f"login page: {response.status_code}, no CSRF token")
        if not token:
            self.give_up()
        form = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": self.account["username"],
            "password": self.account["password"],
            "next": "/",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + "/dang-nhap/",
        }
        with self.client.post(
            "/dang-nhap/", data=urlencode(form), headers=headers, name="login",
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            logged_in = response.status_code == 302 and response.headers.get("Location") == "/"
            if not logged_in:
                response.failure(f"login as {self.account['username']}: {response.status_code}")
        if not logged_in:
            self.give_up()
        Run.logged_in += 1

    def give_up(self) -> None:
        Run.login_failures += 1
        raise StopUser

    def page(self, path: str, name: str) -> bytes:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            note_cpu(name, response)
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())
            elif not (response.content or b"").rstrip().endswith(b"</html>"):
                response.failure("200 but not a whole page")
            return response.content or b""

    def save(self, path: str, name: str, fields: dict[str, str]) -> None:
        """POST the form as the browser does; a save answers with the redirect to the meeting."""
        origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        }
        with self.client.post(
            path, data=urlencode(fields), headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            note_cpu(name, response)
            if response.status_code != 302 or "/hoi-nghi/" not in response.headers.get("Location", ""):
                response.failure(f"not saved: {response.status_code} {refusal(response.content or b'')}")

    @task(8)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(8)
    def bloc(self) -> None:
        self.page(f"/khoi/{random.choice(self.account['blocs'])}/", "bloc")

    @task(8)
    def agency(self) -> None:
        self.page(f"/don-vi/{random.choice(self.account['agencies'])}/", "agency")

    @task(8)
    def meeting(self) -> None:
        self.page(f"/hoi-nghi/{random.choice(self.account['meetings'])}/", "meeting")

    @task(8)
    def search(self) -> None:
        self.page("/tim-kiem/?q=" + quote(random.choice(self.account["queries"])), "search")

    @task(8)
    def floor(self) -> None:
        with self.client.get("/suc-khoe/", name="floor", allow_redirects=False, catch_response=True) as response:
            note_cpu("floor", response)
            if response.status_code != 200 or response.content != b"ok":
                response.failure(f"{response.status_code} {(response.content or b'')[:40]!r}")

    @task(3)
    def attendance(self) -> None:
        write = self.account["write"]
        path = f"/hoi-nghi/{write['meeting']}/diem-danh/"
        fields, checkboxes = form_fields(self.page(path, "attendance form"))
        turned = f"{write['spare']}-present"
        if turned not in checkboxes:
            return
        if turned in fields:
            del fields[turned]
        else:
            fields[turned] = "on"
        self.save(path, "attendance save", fields)

    @task(3)
    def votes(self) -> None:
        write = self.account["write"]
        path = f"/hoi-nghi/{write['meeting']}/de-nghi/{write['proposal']}/phieu/"
        fields, _ = form_fields(self.page(path, "votes form"))
        fields["mode"] = "ballots"
        for name in [name for name in fields if name.startswith("ballot-")]:
            fields[name] = random.choice(["for", "against", "abstain"])
        fields.pop(f"ballot-{write['spare']}", None)  # the agency the attendance saves turn over never votes
        for name in ("votes_for", "votes_against", "votes_abstain"):
            fields[name] = ""
        self.save(path, "votes save", fields)


def note_cpu(name: str, response) -> None:
    if not Run.measuring or not response.headers:
        return
    match = CPU_TIMING.search(response.headers.get("Server-Timing", ""))
    if match:
        Run.cpu[name].append(float(match.group(1)))


def form_fields(html: bytes) -> tuple[dict[str, str], set[str]]:
    """What the browser would send from the page's inputs (text, hidden, checked boxes and radios), and the
    names of every checkbox. Enough for the attendance and votes forms: no select or textarea a save needs."""
    fields: dict[str, str] = {}
    checkboxes: set[str] = set()
    for tag in INPUT.findall(html):
        attributes = {
            key.decode().lower(): html_unescape((value or b"").decode()) for key, value in ATTRIBUTE.findall(tag[6:])
        }
        name, kind = attributes.get("name"), attributes.get("type", "text").lower()
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind == "checkbox":
            checkboxes.add(name)
        if kind in {"checkbox", "radio"}:
            if "checked" in attributes:
                fields[name] = attributes.get("value", "on")
        else:
            fields[name] = attributes.get("value", "")
    return fields, checkboxes


def refusal(html: bytes) -> str:
    """The first error the form shows, for the error list."""
    match = re.search(rb'class="invalid-feedback[^"]*"[^>]*>(.*?)</', html, re.S) or re.search(
        rb'class="alert alert-danger[^"]*"[^>]*>(.*?)</', html, re.S
    )
    return re.sub(r"\s+", " ", match.group(1).decode(errors="replace")).strip()[:120] if match else ""
