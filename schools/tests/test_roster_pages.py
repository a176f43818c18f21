from io import BytesIO

import pytest
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.tests.helpers import log_in
from schools.models import Student
from schools.services.roster_import import template_header

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = ["青秀区", "青秀区第一小学", "三年级", "1班", "Q001", "张小明", "男", "2016-03-14"]
GUARDIAN = ["张建国", "父亲", "13800001234", "是"]


def sheet(*rows, name="roster.xlsx"):
    book = Workbook()
    book.active.append(template_header())
    for values in rows:
        book.active.append(values)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def test_the_import_page_explains_the_template(client, people):
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:roster-import")).content.decode()
    assert "Import the roster" in page
    assert "区县 学校 年级 班级 学号 姓名 性别 出生日期 监护人1姓名" in page
    assert "Nothing is deleted: students missing from the sheet" in page
    assert "You may import into:" in page and "青秀区第一小学" in page
    assert reverse("schools:roster-template") in page


@pytest.mark.parametrize("persona", ["head_teacher", "teacher", "parent", "stranger"])
def test_the_import_page_is_for_roster_keepers(client, people, persona):
    log_in(client, getattr(people, persona))
    assert client.get(reverse("schools:roster-import")).status_code == 403
    assert client.get(reverse("schools:roster-template")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("schools:roster-import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_good_sheet_is_saved_and_summarised(client, city, people):
    log_in(client, people.district_officer)
    response = client.post(reverse("schools:roster-import"), {"file": sheet(GOOD + GUARDIAN)})
    page = response.content.decode()
    assert "The roster is saved" in page
    assert "1 row read." in page and "1 new guardian." in page
    assert Student.objects.filter(school=city.school, student_number="Q001").exists()
    page = client.post(
        reverse("schools:roster-import"), {"file": sheet(GOOD + GUARDIAN)}
    ).content.decode()
    assert "Nothing changed" in page


def test_bad_rows_are_listed_and_nothing_is_saved(client, city, people):
    log_in(client, people.school_leader)
    bad = GOOD[:4] + ["Q002", "", "女", "2016-03-14"] + ["李母", "母亲", "12345", "是"]
    response = client.post(reverse("schools:roster-import"), {"file": sheet(GOOD + GUARDIAN, bad)})
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Correct the problems in 1 row below" in page
    assert '<td class="nowrap">3</td><td>姓名</td><td>missing</td>' in page
    assert "“12345” is not an 11-digit mainland mobile number" in page
    assert not Student.objects.filter(student_number__in=["Q001", "Q002"]).exists()


def test_a_school_out_of_scope_reads_as_absent(client, city, people):
    log_in(client, people.school_leader)
    row = ["西乡塘区", "西乡塘区滨江小学", *GOOD[2:], *GUARDIAN]
    page = client.post(reverse("schools:roster-import"), {"file": sheet(row)}).content.decode()
    assert "no school named “西乡塘区滨江小学” in 西乡塘区 within your scope" in page


def test_check_only_saves_nothing(client, city, people):
    log_in(client, people.school_leader)
    response = client.post(
        reverse("schools:roster-import"), {"file": sheet(GOOD + GUARDIAN), "dry_run": "on"}
    )
    assert "The sheet is valid; nothing was saved" in response.content.decode()
    assert not Student.objects.filter(student_number="Q001").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("roster.xls", b"\xd0\xcf\x11\xe0"), "is not an .xlsx workbook"),
        (SimpleUploadedFile("roster.xlsx", b"x" * (5 * 1024 * 1024 + 1)), "the limit is 5.0"),
        (SimpleUploadedFile("roster.xlsx", b"not a zip"), "The file is not an Excel workbook"),
    ],
)
def test_wrong_files_get_a_clear_message(client, people, upload, message):
    log_in(client, people.school_leader)
    page = client.post(reverse("schools:roster-import"), {"file": upload}).content.decode()
    assert message in page


def test_no_file_is_a_form_error(client, people):
    log_in(client, people.school_leader)
    page = client.post(reverse("schools:roster-import"), {}).content.decode()
    assert "This field is required." in page


