"""Runs every benchmark on a throwaway PostgreSQL database, prints a table
and writes bench/results.json. Usage: `make bench` or `.venv/bin/python bench/run.py`."""

import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("TEST_DB_NAME", "tongxin_bench")

import django  # noqa: E402

django.setup()
logging.getLogger("celery").setLevel(logging.WARNING)

from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from bench import foundation, report, signup_rush  # noqa: E402

BENCHMARKS = [foundation, signup_rush, report]


def main() -> int:
    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    results = {}
    try:
        for module in BENCHMARKS:
            started = time.perf_counter()
            results.update(module.run())
            print(f"{module.__name__}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    finally:
        teardown_databases(config, verbosity=0)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    width = max(len(name) for name in results)
    for name, row in results.items():
        cells = ", ".join(f"{key}={value}" for key, value in row.items())
        print(f"{name:<{width}}  {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
