"""Monthly reports: what the files hold, exactly-once builds, failure and
retry, and refusing months that have not begun."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from families.tests.factories import ParentSchoolFactory
from portal.dashboard.periods import first_of_month
from portal.dashboard.selectors import Area, area_for
from portal.models import AreaLevel, Notification, Report, ReportStatus
from portal.reports import services, writers
from portal.reports.tables import HEADERS
from schools.services.semesters import current_semester
from schools.tests.factories import GuidanceActivityFactory

pytestmark = pytest.mark.django_db

COVERAGE = "本学期家访学生覆盖率"


@pytest.fixture
def this_month():
    return first_of_month(timezone.localdate())


@pytest.fixture
def known_data(city, people):
    """Liang's school: one activity this semester and a parent school."""
    semester = current_semester()
    GuidanceActivityFactory(
        school=city.school,
        semester=semester,
        held_on=semester.starts_on,
        recorded_by=people.teacher,
    )
    ParentSchoolFactory(school=city.school)
    return semester


def build(user, area, month, capture):
    with capture(execute=True):
        report = services.request_report(user=user, area=area, month=month)
    report.refresh_from_db()
    return report


def sheet_rows(report):
    with report.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    return book, {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_a_city_report_has_the_city_then_each_district_with_its_schools(
    people, city, known_data, this_month, django_capture_on_commit_callbacks
):
    report = build(
        people.city_officer, Area(AreaLevel.CITY), this_month, django_capture_on_commit_callbacks
    )
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert report.xlsx.name == f"reports/{this_month:%Y-%m}/city-{report.pk}.xlsx"
    book, sheets = sheet_rows(report)
    assert list(sheets) == ["全市", "青秀区", "西乡塘区"]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
    for rows in sheets.values():
        assert list(rows[0]) == HEADERS
        assert not any(isinstance(c, str) and c.startswith("=") for r in rows for c in r)
    assert {row[0] for row in sheets["全市"][1:]} == {"全市", "青秀区", "西乡塘区"}
    assert {row[0] for row in sheets["青秀区"][1:]} == {"青秀区", "青秀区第一小学"}
    school = {row[1]: row for row in sheets["青秀区"][1:] if row[0] == "青秀区第一小学"}
    activities = school["每校每学期家庭教育指导活动次数"]
    assert activities[3] == 1 and activities[4] == 2 and activities[8] == 1
    parent_school = school["建有校级家长学校的学校比例"]
    assert parent_school[3] == 100 and parent_school[6] == "绿"
    assert school[COVERAGE][9] == 0 and school[COVERAGE][10] == 2
    data_rows = sum(len(rows) - 1 for rows in sheets.values())
    assert report.rows == data_rows


def test_the_csv_has_a_bom_and_the_same_rows(
    people, city, known_data, this_month, django_capture_on_commit_callbacks
):
    area = area_for(people.district_officer, AreaLevel.DISTRICT, city.qingxiu.pk)
    report = build(people.district_officer, area, this_month, django_capture_on_commit_callbacks)
    with report.csv.open("rb") as handle:
        raw = handle.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["工作表", *HEADERS]
    _book, sheets = sheet_rows(report)
    assert list(sheets) == ["青秀区"]
    assert len(rows) - 1 == len(sheets["青秀区"]) - 1 == report.rows
    assert [row[1] for row in rows[1:]] == [row[0] for row in sheets["青秀区"][1:]]


def test_a_second_delivery_of_the_task_builds_nothing(
    people, city, this_month, django_capture_on_commit_callbacks
):
    report = build(
        people.city_officer, Area(AreaLevel.CITY), this_month, django_capture_on_commit_callbacks
    )
    assert services.build_report(report.pk) is None
    report.refresh_from_db()
    assert report.attempts == 1
    assert Notification.objects.filter(subject_key=f"report:{report.pk}").count() == 1


def test_a_running_build_is_left_alone_until_it_is_stale(people, city, this_month):
    report = Report.objects.create(
        level=AreaLevel.CITY,
        month=this_month,
        requested_by=people.city_officer,
        status=ReportStatus.RUNNING,
        started_at=timezone.now(),
    )
    assert services.build_report(report.pk) is None
    Report.objects.filter(pk=report.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    assert services.build_report(report.pk).status == ReportStatus.DONE


def test_a_failed_build_keeps_the_reason_tells_the_requester_and_retry_rebuilds_it(
    people, city, this_month, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, values):
        raise OSError("disk full")

    monkeypatch.setattr(writers.ReportFiles, "write_row", broken)
    report = build(
        people.city_officer, Area(AreaLevel.CITY), this_month, django_capture_on_commit_callbacks
    )
    assert report.status == ReportStatus.FAILED
    assert "月报未能生成" in report.error and "OSError: disk full" in report.error
    assert not report.xlsx
    failed = Notification.objects.get(recipient=people.city_officer, kind="portal.report")
    assert failed.url == f"/dashboard/reports/{report.pk}/"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_report(user=people.city_officer, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == "" and report.attempts == 2
    assert Notification.objects.filter(recipient=people.city_officer).count() == 2


def test_only_a_failed_report_can_be_retried(
    people, city, this_month, django_capture_on_commit_callbacks
):
    report = build(
        people.city_officer, Area(AreaLevel.CITY), this_month, django_capture_on_commit_callbacks
    )
    with pytest.raises(ValidationError):
        services.retry_report(user=people.city_officer, report=report)


def test_asking_again_while_one_is_queued_returns_the_same_report(people, city, this_month):
    first = services.request_report(
        user=people.city_officer, area=Area(AreaLevel.CITY), month=this_month
    )
    again = services.request_report(
        user=people.city_officer, area=Area(AreaLevel.CITY), month=this_month
    )
    assert again.pk == first.pk and Report.objects.count() == 1


def test_a_future_month_is_refused_and_nothing_is_saved(people, city, this_month):
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.request_report(
            user=people.city_officer, area=Area(AreaLevel.CITY), month=next_month
        )
    with pytest.raises(ValidationError, match="第一天"):
        services.request_report(
            user=people.city_officer,
            area=Area(AreaLevel.CITY),
            month=this_month.replace(day=2)
            if timezone.localdate().day > 1
            else this_month.replace(day=15),
        )
    assert not Report.objects.exists()