def test_the_template_download_is_the_header_row(client, people):
    log_in(client, people.school_leader)
    response = client.get(reverse("schools:roster-template"))
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert len(book.worksheets) == 1
    header = next(book.active.iter_rows(values_only=True))
    assert list(header) == template_header()


def test_the_student_changelist_offers_the_import(client, people):
    log_in(client, people.school_leader)
    page = client.get(reverse("admin:schools_student_changelist")).content.decode()
    assert reverse("schools:roster-import") in page
    assert reverse("schools:roster-template") in page
    log_in(client, people.head_teacher)
    page = client.get(reverse("admin:schools_student_changelist")).content.decode()
    assert reverse("schools:roster-import") not in page


def test_the_changelist_filters_students_without_a_mentor(client, city, people):
    city.student_2.mentor = people.teacher
    city.student_2.save()
    log_in(client, people.school_leader)
    url = reverse("admin:schools_student_changelist")
    page = client.get(url, {"has_mentor": "no"}).content.decode()
    assert "李明" in page and "王芳" not in page
    assert "谭老师" in client.get(url).content.decode()


def test_the_admin_action_assigns_a_mentor(client, city, people):
    log_in(client, people.school_leader)
    url = reverse("admin:schools_student_changelist")
    chosen = {"action": "assign_mentor", helpers.ACTION_CHECKBOX_NAME: [city.student_1.pk]}
    page = client.post(url, chosen).content.decode()
    assert "Choose a mentor for this student" in page
    assert "谭老师" in page and "韦老师" not in page
    response = client.post(url, {**chosen, "apply": "1", "mentor": people.teacher.pk}, follow=True)
    assert "谭老师 now mentors 1 more student." in response.content.decode()
    assert Student.objects.get(pk=city.student_1.pk).mentor == people.teacher


def test_the_admin_action_refuses_a_mentor_from_another_school(client, city, people):
    log_in(client, people.school_leader)
    url = reverse("admin:schools_student_changelist")
    data = {
        "action": "assign_mentor",
        helpers.ACTION_CHECKBOX_NAME: [city.student_1.pk],
        "apply": "1",
        "mentor": people.other_school_teacher.pk,
    }
    page = client.post(url, data).content.decode()
    assert "Select a valid choice" in page
    assert Student.objects.get(pk=city.student_1.pk).mentor is None


def admin_student_form(city, **changes):
    data = {
        "school_class": city.class_2.pk,
        "student_number": "A001",
        "name": "新同学",
        "gender": "M",
        "birth_date": "2016-09-01",
        "is_active": "on",
        "mentor": "",
        "guardianships-TOTAL_FORMS": "0",
        "guardianships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_adding_a_student_in_the_admin_goes_through_the_service(client, city, people):
    log_in(client, people.school_leader)
    response = client.post(reverse("admin:schools_student_add"), admin_student_form(city))
    assert response.status_code == 302
    student = Student.objects.get(student_number="A001")
    assert (student.school, student.district) == (city.school, city.qingxiu)


def test_a_taken_student_number_is_a_form_error_in_the_admin(client, city, people):
    log_in(client, people.school_leader)
    form = admin_student_form(city, student_number=city.student_1.student_number)
    page = client.post(reverse("admin:schools_student_add"), form).content.decode()
    assert "is already used in this school" in page
    assert Student.objects.filter(student_number=city.student_1.student_number).count() == 1


def test_a_head_teacher_cannot_move_a_student_to_another_class_in_the_admin(client, city, people):
    log_in(client, people.head_teacher)
    url = reverse("admin:schools_student_change", args=[city.student_1.pk])
    form = admin_student_form(
        city,
        student_number=city.student_1.student_number,
        name="李明",
        school_class=city.class_2.pk,
    )
    page = client.post(url, form).content.decode()
    assert "Select a valid choice" in page
    assert Student.objects.get(pk=city.student_1.pk).school_class == city.class_1
