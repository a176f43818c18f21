"""Every write to a report: asking for one, building it, building it again."""

from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, notify
from portal.dashboard.periods import first_of_month, window_for
from portal.dashboard.selectors import Area, totals_for
from portal.models import AuditAction, Report, ReportKind, ReportStatus
from portal.reports import students as roster
from portal.reports.tables import Figures, area_name, row_for, sheets_for
from portal.reports.writers import ReportFiles

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "portal.report"
# A build still "running" after this long lost its worker and may be claimed again.
STALE_AFTER = datetime.timedelta(minutes=30)
BUILDING = [ReportStatus.QUEUED, ReportStatus.RUNNING]
PROGRESS_STEP = 20
ROWS_SHARE = 90  # the last tenth is saving the files


ONLY_FAILED = gettext_lazy("Only a report that failed can be built again.")


def _checked_month(month: datetime.date) -> datetime.date:
    if not isinstance(month, datetime.date) or month.day != 1:
        raise ValidationError(
            _("A report covers a whole month: give the first day of the month, e.g. 2026-11-01.")
        )
    if month > first_of_month(timezone.localdate()):
        raise ValidationError(
            _("There is no report for %(month)s yet: that month has not begun.")
            % {"month": f"{month:%Y-%m}"}
        )
    return month


def _area_fields(area: Area) -> dict:
    return {"level": area.level, "district": area.district, "school": area.school}


def _building(area: Area, month: datetime.date, kind: str):
    return Report.objects.filter(kind=kind, month=month, status__in=BUILDING, **_area_fields(area))


def _check_kind(user, area: Area, kind: str) -> str:
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose what to build: the monthly indicators or the roster."))
    if kind == ReportKind.STUDENTS and not roster.students_in(user, area).exists():
        raise ValidationError(_("There are no students of this area on a roster you can see."))
    return kind


@transaction.atomic
def queue_report(
    *, user, area: Area, month: datetime.date, kind: str = ReportKind.INDICATORS
) -> tuple[Report, bool]:
    """The report for the area and month being built, or a new one queued;
    and whether it is new."""
    month = _checked_month(month)
    kind = _check_kind(user, area, kind)
    existing = _building(area, month, kind).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind, month=month, requested_by=user, **_area_fields(area)
            )
    except IntegrityError:
        # Someone else asked for the same report a moment earlier.
        existing = _building(area, month, kind).first()
        if existing is None:
            raise
        return existing, False
    _enqueue(report.pk)
    return report, True


def request_report(
    *, user, area: Area, month: datetime.date, kind: str = ReportKind.INDICATORS
) -> Report:
    return queue_report(user=user, area=area, month=month, kind=kind)[0]


def _enqueue(report_id: int) -> None:
    from portal.tasks import build_report as build_task

    transaction.on_commit(lambda: build_task.delay(report_id))


@transaction.atomic
def retry_report(*, user, report: Report) -> Report:
    if report.status != ReportStatus.FAILED:
        raise ValidationError(ONLY_FAILED)
    try:
        with transaction.atomic():
            updated = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
                status=ReportStatus.QUEUED, progress=0, error="", started_at=None, finished_at=None
            )
    except IntegrityError:
        raise ValidationError(
            _("A report for this area and month is already being built; open that one instead.")
        ) from None
    if not updated:
        raise ValidationError(ONLY_FAILED)
    _enqueue(report.pk)
    report.refresh_from_db()
    return report


def _claim(report_id: int) -> bool:
    """One conditional update: a duplicate delivery of the task finds the
    report already running and does nothing; a build whose worker died is
    taken over once it is stale."""
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id)
        .filter(
            Q(status=ReportStatus.QUEUED)
            | Q(status=ReportStatus.RUNNING, started_at__lt=now - STALE_AFTER)
        )
        .update(
            status=ReportStatus.RUNNING,
            started_at=now,
            attempts=F("attempts") + 1,
            progress=0,
            error="",
        )
    )


def build_report(report_id: int) -> Report | None:
    """Build a claimed report's files; `None` when another build has it.
    A failure is kept on the report and told to the requester, not raised,
    so the task is not retried over and over."""
    if not _claim(report_id):
        return None
    report = Report.objects.select_related("district", "school", "requested_by").get(pk=report_id)
    try:
        with translation.override("zh-hans"):
            _write(report)
    except Exception as exc:  # noqa: BLE001 — any failure is shown to the requester
        logger.exception("Report %s failed", report_id)
        return _fail(report, exc)
    report.status = ReportStatus.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "progress", "finished_at", "rows", "xlsx", "csv"])
    _tell(report, _("Your report for %(area)s, %(month)s is ready"))
    return report


