"""Monthly report: the city report built by the service (every indicator,
the city, each district and each school) on the seeded city, beside one
hand-written SQL statement computing the same per-place numbers
(bench/report_sql.py, tested equal to the indicators in
portal/tests/test_report_sql.py). Target: the report's numbers in ≤ 1.5 ×
the SQL's time; the whole build, which also writes every row to Excel and
CSV (52,000 rows for the city), is reported beside it.

Each side runs three times, alternately, and the median counts, so neither
is favoured by PostgreSQL's buffer cache. The full student export's memory
is measured in a fresh process by bench/export.py."""

from __future__ import annotations

import resource
import statistics
import time

RUNS = 3
RATIO_TARGET = 1.5


def _build(officer) -> tuple[float, object]:
    from django.core.cache import cache
    from django.utils import timezone

    from portal.dashboard import memo
    from portal.dashboard.periods import window_for
    from portal.dashboard.selectors import _cache_key
    from portal.models import AreaLevel, Report
    from portal.reports import services

    month = timezone.localdate().replace(day=1)
    cache.delete(_cache_key(window_for(month)))  # count afresh, as the first request would
    memo.clear()
    report = Report.objects.create(level=AreaLevel.CITY, month=month, requested_by=officer)
    started = time.perf_counter()
    built = services.build_report(report.pk)
    seconds = time.perf_counter() - started
    assert built is not None and built.status == "done", built and built.error
    return seconds, built


def _figures_only(window) -> float:
    """The report's numbers without its files: every indicator counted and
    turned into figures for the city, each district and each school."""
    from portal.dashboard import memo
    from portal.dashboard.figures import roll_up
    from portal.dashboard.selectors import Area, compute_totals
    from portal.models import AreaLevel
    from portal.reports.tables import Figures, sheets_for

    memo.clear()
    started = time.perf_counter()
    totals = {key: roll_up(rows) for key, rows in compute_totals(window).items()}
    sheets = sheets_for(Area(AreaLevel.CITY))
    figures = Figures(totals, window, [a for sheet in sheets for a in sheet.areas])
    for sheet in sheets:
        for area in sheet.areas:
            list(figures.for_area(area))
    return time.perf_counter() - started


def run(database: str) -> dict:
    from django.utils import timezone

    from bench.report_sql import run_hand_sql
    from portal.dashboard.periods import window_for
    from portal.models import Role, RoleAssignment

    officer = RoleAssignment.objects.filter(role=Role.CITY_OFFICER).first().user
    window = window_for(timezone.localdate().replace(day=1))
    run_hand_sql(window)  # warms the buffer cache for both sides
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    builds, sqls, numbers = [], [], []
    for _ in range(RUNS):
        seconds, built = _build(officer)
        builds.append(seconds)
        sqls.append(run_hand_sql(window)[0])
        numbers.append(_figures_only(window))
    report_s, sql_s = statistics.median(builds), statistics.median(sqls)
    numbers_s = statistics.median(numbers)
    ratio = numbers_s / sql_s
    return {
        "report.city monthly report": {
            "figures_s": round(numbers_s, 2),
            "hand_sql_s": round(sql_s, 2),
            "ratio": round(ratio, 2),
            "target": RATIO_TARGET,
            "meets_target": ratio <= RATIO_TARGET,
            "report_with_files_s": round(report_s, 2),
            "ratio_with_files": round(report_s / sql_s, 2),
            "rows": built.rows,
            "figures_runs_s": [round(s, 2) for s in numbers],
            "report_runs_s": [round(s, 2) for s in builds],
            "hand_sql_runs_s": [round(s, 2) for s in sqls],
            "peak_rss_growth_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before, 1
            ),
        }
    }


if __name__ == "__main__":
    from bench.city import main

    raise SystemExit(main(run))
