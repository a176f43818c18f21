"""The entry point every city benchmark shares: `python -m bench.<name>
--database <db>` sets Django up with the bench settings on that (already
seeded) database, runs the module's `run(database)` and writes its numbers
as JSON, to a file for bench/run.py or to the terminal."""

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "tongxin_bench_city"
REDIS_URL = "redis://127.0.0.1:6379/11"


def setup(database: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)


def main(run) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--json", help="write the numbers here instead of printing them")
    args = parser.parse_args()
    setup(args.database)
    results = run(args.database)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(text)
    else:
        print(text)
    return 0