def _area_of(report: Report) -> Area:
    return Area(level=report.level, district=report.district, school=report.school)


def _write(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="tongxin-report-") as folder:
        if report.kind == ReportKind.STUDENTS:
            files = _write_roster(report, Path(folder))
        else:
            files = _write_indicators(report, Path(folder))
        Report.objects.filter(pk=report.pk).update(progress=ROWS_SHARE)
        prefix = "students-" if report.kind == ReportKind.STUDENTS else ""
        stem = f"reports/{report.month:%Y-%m}/{prefix}{report.level}-{report.pk}"
        _store(report.xlsx, f"{stem}.xlsx", files.xlsx_path)
        _store(report.csv, f"{stem}.csv", files.csv_path)
        report.rows = files.rows


class _Progress:
    """Writes the report's progress every PROGRESS_STEP per cent, not per row."""

    def __init__(self, report: Report, total: int):
        self.report_id, self.total, self.shown = report.pk, total or 1, 0

    def at(self, done: int) -> None:
        progress = min(ROWS_SHARE, done * ROWS_SHARE // self.total)
        if progress - self.shown >= PROGRESS_STEP:
            self.shown = progress
            Report.objects.filter(pk=self.report_id).update(progress=progress)


def _filled(files: ReportFiles, write) -> ReportFiles:
    try:
        write()
        files.close()
    except BaseException:
        files.discard()
        raise
    return files


def _write_indicators(report: Report, folder: Path) -> ReportFiles:
    area = _area_of(report)
    window = window_for(report.month)
    sheets = sheets_for(area)
    figures = Figures(totals_for(window), window, [a for s in sheets for a in s.areas])
    progress = _Progress(report, sum(len(sheet.areas) for sheet in sheets))
    files = ReportFiles(folder)

    def write():
        done = 0
        for sheet in sheets:
            files.add_sheet(sheet.name)
            for sheet_area in sheet.areas:
                for figure in figures.for_area(sheet_area):
                    files.write_row(row_for(sheet_area, figure))
                done += 1
                progress.at(done)

    return _filled(files, write)


def _write_roster(report: Report, folder: Path) -> ReportFiles:
    area = _area_of(report)
    students = roster.students_in(report.requested_by, area)
    groups = roster.guardian_groups(students)
    progress = _Progress(report, students.count())
    files = ReportFiles(folder, roster.header(groups))

    def write():
        for sheet in roster.sheets(report.requested_by, area):
            files.add_sheet(sheet.name)
            for row in roster.rows(sheet, groups):
                files.write_row(row)
                if files.rows % roster.CHUNK == 0:
                    progress.at(files.rows)

    _filled(files, write)
    audit.record(
        user=report.requested_by,
        action=AuditAction.EXPORT,
        obj=report,
        district_id=report.district_id,
        detail={"students": files.rows},
    )
    return files


def _store(field, name: str, path: Path) -> None:
    """Under the same name on every build, so a rebuilt report replaces its files."""
    if field.storage.exists(name):
        field.storage.delete(name)
    with path.open("rb") as handle:
        field.save(name, File(handle), save=False)


def _fail(report: Report, exc: Exception) -> Report:
    report.status = ReportStatus.FAILED
    report.finished_at = timezone.now()
    report.error = _(
        "The report could not be built. Try again; if it fails again, tell the portal's "
        "administrators. (%(kind)s: %(message)s)"
    ) % {"kind": type(exc).__name__, "message": exc}
    report.save(update_fields=["status", "finished_at", "error"])
    _tell(report, _("Your report for %(area)s, %(month)s could not be built"), report.error)
    return report


def _tell(report: Report, title: str, body: str = "") -> None:
    area = area_name(_area_of(report))
    notify.notify(
        kind=NOTIFICATION_KIND,
        recipient=report.requested_by,
        subject_key=f"report:{report.pk}",
        title=title % {"area": area, "month": f"{report.month:%Y-%m}"},
        body=body,
        url=reverse("dashboard:report", args=[report.pk]),
        # One notice per build: a rebuilt report tells its requester again.
        due_at=report.finished_at,
    )
