"""Load benchmark: the production settings under gunicorn on the loopback, driven by locust (headless).

    .venv/bin/python bench/load_bench.py                       # national data set (bench/national.py)
    .venv/bin/python bench/load_bench.py --database-url postgres://postgres@127.0.0.1:5432/other --json out.json

Logged-in board staff of the provinces (``ban-p01``…, password ``bench-2026!``) read the dashboard, bloc,
agency, meeting and search pages, and write as a bloc's secretary does: they save a meeting's attendance and
a proposal's votes (10 % of the requests are such writes, each after the GET of its form). 16 concurrent
clients for 60 s (after the logins and a warm-up), and in the same run the health check ``/suc-khoe/``: a
constant "ok", no database, the floor. No page is cached anywhere: every answer reads the database. Prints one
JSON object: p50, p95, p99 and errors per page, each page's p50 and p95 ÷ the floor's, the CPU per request of
each page (the ``Server-Timing`` header, ``SERVER_TIMING=1``), the targets met or not, where the CPU went, and
the settings used.

Targets (issue #14): every page, writes included, p50 ≤ 4 × the floor's p50 and p95 ≤ 2 × the floor's p95; no
error.

The writes go to one draft meeting per account, made before the run in a year after the data's last (a bloc
of the account's province, its members present, one proposal) and deleted after it with its audit entries;
the rest of the database is only read, but for what logging in writes (a session per user, django-axes'
access log, the users' last login): the bench deletes those sessions and log rows and puts the last logins
back afterwards. Static files are collected into a throwaway folder; gunicorn is stopped at the end, whatever
happens.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
NATIONAL_URL = "postgres://postgres@127.0.0.1:5432/thidua_national"
PASSWORD = "bench-2026!"  # noqa: S105  the generated data set's, nothing real
READS = ("dashboard", "bloc", "agency", "meeting", "search")
WRITES = ("attendance form", "attendance save", "votes form", "votes save")
PAGES = (*READS, *WRITES)
P50_RATIO_TARGET = 4
P95_RATIO_TARGET = 2


def production_env(args, var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "CSRF_", "THIDUA_", "AXES_"))
        and key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL", "CONN_MAX_AGE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "THIDUA_VAR_DIR": str(var_dir),  # STATIC_ROOT is var/staticfiles
        "MEDIA_ROOT": str(var_dir / "media"),
        "LOG_LEVEL": "WARNING",
        "SERVER_TIMING": "1",
    }
    return env


# --- The data: each account's province, read once ---------------------------------------------------------


def pick_accounts(users: int, wanted: list[str] | None):
    """The board staff accounts the users log in as: ``wanted``, or ban-pNN spread evenly over the provinces."""
    from members.models import User

    staff = list(User.objects.filter(role=User.Role.BOARD_STAFF, username__startswith="ban-p").order_by("username"))
    if wanted:
        by_name = {user.username: user for user in staff}
        missing = [name for name in wanted if name not in by_name]
        if missing:
            raise SystemExit(f"no such board staff account: {', '.join(missing)}")
        return [by_name[name] for name in wanted]
    if not staff:
        raise SystemExit("no board staff account ban-pNN in this database (bench/national.py creates them)")
    count = min(users, len(staff))
    return [staff[i * len(staff) // count] for i in range(count)]


def search_queries(organizer_id: int, rng) -> list[str]:
    """What board staff type: fragments of agency, bloc and meeting names, without diacritics, lower case."""
    from blocs.models import Bloc
    from core.text import fold
    from meetings.models import Meeting
    from members.models import Agency

    agencies = list(Agency.objects.filter(organizer_id=organizer_id).values_list("name", flat=True)[:2000])
    blocs = list(Bloc.objects.filter(organizer_id=organizer_id).values_list("name", flat=True))
    years = sorted(set(Meeting.objects.filter(bloc__organizer_id=organizer_id).values_list("year", flat=True)))
    queries = []
    for name in rng.sample(agencies, min(8, len(agencies))):
        words = [word for word in fold(name).split() if not word.isdigit()]
        queries.append(" ".join(words[:3]))  # "so tai chinh"
        queries.append(words[-1])  # "chinh"
    for name in rng.sample(blocs, min(6, len(blocs))):
        words = fold(name).split()
        queries.append(" ".join(words[: rng.randint(2, len(words))]))  # "khoi thi dua so 3"
    for year in rng.sample(years, min(4, len(years))):
        queries.append(rng.choice(["tong ket", "so ket 6 thang", "hoi nghi"]) + f" {year}")
    queries += ["thi dua", "khen thuong", "xyz khong co"]  # the last finds nothing
    return queries


def account_data(user, rng) -> dict:
    """The ids a board staff user's pages take, all of the user's province, and the year they work on."""
    from blocs.models import Bloc
    from meetings.models import Meeting
    from members.models import Agency

    organizer_id = user.organizer_id
    meetings = Meeting.objects.filter(bloc__organizer_id=organizer_id)
    this_year = datetime.date.today().year
    years = sorted(set(meetings.values_list("year", flat=True)))
    data = {
        "username": user.username,
        "password": PASSWORD,
        "organizer": user.organizer.code,
        # The year they work on: the latest with meetings, not after this one (the data may stop before it).
        "year": max((year for year in years if year <= this_year), default=this_year),
        "blocs": list(Bloc.objects.filter(organizer_id=organizer_id).values_list("pk", flat=True)),
        "agencies": list(Agency.objects.filter(organizer_id=organizer_id).values_list("pk", flat=True)),
        "meetings": list(meetings.values_list("pk", flat=True)),
        "queries": search_queries(organizer_id, rng),
    }
    empty = [kind for kind in ("blocs", "agencies", "meetings") if not data[kind]]
    if empty:
        raise SystemExit(f"{user.username}: no {', '.join(empty)} in the province")
    return data


class WriteMeetings:
    """The draft meetings the writes go to, one per account: made before the run through the services (as a
    secretary would: the meeting, its attendance, one proposal), deleted after it with their audit entries."""

    def __init__(self) -> None:
        from django.utils import timezone

        self.started = timezone.now()
        self.meetings: list[int] = []

    def make(self, user, rng) -> dict:
        from awards.models import AwardType
        from blocs.models import Bloc, Membership
        from meetings.models import Meeting
        from meetings.services import attendance_record, meeting_create
        from meetings.voting import proposal_create

        organizer_id = user.organizer_id
        last = Meeting.objects.filter(bloc__organizer_id=organizer_id).order_by("-year").values("year").first()
        year = (last["year"] if last else datetime.date.today().year) + 1  # no record stands on it: no quota used
        blocs = list(Bloc.objects.filter(organizer_id=organizer_id).order_by("pk"))
        rng.shuffle(blocs)
        for bloc in blocs:
            members = [m.agency for m in Membership.objects.in_year(year).filter(bloc=bloc).select_related("agency")]
            if len(members) >= 3:
                break
        else:
            raise SystemExit(f"{user.username}: no bloc with 3 members in {year} for the writes")
        award = AwardType.objects.filter(organizer_id=organizer_id).order_by("position").first()
        if award is None:
            raise SystemExit(f"{user.username}: no award type in the province")
        meeting = meeting_create(
            bloc=bloc, kind=Meeting.Kind.OTHER, year=year, held_on=datetime.date(year, 6, 30),
            title=f"Hội nghị đo tải {year}", by=user,
        )  # fmt: skip
        self.meetings.append(meeting.pk)
        attendance_record(meeting=meeting, rows=[{"agency": a, "present": True} for a in members], by=user)
        proposal = proposal_create(meeting=meeting, nominee=members[0], award_type=award, by=user)
        # The agency whose presence the attendance saves turn over: it never votes (the votes saves leave its
        # ballot empty), since a voter with a ballot cannot be marked absent.
        return {"meeting": meeting.pk, "proposal": proposal.pk, "spare": members[-1].pk}

    def remove(self) -> dict[str, int]:
        from django.db import close_old_connections, connection, transaction

        from history.models import AuditEntry
        from meetings.models import Meeting

        close_old_connections()
        with transaction.atomic():
            # Nothing but the bench writes to the bench's database meanwhile: every entry since it started is
            # ours. The application never deletes an audit entry (AuditEntryQuerySet refuses); this throwaway
            # copy of generated data is the one place where SQL does.
            table = connection.ops.quote_name(AuditEntry._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE created_at >= %s", [self.started])  # noqa: S608
                audit = cursor.rowcount
            deleted, _ = Meeting.objects.filter(pk__in=self.meetings).delete()
        return {"meetings": len(self.meetings), "rows": deleted, "audit_entries": audit}


def data_size() -> dict[str, int]:
    from blocs.models import Bloc
    from meetings.models import Meeting, Proposal
    from members.models import Agency, Organizer

    return {
        "organizers": Organizer.objects.count(),
        "agencies": Agency.objects.count(),
        "blocs": Bloc.objects.count(),
        "meetings": Meeting.objects.count(),
        "proposals": Proposal.objects.count(),
    }


def check_logins(accounts) -> None:
    """Right password and no lockout, before 16 users try: a wrong password would only lock the accounts."""
    from axes.models import AccessAttempt
    from django.conf import settings

    if not accounts[0].check_password(PASSWORD):
        raise SystemExit(f"{accounts[0].username}: the password is not {PASSWORD!r}")
    names = [user.username for user in accounts]
    locked = AccessAttempt.objects.filter(username__in=names, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if locked.exists():
        raise SystemExit(
            "locked out by django-axes: " + ", ".join(sorted(set(locked.values_list("username", flat=True))))
            + " (manage.py axes_reset_username NAME)"
        )  # fmt: skip


class LoginTraces:
    """What logging in writes, noted before the run and removed after it."""

    def __init__(self, accounts) -> None:
        from django.utils import timezone

        self.started = timezone.now()
        self.users = {user.pk: user.last_login for user in accounts}
        self.usernames = [user.username for user in accounts]

    def remove(self) -> dict[str, int]:
        from axes.models import AccessAttempt, AccessLog
        from django.conf import settings
        from django.contrib.sessions.models import Session
        from django.db import close_old_connections, transaction

        from members.models import User

        close_old_connections()
        # A session saved during the run expires SESSION_COOKIE_AGE after it was saved.
        since = self.started + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)
        ours = [
            session.pk
            for session in Session.objects.filter(expire_date__gte=since)
            if str(session.get_decoded().get("_auth_user_id")) in {str(pk) for pk in self.users}
        ]
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in ours:
            store(session_key=key).delete()  # from the database and, with cached_db, from Redis
        with transaction.atomic():
            sessions = len(ours)
            logs, _ = AccessLog.objects.filter(username__in=self.usernames, attempt_time__gte=self.started).delete()
            attempts, _ = AccessAttempt.objects.filter(
                username__in=self.usernames, attempt_time__gte=self.started
            ).delete()
            for pk, last_login in self.users.items():
                User.objects.filter(pk=pk).update(last_login=last_login)
        return {"sessions": sessions, "axes_access_logs": logs, "axes_failed_attempts": attempts}


# --- The server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_gunicorn(args, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"), "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers),
        "--worker-class", "gthread" if args.threads > 1 else "sync",
        "--threads", str(args.threads),
        "--error-logfile", str(log),
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)


def wait_until_ready(server: subprocess.Popen, port: int, log: Path) -> None:
    """The health check answers; the site answers through the TLS proxy, and plain http is sent to https."""
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}):\n" + log.read_text(errors="replace")[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn did not answer within 60 s")
        try:
            # The load balancer's probe: plain http, no proxy header (exempt from the https redirect).
            status, body, _ = fetch(f"http://127.0.0.1:{port}/suc-khoe/")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200 and body == b"ok":
            break
        raise SystemExit(f"/suc-khoe/ answered {status} {body[:200]!r}")
    status, _, headers = fetch(f"http://127.0.0.1:{port}/dang-nhap/", {"X-Forwarded-Proto": "https"})
    if status != 200 or "secure" not in headers.get("Set-Cookie", "").lower():
        raise SystemExit(f"login page through the proxy: {status}, Set-Cookie {headers.get('Set-Cookie')!r}")
    status, _, headers = fetch(f"http://127.0.0.1:{port}/dang-nhap/")
    if status != 301 or not headers.get("Location", "").startswith("https://"):
        raise SystemExit(f"plain http was not redirected to https: {status}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- The run ----------------------------------------------------------------------------------------------


def run(args) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="thidua-load-"))
    try:
        return run_in(args, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def run_in(args, var_dir: Path) -> dict:
    env = production_env(args, var_dir)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    rng = random.Random(args.seed)
    accounts = pick_accounts(args.users, args.accounts)
    check_logins(accounts)
    data = {
        "accounts": [account_data(user, rng) for user in accounts],
        "users": args.users,
        "warmup": args.warmup,
        "seconds": args.seconds,
        "think": [args.think_min, args.think_max],
        "database": connection.settings_dict["NAME"],
    }
    size = data_size()
    traces = LoginTraces(accounts)
    writes = WriteMeetings()
    server, log = None, var_dir / "gunicorn.log"
    try:
        for account, user in zip(data["accounts"], accounts, strict=True):
            account["write"] = writes.make(user, rng)
        connection.close()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        port = free_port()
        server = start_gunicorn(args, env, port, log)
        wait_until_ready(server, port, log)
        data["gunicorn_pid"] = server.pid
        data_file, out_file = var_dir / "data.json", var_dir / "result.json"
        data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        locust_env = {**os.environ, "LOAD_BENCH_DATA": str(data_file), "LOAD_BENCH_OUT": str(out_file)}
        limit = args.warmup + args.seconds + 180  # the locustfile stops the run itself; this is the safety net
        locust = subprocess.run(
            [
                str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                "--host", f"http://127.0.0.1:{port}", "-u", str(args.users), "-r", str(args.users),
                "-t", f"{limit}s", "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
            ],
            cwd=var_dir, env=locust_env, capture_output=True, text=True, check=False, timeout=limit + 60,
        )  # fmt: skip
        if not out_file.exists():
            raise SystemExit(f"locust wrote no result ({locust.returncode}):\n{locust.stderr[-3000:]}")
        measured = json.loads(out_file.read_text(encoding="utf-8"))
    finally:
        if server is not None:
            stop(server)
        removed = traces.remove() | {"write_meetings": writes.remove()}
        tracebacks = log.read_text(errors="replace").count("Traceback") if log.exists() else 0
    return report(args, data, size, measured, removed, tracebacks)


def report(args, data: dict, size: dict, measured: dict, removed: dict, tracebacks: int) -> dict:
    pages = measured["pages"]
    floor = pages.get("floor", {})
    for figures in pages.values():
        for stat in ("p50", "p95"):
            ratio = figures[stat] / floor[stat] if floor.get(stat) else None
            figures[f"ratio_{stat}_to_floor"] = round(ratio, 2) if ratio is not None else None
    shown = {name: pages[name] for name in (*PAGES, "floor") if name in pages}
    shown |= {name: figures for name, figures in pages.items() if name not in shown}
    errors = sum(figures["failures"] for figures in pages.values()) + measured["login_failures"]
    targets = {
        f"p50_le_{P50_RATIO_TARGET}x_floor": {
            name: (pages.get(name, {}).get("ratio_p50_to_floor") or 1e9) <= P50_RATIO_TARGET for name in PAGES
        },
        f"p95_le_{P95_RATIO_TARGET}x_floor": {
            name: (pages.get(name, {}).get("ratio_p95_to_floor") or 1e9) <= P95_RATIO_TARGET for name in PAGES
        },
        "no_errors": errors == 0,
    }
    targets["all_met"] = all(all(v.values()) if isinstance(v, dict) else v for v in targets.values())
    cpu = measured["cpu_seconds"]
    cpu["others"] = round(cpu["machine_busy"] - cpu["gunicorn"] - cpu["postgres_backends"] - cpu["locust"], 1)
    requests = sum(figures["requests"] for figures in pages.values()) or 1
    return {
        "pages": shown,
        "errors": measured["errors"],
        "targets": targets,
        "total_per_second": round(sum(figures["per_second"] for figures in pages.values()), 1),
        # CPU time per request, all kinds together: what the machine's load (other processes) changes least.
        "cpu_ms_per_request": {
            "gunicorn": round(cpu["gunicorn"] * 1000 / requests, 2),
            "postgres": round(cpu["postgres_backends"] * 1000 / requests, 2),
        },
        "cpu_seconds": cpu,
        "settings": {
            "database": data["database"],
            "data": size,
            "accounts": [account["username"] for account in data["accounts"]],
            "years": sorted({account["year"] for account in data["accounts"]}),
            "users": args.users,
            "think_time_s": data["think"],
            "think_time": "none: each client sends its next request when the answer arrives (closed loop)"
            if data["think"][1] == 0
            else f"random, {data['think'][0]}–{data['think'][1]} s between requests",
            "mix": (
                "reads, 8 each: dashboard, bloc, agency, meeting, search, floor (/suc-khoe/); writes, 3 each: "
                "attendance (GET the form, POST one agency's presence changed), votes (GET the form, POST each "
                "agency's ballot drawn at random): 6 saves in 60 requests, 10 %"
            ),
            "warmup_s": args.warmup,
            "measured_s": measured["measured_seconds"],
            "logins": {"ok": measured["logged_in"], "failed": measured["login_failures"]},
            "gunicorn": {
                "workers": args.workers,
                "worker_class": "gthread" if args.threads > 1 else "sync",
                "threads": args.threads,
            },
            "django_settings": "config.settings.production (DEBUG off), X-Forwarded-Proto: https, CONN_MAX_AGE 60",
            "server_tracebacks": tracebacks,
            "page_cache": f"none: every answer reads the database; Redis ({args.redis_url}) holds the sessions",
            "removed_after_the_run": removed,
            "versions": {
                "python": platform.python_version(),
                **{name: version(name) for name in ("django", "gunicorn", "locust")},
            },
            "cpus": os.cpu_count(),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=NATIONAL_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--users", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds (60)")
    parser.add_argument("--warmup", type=int, default=10, help="seconds after the logins before measuring (10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (2: the fastest here)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; >1: gthread workers (1: sync)")
    parser.add_argument("--think-min", type=float, default=0.0, help="seconds between a user's requests (0)")
    parser.add_argument("--think-max", type=float, default=0.0)
    parser.add_argument("--accounts", nargs="+", help="board staff usernames (default: spread over ban-pNN)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the search queries")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    args.think_max = max(args.think_max, args.think_min)
    result = run(args)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
