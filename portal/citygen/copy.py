"""Streams rows into a table with PostgreSQL COPY, timing each table."""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import NOT_PROVIDED
from tqdm import tqdm


@dataclass
class TableStats:
    table: str
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def check_columns(model, columns: Sequence[str]) -> None:
    """COPY skips Django's Python-side defaults, so every NOT NULL column
    must be given explicitly; fail before the load rather than half-way in."""
    known = {f.column for f in model._meta.concrete_fields}
    unknown = set(columns) - known
    if unknown:
        raise ValueError(f"{model._meta.db_table}: no columns {sorted(unknown)}")
    missing = [
        f.column
        for f in model._meta.concrete_fields
        if not f.null and f.db_default is NOT_PROVIDED and f.column not in columns
    ]
    if missing:
        raise ValueError(f"{model._meta.db_table}: NOT NULL columns not given: {missing}")


def copy_rows(
    model, columns: Sequence[str], rows: Iterable[Sequence], *, total: int | None = None
) -> TableStats:
    check_columns(model, columns)
    table = model._meta.db_table
    qn = connection.ops.quote_name
    sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    started = time.perf_counter()
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
        tqdm(total=total, desc=f"{table:<32}", unit=" rows", unit_scale=True, leave=True) as bar,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
            if not count % 10_000:
                bar.update(10_000)
        bar.update(count % 10_000)
    return TableStats(table, count, time.perf_counter() - started)


def format_stats(stats: list[TableStats]) -> str:
    lines = [f"{'table':<34}{'rows':>12}{'seconds':>10}{'rows/s':>12}"]
    for entry in stats:
        lines.append(
            f"{entry.table:<34}{entry.rows:>12,}{entry.seconds:>10.1f}"
            f"{entry.rows_per_second:>12,.0f}"
        )
    rows = sum(entry.rows for entry in stats)
    seconds = sum(entry.seconds for entry in stats)
    lines.append(f"{'total':<34}{rows:>12,}{seconds:>10.1f}{rows / max(seconds, 1e-9):>12,.0f}")
    return "\n".join(lines)
