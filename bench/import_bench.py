"""Time the import of one generated province (default 20 blocs × 12 members × 10 years) into an empty database.

    .venv/bin/python bench/import_bench.py --database sqlite
    .venv/bin/python bench/import_bench.py --database postgresql   # needs PostgreSQL on 127.0.0.1:5432

Measures: first import, a second import of the same document (idempotent: nothing changes), and the export.
Target (issue 3, kept by issue 14 with every rule in the services): the first import under 30 s on both
databases; the second changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"


def prepare(database: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["THIDUA_VAR_DIR"] = tempfile.mkdtemp(prefix="thidua-bench-")
    if database == "postgresql":
        import psycopg2

        os.environ["DATABASE_URL"] = PG_URL
        connection = psycopg2.connect("host=127.0.0.1 user=postgres dbname=postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS thidua_bench")
            cursor.execute("CREATE DATABASE thidua_bench")
        connection.close()
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(args) -> dict:
    prepare(args.database)
    from bench.generate import counts, province
    from imports.importer import import_text
    from interchange.exporter import export_organizer
    from members.models import Organizer

    document = province(blocs=args.blocs, members=args.members, years=args.years)
    raw = json.dumps(document, ensure_ascii=False).encode()
    started = time.perf_counter()
    first = import_text(raw)
    first_seconds = time.perf_counter() - started
    if not first.ok:
        raise SystemExit("import failed: " + "; ".join(map(str, first.problems[:5])))
    started = time.perf_counter()
    second = import_text(raw)
    second_seconds = time.perf_counter() - started
    assert second.ok and not sum(second.created.values()) and not sum(second.changed.values())
    started = time.perf_counter()
    export_organizer(Organizer.objects.get(code=document["organizer"]["code"]))
    export_seconds = time.perf_counter() - started
    return {
        "database": args.database,
        "size": counts(document),
        "document_mb": round(len(raw) / 1e6, 2),
        "first_import_s": round(first_seconds, 2),
        "second_import_s": round(second_seconds, 2),
        "export_s": round(export_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--blocs", type=int, default=20)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
