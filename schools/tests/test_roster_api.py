from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from schools.models import Student
from schools.services.roster_import import template_header
from schools.tests.factories import GuardianshipFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def api():
    return APIClient()


def upload(*rows, name="roster.xlsx"):
    book = Workbook()
    book.active.append(template_header())
    for values in rows:
        book.active.append(values)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


GOOD = ["青秀区", "青秀区第一小学", "三年级", "1班", "Q001", "张小明", "男", "2016-03-14"]
GUARDIAN = ["张建国", "父亲", "13800001234", "是"]


def names(response):
    return {row["name"] for row in response.json()["results"]}


def test_the_student_list_is_scoped_by_persona(api, city, people):
    url = reverse("api:student-list")
    expected = {
        "city_officer": {"李明", "王芳", "赵强"},
        "district_officer": {"李明", "王芳"},
        "school_leader": {"李明", "王芳"},
        "head_teacher": {"李明"},
        "teacher": {"王芳"},
        "other_school_teacher": {"赵强"},
        "parent": set(),
        "partner": set(),
    }
    for persona, students in expected.items():
        api.force_authenticate(getattr(people, persona))
        assert names(api.get(url)) == students, persona


def test_students_filter_by_school_class_and_mentor(api, city, people):
    StudentFactory(school_class=city.class_1, name="有导师", mentor=people.teacher)
    api.force_authenticate(people.school_leader)
    url = reverse("api:student-list")
    assert names(api.get(url, {"school_class": city.class_2.pk})) == {"王芳"}
    assert names(api.get(url, {"has_mentor": "true"})) == {"有导师"}
    assert names(api.get(url, {"has_mentor": "false"})) == {"李明", "王芳"}
    assert names(api.get(url, {"school": city.school.pk})) == {"李明", "王芳", "有导师"}
    row = next(r for r in api.get(url).json()["results"] if r["name"] == "有导师")
    assert row["mentor_name"] == "谭老师" and row["class_label"] == "Grade 3(1)"


@pytest.mark.parametrize("total", [10, 100])
def test_the_student_list_issues_a_constant_number_of_queries(
    api, city, people, total, django_assert_num_queries
):
    StudentFactory.create_batch(total, school_class=city.class_1, mentor=people.teacher)
    api.force_authenticate(people.school_leader)
    api.get(reverse("api:student-list"))  # the role scope is read once per user
    with django_assert_num_queries(2):
        response = api.get(reverse("api:student-list"))
    assert response.json()["count"] == total + 2


def test_a_student_out_of_scope_is_404(api, city, people):
    api.force_authenticate(people.head_teacher)
    assert api.get(reverse("api:student-detail", args=[city.student_2.pk])).status_code == 404
    assert api.get(reverse("api:student-detail", args=[city.student_1.pk])).status_code == 200
    url = reverse("api:student-guardian-list", args=[city.student_2.pk])
    assert api.get(url).status_code == 404
    url = reverse("api:student-mentor", args=[city.student_2.pk])
    assert api.post(url, {"mentor": people.head_teacher.pk}).status_code == 404


def test_guardian_phones_are_masked_unless_one_may_change_the_student(api, city, people):
    GuardianshipFactory(student=city.student_2, guardian__phone="13812345678")
    url = reverse("api:student-guardian-list", args=[city.student_2.pk])
    api.force_authenticate(people.teacher)
    assert api.get(url).json()[0]["phone"] == "138****5678"
    api.force_authenticate(people.school_leader)
    assert api.get(url).json()[0]["phone"] == "13812345678"


def test_assigning_a_mentor_by_api(api, city, people):
    api.force_authenticate(people.head_teacher)
    url = reverse("api:student-mentor", args=[city.student_1.pk])
    response = api.post(url, {"mentor": people.counsellor.pk}, format="json")
    assert response.status_code == 200 and response.json()["mentor_name"] == "陆老师"
    response = api.post(url, {"mentor": people.other_school_teacher.pk}, format="json")
    assert response.status_code == 400
    assert "is not on the staff of 青秀区第一小学" in response.json()["detail"]
    assert Student.objects.get(pk=city.student_1.pk).mentor == people.counsellor


def test_a_teacher_who_only_reads_a_student_cannot_assign_a_mentor(api, city, people):
    api.force_authenticate(people.teacher)
    url = reverse("api:student-mentor", args=[city.student_2.pk])
    assert api.post(url, {"mentor": people.teacher.pk}, format="json").status_code == 403
    assert Student.objects.get(pk=city.student_2.pk).mentor is None


def test_a_class_gets_a_mentor_by_api(api, city, people):
    api.force_authenticate(people.school_leader)
    url = reverse("api:class-mentor", args=[city.class_2.pk])
    response = api.post(url, {"mentor": people.teacher.pk}, format="json")
    assert response.json() == {"changed": 1}
    api.force_authenticate(people.other_district_officer)
    assert api.post(url, {"mentor": None}, format="json").status_code == 404


def test_roster_import_by_api_reports_row_errors_and_saves_nothing(api, city, people):
    api.force_authenticate(people.school_leader)
    sheet = upload(GOOD + GUARDIAN, GOOD[:4] + ["Q002", "李四", "男", "2016-13-01"] + GUARDIAN)
    response = api.post(reverse("api:roster-import"), {"file": sheet}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "errors": [{"row": 3, "column": "出生日期", "message": "“2016-13-01” is not a real date"}],
    }
    assert not Student.objects.filter(student_number="Q001").exists()


def test_roster_import_by_api_saves_and_counts(api, city, people):
    api.force_authenticate(people.school_leader)
    response = api.post(
        reverse("api:roster-import"), {"file": upload(GOOD + GUARDIAN)}, format="multipart"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["rows"] == 1
    assert body["counts"]["students_created"] == 1
    response = api.post(
        reverse("api:roster-import"), {"file": upload(GOOD + GUARDIAN)}, format="multipart"
    )
    assert response.json()["counts"]["students_unchanged"] == 1


def test_roster_import_by_api_refuses_other_files_and_people(api, city, people):
    api.force_authenticate(people.school_leader)
    url = reverse("api:roster-import")
    response = api.post(url, {"file": upload(name="roster.xls")}, format="multipart")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["row"] is None and error["column"] == "file"
    assert "is not an .xlsx workbook" in error["message"]
    api.force_authenticate(people.head_teacher)
    response = api.post(url, {"file": upload(GOOD + GUARDIAN)}, format="multipart")
    assert response.status_code == 403


def test_the_schema_documents_the_roster_api(client):
    schema = client.get(reverse("api:schema")).content.decode()
    for path in ("/api/students/", "/api/students/{id}/guardians/", "/api/roster/import/"):
        assert path in schema
    assert "RosterImportErrors" in schema
