"""Runs every benchmark, prints a short table and writes bench/results.json.

Usage: `make bench` (the whole city: seeds Nanning once, about 4 minutes,
then about 25 minutes of benchmarks) or `.venv/bin/python bench/run.py
--scale 0.05` for a smaller city; `--only pages,report` runs some; `--reseed`
builds the city afresh.

The foundation benchmark runs on a throwaway test database in this process;
the city benchmarks run each in its own process (so that peak memory is its
own) against the seeded database `tongxin_bench_city`, which is kept between
runs and marked with the scale it was seeded at."""

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE = "tongxin_bench_city"
CITY_BENCHMARKS = ["signup_rush", "pages", "report", "export", "reminders"]
# Restart PostgreSQL and Redis: only when asked for (`make drills`).
DRILLS = ["drills"]
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAt"]


def _psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        [*PSQL, "-d", database, "-c", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def ensure_city(scale: str, *, reseed: bool) -> float:
    """The seeded city at `scale`, built only if missing, seeded at another
    scale, or asked for afresh; returns the seconds spent seeding."""
    marker = f"seed_city scale={scale}"
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1"
    if exists and not reseed:
        found = _psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                      f"WHERE datname = '{DATABASE}'")  # fmt: skip
        if found == marker:
            _manage("migrate", "--noinput", "-v0")
            return 0.0
    started = time.perf_counter()
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql(f"CREATE DATABASE {DATABASE}")
    _manage("migrate", "--noinput", "-v0")
    _manage("seed_city", "--scale", scale)
    _psql(f"COMMENT ON DATABASE {DATABASE} IS '{marker}'")
    return time.perf_counter() - started


def _manage(*args: str) -> None:
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run_city_benchmark(name: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [PYTHON, "-m", f"bench.{name}", "--database", DATABASE, "--json", out.name],
            cwd=ROOT,
            check=True,
        )
        return json.loads(Path(out.name).read_text())


def run_foundation() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("TEST_DB_NAME", "tongxin_bench")
    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)
    from django.test.utils import setup_databases, teardown_databases

    from bench import foundation

    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        return foundation.run()
    finally:
        from django.db import connections

        connections.close_all()
        teardown_databases(config, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="nanning", help="nanning (default) or a fraction")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    wanted = [name for name in args.only.split(",") if name] or ["foundation", *CITY_BENCHMARKS]
    path = ROOT / "bench" / "results.json"
    results = json.loads(path.read_text()) if path.exists() and args.only else {}
    if any(name in CITY_BENCHMARKS + DRILLS for name in wanted):
        seeded = ensure_city(args.scale, reseed=args.reseed)
        results["city"] = {"scale": args.scale, "database": DATABASE, "seeded_s": round(seeded)}
    for name in wanted:
        started = time.perf_counter()
        found = run_foundation() if name == "foundation" else run_city_benchmark(name)
        results.update(found)
        print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_table(results)
    return 0


def print_table(results: dict) -> None:
    width = max(len(name) for name in results)
    for name, row in results.items():
        cells = ", ".join(f"{key}={value}" for key, value in row.items() if key != "cpu_s")
        print(f"{name:<{width}}  {cells}")


if __name__ == "__main__":
    sys.exit(main())
