"""Full student export: the city officer's roster export of every student
of the city (Excel and CSV, guardians included), built by the same service
a Celery worker runs, in a fresh process whose peak resident memory is the
number (target < 300 MB)."""

from __future__ import annotations

import resource
import time

PEAK_TARGET_MB = 300


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(database: str) -> dict:
    from django.utils import timezone

    from portal.dashboard.periods import first_of_month
    from portal.models import AreaLevel, Report, ReportKind, Role, RoleAssignment
    from portal.reports import services

    officer = RoleAssignment.objects.filter(role=Role.CITY_OFFICER).first().user
    baseline = _rss_mb()
    report = Report.objects.create(
        kind=ReportKind.STUDENTS,
        level=AreaLevel.CITY,
        month=first_of_month(timezone.localdate()),
        requested_by=officer,
    )
    started = time.perf_counter()
    built = services.build_report(report.pk)
    seconds = time.perf_counter() - started
    assert built is not None and built.status == "done", built and built.error
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "report.full student export (city)": {
            "students": built.rows,
            "seconds": round(seconds, 1),
            "rows_per_s": round(built.rows / seconds),
            "xlsx_mb": round(built.xlsx.size / 2**20, 1),
            "csv_mb": round(built.csv.size / 2**20, 1),
            "peak_rss_mb": round(peak, 1),
            "rss_before_mb": round(baseline, 1),
            "target_mb": PEAK_TARGET_MB,
            "meets_target": peak < PEAK_TARGET_MB,
        }
    }


if __name__ == "__main__":
    from bench.city import main

    raise SystemExit(main(run))
