"""Build the national data set into PostgreSQL: 34 provinces × 20 blocs × 12 members × 10 years.

    .venv/bin/python bench/national.py                        # thidua_national on 127.0.0.1:5432, 2 processes
    .venv/bin/python bench/national.py --provinces 2 --database-url postgres://postgres@127.0.0.1:5432/thidua_national_dev

Drops and re-creates the database, migrates it, imports one generated province per code P01..P34 (bench/generate.py,
each with its own place name and seed) through the interchange importer, with every check, in ``--processes``
worker processes, creates one board-staff login per province (``ban-p01`` … with the password below), then runs
``VACUUM ANALYZE``. Prints one JSON object: the rows in the database per table and the seconds of each step.
Target: under 10 minutes in all, migrate included, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_national"
PASSWORD = "bench-2026!"  # noqa: S105 - the benchmark logins' documented password
USERNAME = "ban-{code}"  # the province's code in lower case: ban-p01
# The 34 provinces and centrally-run cities from 1 July 2025: (administrative unit, place name).
PLACES = [
    ("thành phố", "Hà Nội"), ("thành phố", "Huế"), ("tỉnh", "Lai Châu"), ("tỉnh", "Điện Biên"), ("tỉnh", "Sơn La"),
    ("tỉnh", "Lạng Sơn"), ("tỉnh", "Quảng Ninh"), ("tỉnh", "Thanh Hóa"), ("tỉnh", "Nghệ An"), ("tỉnh", "Hà Tĩnh"),
    ("tỉnh", "Cao Bằng"), ("tỉnh", "Tuyên Quang"), ("tỉnh", "Lào Cai"), ("tỉnh", "Thái Nguyên"), ("tỉnh", "Phú Thọ"),
    ("tỉnh", "Bắc Ninh"), ("tỉnh", "Hưng Yên"), ("thành phố", "Hải Phòng"), ("tỉnh", "Ninh Bình"),
    ("tỉnh", "Quảng Trị"), ("thành phố", "Đà Nẵng"), ("tỉnh", "Quảng Ngãi"), ("tỉnh", "Gia Lai"),
    ("tỉnh", "Khánh Hòa"), ("tỉnh", "Lâm Đồng"), ("tỉnh", "Đắk Lắk"), ("thành phố", "Hồ Chí Minh"),
    ("tỉnh", "Đồng Nai"), ("tỉnh", "Tây Ninh"), ("thành phố", "Cần Thơ"), ("tỉnh", "Vĩnh Long"),
    ("tỉnh", "Đồng Tháp"), ("tỉnh", "Cà Mau"), ("tỉnh", "An Giang"),
]  # fmt: skip


def provinces(count: int) -> list[dict]:
    """Code, place and seed of each province: P01 … with the places above, then numbered places past 34."""
    result = []
    for index in range(count):
        unit, place = PLACES[index] if index < len(PLACES) else ("tỉnh", f"Thử {index + 1}")
        result.append({"code": f"P{index + 1:02d}", "unit": unit, "place": place, "seed": 1000 + index})
    return result


def environment(database_url: str) -> str:
    """Production settings (DEBUG off, the production password hasher), in a throwaway var folder (returned)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-national-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")  # nothing is queued: the import sends no task
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["THIDUA_VAR_DIR"] = tempfile.mkdtemp(prefix="thidua-national-")
    return os.environ["THIDUA_VAR_DIR"]


def recreate_database(database_url: str) -> None:
    import psycopg2

    url = urlsplit(database_url)
    name = url.path.lstrip("/")
    if not name.startswith("thidua_national"):
        raise SystemExit(f"refusing to drop {name!r}: only thidua_national* databases are built here")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


# -- in the worker processes ---------------------------------------------------------------------------------------


def _worker_setup() -> None:
    import django

    django.setup()


def import_province(job: tuple[dict, int, int, int]) -> dict:
    """Generate one province and import it; returns its code, seconds and problems (none when all went well)."""
    spec, blocs, members, years = job
    from bench.generate import province
    from imports.importer import import_text

    started = time.perf_counter()
    document = province(spec["code"], blocs=blocs, members=members, years=years, seed=spec["seed"], place=spec["place"])
    unit, place = spec["unit"], spec["place"]
    document["organizer"].update(
        name=f"Ủy ban nhân dân {unit} {place}",
        short_name=f"UBND {unit} {place}",
        board_name=f"Ban Thi đua - Khen thưởng {unit} {place}",
    )
    raw = json.dumps(document, ensure_ascii=False).encode()
    generated = time.perf_counter()
    report = import_text(raw)
    finished = time.perf_counter()
    return {
        "code": spec["code"],
        "generate_s": round(generated - started, 2),
        "import_s": round(finished - generated, 2),
        "problems": [str(p) for p in report.problems[:5]],
    }


