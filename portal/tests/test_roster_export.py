"""The student roster export: an officer's whole area in the bureau's
template columns, only what the officer may see, audited, and a file that
the roster import reads back without a single error."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.dashboard.periods import first_of_month
from portal.dashboard.selectors import Area
from portal.models import AreaLevel, AuditAction, AuditEntry, Report, ReportKind, ReportStatus
from portal.reports import services
from portal.tests.helpers import log_in
from schools.models import Relation
from schools.services.roster_import.sheet import check_header, parse_rows, template_header
from schools.tests.factories import GuardianshipFactory, SchoolClassFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_month():
    return first_of_month(timezone.localdate())


@pytest.fixture
def families(city):
    GuardianshipFactory(
        student=city.student_1, guardian__name="李父", relation=Relation.FATHER, position=1
    )
    GuardianshipFactory(
        student=city.student_1,
        guardian__name="李奶奶",
        relation=Relation.GRANDMOTHER,
        lives_with_child=False,
        position=2,
    )
    GuardianshipFactory(student=city.student_1, guardian__name="李外公", position=3)
    GuardianshipFactory(student=city.other_student, guardian__name="赵母")


def export(user, area, month, capture):
    with capture(execute=True):
        report = services.request_report(
            user=user, area=area, month=month, kind=ReportKind.STUDENTS
        )
    report.refresh_from_db()
    return report


def workbook_rows(report) -> dict[str, list[tuple]]:
    with report.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_a_district_officer_exports_the_district_roster_that_the_import_reads_back(
    people, city, families, this_month, django_capture_on_commit_callbacks
):
    area = Area(AreaLevel.DISTRICT, district=city.qingxiu)
    report = export(people.district_officer, area, this_month, django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE and report.rows == 2
    assert report.xlsx.name == f"reports/{this_month:%Y-%m}/students-district-{report.pk}.xlsx"
    sheets = workbook_rows(report)
    assert list(sheets) == ["学生名册"]
    header, *rows = sheets["学生名册"]
    assert list(header) == template_header(3)  # the most guardians any student has
    assert [row[5] for row in rows] == ["李明", "王芳"]  # 赵强 is in 西乡塘区
    li = rows[0]
    assert li[:4] == ("青秀区", "青秀区第一小学", "三年级", "1班")
    assert li[8:16] == ("李父", "父亲", li[10], "是", "李奶奶", "祖母", li[14], "否")

    groups = check_header(header)
    parsed, errors = parse_rows(enumerate(rows, start=2), guardians=groups, today=this_month)
    assert errors == []
    assert [row.name for row in parsed] == ["李明", "王芳"]
    assert [g.name for g in parsed[0].guardians] == ["李父", "李奶奶", "李外公"]

    with report.csv.open("rb") as handle:
        lines = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    assert lines[0][1:] == template_header(3)
    assert [line[6] for line in lines[1:]] == ["李明", "王芳"]

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user == people.district_officer and entry.detail == {"students": 2}


def test_a_city_export_has_one_sheet_per_district(
    people, city, families, this_month, django_capture_on_commit_callbacks
):
    report = export(
        people.city_officer, Area(AreaLevel.CITY), this_month, django_capture_on_commit_callbacks
    )
    sheets = workbook_rows(report)
    assert list(sheets) == ["青秀区", "西乡塘区"]
    assert [row[5] for row in sheets["西乡塘区"][1:]] == ["赵强"]
    assert report.rows == 3


def test_left_students_and_closed_classes_are_not_exported(
    people, city, this_month, django_capture_on_commit_callbacks
):
    StudentFactory(school_class=city.class_1, name="已转学", is_active=False)
    closed = SchoolClassFactory(school=city.school, grade=6, number=9, is_active=False)
    StudentFactory(school_class=closed, name="已毕业")
    report = export(
        people.school_leader,
        Area(AreaLevel.SCHOOL, district=city.qingxiu, school=city.school),
        this_month,
        django_capture_on_commit_callbacks,
    )
    names = [row[5] for row in workbook_rows(report)["学生名册"][1:]]
    assert names == ["李明", "王芳"]


def test_an_area_without_visible_students_or_a_made_up_kind_is_refused(
    people, city, this_month, english
):
    empty = Area(AreaLevel.DISTRICT, district=city.qingxiu)
    city.student_1.delete()
    city.student_2.delete()
    with pytest.raises(ValidationError, match="no students"):
        services.request_report(
            user=people.district_officer, area=empty, month=this_month, kind=ReportKind.STUDENTS
        )
    with pytest.raises(ValidationError):
        services.request_report(
            user=people.district_officer, area=empty, month=this_month, kind="passwords"
        )
    assert not Report.objects.exists()


def test_the_export_is_asked_for_from_the_dashboard_within_scope_only(
    client, people, city, this_month, django_capture_on_commit_callbacks
):
    log_in(client, people.district_officer)
    own = {"level": "district", "id": city.qingxiu.pk, "month": f"{this_month:%Y-%m}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:report-request"), {**own, "kind": "students"})
    report = Report.objects.get()
    assert response.status_code == 302 and report.kind == ReportKind.STUDENTS
    assert client.get(reverse("dashboard:report", args=[report.pk])).status_code == 200

    other = {**own, "id": city.xixiangtang.pk, "kind": "students"}
    assert client.post(reverse("dashboard:report-request"), other).status_code == 404
    log_in(client, people.parent)
    assert client.post(reverse("dashboard:report-request"), own).status_code == 404
    assert Report.objects.count() == 1