def board_group():
    """The board staff's group of seed_demo (the permissions of the board's apps), created once by the main process."""
    from django.contrib.auth.models import Group, Permission

    from ops.demo_data import BOARD_GROUP
    from ops.management.commands.seed_demo import BOARD_APPS

    group, created = Group.objects.get_or_create(name=BOARD_GROUP)
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=BOARD_APPS))
    return group


def create_login(code: str) -> str:
    """The province's board-staff login, made as seed_demo makes its own (admin access within the group's rights)."""
    from django.contrib.auth.models import Group

    from members.models import Organizer, User
    from members.services import user_create
    from ops.demo_data import BOARD_GROUP

    organizer = Organizer.objects.get(code=code)
    user = user_create(
        username=USERNAME.format(code=code.lower()),
        password=PASSWORD,  # the production hasher: a fraction of a second a user, so the pool shares the work
        organizer=organizer,
        role=User.Role.BOARD_STAFF,
        first_name=f"Cán bộ {organizer.board_name}",
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=BOARD_GROUP))
    return user.username


# -- in the main process -------------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    from django.db import connection

    tables = {
        "organizers": "members_organizer",
        "agencies": "members_agency",
        "blocs": "blocs_bloc",
        "memberships": "blocs_membership",
        "pledges": "blocs_pledge",
        "scores": "blocs_score",
        "meetings": "meetings_meeting",
        "attendance": "meetings_attendance",
        "proposals": "awards_proposal",
        "ballots": "awards_ballot",
        "audit_entries": "members_auditentry",
        "users": "members_user",
    }
    result = {}
    with connection.cursor() as cursor:
        for key, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - table names from the list above
            result[key] = cursor.fetchone()[0]
    return result


def run(args) -> dict:
    total_started = time.perf_counter()
    var_dir = environment(args.database_url)
    try:
        return build(args, total_started)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def build(args, total_started: float) -> dict:
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    connection.close()
    migrated = time.perf_counter()

    specs = provinces(args.provinces)
    context = multiprocessing.get_context("spawn")
    imported = []
    with context.Pool(args.processes, initializer=_worker_setup) as pool:
        jobs = [(spec, args.blocs, args.members, args.years) for spec in specs]
        for outcome in pool.imap_unordered(import_province, jobs):
            imported.append(outcome)
            if outcome["problems"]:
                raise SystemExit(f"import of {outcome['code']} failed: " + "; ".join(outcome["problems"]))
            elapsed = time.perf_counter() - migrated
            print(
                f"{len(imported)}/{len(jobs)} {outcome['code']} {outcome['import_s']} s ({elapsed:.0f} s)",
                file=sys.stderr,
            )
        import_done = time.perf_counter()
        board_group()
        logins = pool.map(create_login, [spec["code"] for spec in specs], chunksize=1)
    users_done = time.perf_counter()

    with connection.cursor() as cursor:  # autocommit: VACUUM may not run in a transaction
        cursor.execute("VACUUM ANALYZE")
    analyzed = time.perf_counter()
    rows = counts()
    connection.close()
    finished = time.perf_counter()
    seconds = [p["import_s"] for p in imported]
    return {
        "database": urlsplit(args.database_url).path.lstrip("/"),
        "size": {"provinces": args.provinces, "blocs": args.blocs, "members": args.members, "years": args.years},
        "processes": args.processes,
        "rows": rows,
        "login": {
            "username_pattern": USERNAME.format(code="<code lowercase>"),
            "usernames": [logins[0], logins[-1]] if len(logins) > 1 else logins,
            "password": PASSWORD,
            "role": "board_staff",
        },
        "seconds": {
            "drop_create_migrate": round(migrated - total_started, 1),
            "import": round(import_done - migrated, 1),
            "users": round(users_done - import_done, 1),
            "analyze": round(analyzed - users_done, 1),
            "total": round(finished - total_started, 1),
        },
        "per_province_import_s": {
            "min": min(seconds),
            "median": sorted(seconds)[len(seconds) // 2],
            "max": max(seconds),
            "generate_median": sorted(p["generate_s"] for p in imported)[len(imported) // 2],
        },
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--blocs", type=int, default=20)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the result object to this file")
    args = parser.parse_args(argv)
    result = run(args)
    text = json.dumps(result, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
