import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.db import IntegrityError
from openpyxl import Workbook

from portal.models import Role
from portal.tests.factories import UserFactory, assign
from schools.models import Guardian, Guardianship, Relation, SchoolClass, Student
from schools.services import roster_import
from schools.services.roster_import import (
    import_roster,
    parse_birth_date,
    parse_class_number,
    parse_grade,
    template_header,
)
from schools.tests.factories import DistrictFactory, SchoolFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SAMPLE = Path(__file__).parent / "data" / "roster-sample.xlsx"
HEADER = template_header()


def row(**cells):
    """One good row for 青秀区第一小学 3(1); keyword arguments replace cells."""
    values = {
        "区县": "青秀区",
        "学校": "青秀区第一小学",
        "年级": "三年级",
        "班级": "1班",
        "学号": "Q001",
        "姓名": "张小明",
        "性别": "男",
        "出生日期": "2016-03-14",
        "监护人1姓名": "张建国",
        "监护人1关系": "父亲",
        "监护人1手机": "13800001234",
        "监护人1是否同住": "是",
    }
    values.update(cells)
    return [values.get(column) for column in HEADER]


def workbook(*rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


def snapshot():
    return {
        "students": list(Student.objects.order_by("pk").values()),
        "guardians": list(Guardian.objects.order_by("pk").values()),
        "links": list(Guardianship.objects.order_by("pk").values()),
        "classes": list(SchoolClass.objects.order_by("pk").values()),
    }


@pytest.fixture
def yunhe(db):
    district = DistrictFactory(name="运河区", code="321002")
    school = SchoolFactory(district=district, name="运河区第一实验小学")
    leader = UserFactory(username="yunhe-leader")
    assign(leader, Role.SCHOOL_LEADER, school=school)
    return school, leader


def import_sample(by):
    with SAMPLE.open("rb") as upload:
        return import_roster(by=by, upload=upload)


def messages_of(result):
    return [(error.row, error.column, error.message) for error in result.errors]


def test_the_sample_imports_cleanly(yunhe):
    school, leader = yunhe
    result = import_sample(leader)
    assert result.ok and result.saved
    assert result.counts.students_created == 3
    assert result.counts.classes_created == 1
    assert result.counts.guardians_created == 5
    school_class = SchoolClass.objects.get(school=school)
    assert (school_class.grade, school_class.number) == (3, 2)
    student = Student.objects.get(school=school, student_number="YH2023001")
    assert student.name == "王子涵" and student.gender == "F"
    assert student.birth_date == datetime.date(2016, 3, 14)
    assert student.school_class == school_class and student.district == school.district
    links = list(Guardianship.objects.filter(student=student).select_related("guardian"))
    assert [(g.guardian.name, g.relation, g.lives_with_child, g.position) for g in links] == [
        ("王建国", Relation.FATHER, False, 1),
        ("李秀英", Relation.GRANDMOTHER, True, 2),
    ]
    assert Student.objects.get(student_number="YH2023002").guardians.count() == 1


def test_importing_the_same_sheet_twice_changes_nothing(yunhe):
    _school, leader = yunhe
    import_sample(leader)
    before = snapshot()
    result = import_sample(leader)
    assert result.ok
    assert not result.counts.changed
    assert result.counts.students_unchanged == 3
    assert result.counts.guardianships_unchanged == 5
    assert snapshot() == before


def test_a_changed_row_updates_only_what_changed(city, people):
    import_roster(by=people.school_leader, upload=workbook(row(), row(学号="Q002", 姓名="李四")))
    result = import_roster(
        by=people.school_leader,
        upload=workbook(row(姓名="张晓明", 监护人1是否同住="否"), row(学号="Q002", 姓名="李四")),
    )
    assert result.ok
    counts = result.counts
    assert (counts.students_updated, counts.students_unchanged) == (1, 1)
    assert (counts.guardianships_updated, counts.guardianships_unchanged) == (1, 1)
    student = Student.objects.get(school=city.school, student_number="Q001")
    assert student.name == "张晓明"
    assert student.guardianships.get().lives_with_child is False


def test_moving_a_student_to_another_class_by_sheet(city, people):
    student = StudentFactory(school_class=city.class_1, student_number="Q001", name="张小明")
    result = import_roster(by=people.school_leader, upload=workbook(row(班级="(2)班")))
    assert result.ok and result.counts.students_updated == 1
    student.refresh_from_db()
    assert student.school_class == city.class_2


def test_students_missing_from_the_sheet_are_kept(city, people):
    import_roster(by=people.school_leader, upload=workbook(row()))
    assert Student.objects.filter(pk=city.student_1.pk, is_active=True).exists()
    assert Student.objects.filter(school=city.school).count() == 3


def test_excel_dates_and_numbers_are_read(city, people):
    upload = workbook(
        row(出生日期=datetime.datetime(2016, 3, 14), 学号=20230001, 监护人1手机=13800001234),
        row(学号="Q002", 出生日期=42443),  # an Excel serial: 2016-03-14
        row(学号="Q003", 出生日期="2016/3/14"),
    )
    result = import_roster(by=people.school_leader, upload=upload)
    assert result.ok, messages_of(result)
    numbers = dict(
        Student.objects.filter(school=city.school).values_list("student_number", "birth_date")
    )
    assert numbers["20230001"] == numbers["Q002"] == numbers["Q003"] == datetime.date(2016, 3, 14)
    assert Guardian.objects.filter(phone="13800001234").count() == 1


def test_siblings_share_one_guardian(city, people):
    upload = workbook(row(), row(学号="Q002", 姓名="张小红", 性别="女", 年级="一年级"))
    result = import_roster(by=people.school_leader, upload=upload)
    assert result.ok
    guardian = Guardian.objects.get(name="张建国")
    assert guardian.students.count() == 2
    assert result.counts.guardians_created == 1
    assert result.counts.guardianships_created == 2
    assert SchoolClass.objects.filter(school=city.school, grade=1, number=1).exists()


def test_an_empty_guardian_group_is_skipped_and_empty_rows_too(city, people):
    upload = workbook(
        row(),
        [None] * len(HEADER),
        row(学号="Q002", 监护人2姓名="", 监护人2关系=None),
    )
    result = import_roster(by=people.school_leader, upload=upload)
    assert result.ok and result.counts.students_created == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"姓名": ""}, "姓名", "missing"),
        ({"姓名": "张" * 51}, "姓名", "longer than 50 characters"),
        ({"性别": "男生"}, "性别", "“男生” is not one of 男, 女"),
        ({"出生日期": "2016-02-30"}, "出生日期", "“2016-02-30” is not a real date"),
        ({"出生日期": "去年"}, "出生日期", "is not a date; write it like 2016-03-14"),
        ({"出生日期": "2099-01-01"}, "出生日期", "2099-01-01 is in the future"),
        ({"年级": "三班"}, "年级", "“三班” is not a grade"),
        ({"班级": "二班"}, "班级", "“二班” is not a class"),
        ({"监护人1手机": "1380000123"}, "监护人1手机", "is not an 11-digit mainland mobile"),
        ({"监护人1关系": "舅舅"}, "监护人1关系", "“舅舅” is not one of 父亲, 母亲"),
        ({"监护人1是否同住": "Y"}, "监护人1是否同住", "“Y” is not one of 是, 否"),
        ({"监护人1手机": None}, "监护人1手机", "guardian 1 is only partly filled in"),
        ({"学号": "#N/A"}, "学号", "the cell holds the Excel error #N/A"),
        ({"学号": True}, "学号", "expected text"),
        ({"区县": "东城区"}, "区县", "no district named “东城区”"),
        (
            {"学校": "不存在小学"},
            "学校",
            "no school named “不存在小学” in 青秀区 within your scope",
        ),
        ({"年级": "初一"}, "年级", "青秀区第一小学 does not teach Grade 7"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_saved(city, people, cells, column, message):
    before = snapshot()
    upload = workbook(row(学号="Q000"), row(**cells))
    result = import_roster(by=people.school_leader, upload=upload)
    assert not result.ok and not result.saved
    assert len(result.errors) == 1, messages_of(result)
    error = result.errors[0]
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert snapshot() == before


def test_several_problems_of_one_row_are_all_reported(city, people):
    upload = workbook(
        row(), row(学号="", 性别="?", 出生日期="x"), [None] * 3, row(学号="Q9", 姓名="")
    )
    result = import_roster(by=people.school_leader, upload=upload)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "学号"),
        (3, "性别"),
        (3, "出生日期"),
        (5, "姓名"),
    ]
    assert not Student.objects.filter(student_number="Q001").exists()


def test_a_duplicated_student_number_is_reported(city, people):
    result = import_roster(by=people.school_leader, upload=workbook(row(), row(姓名="别人")))
    assert messages_of(result) == [
        (3, "学号", "student number Q001 of 青秀区第一小学 is already on row 2")
    ]
    assert not Student.objects.filter(student_number="Q001").exists()


def test_a_guardian_listed_twice_is_reported(city, people):
    upload = workbook(
        row(
            监护人2姓名="张建国",
            监护人2关系="父亲",
            监护人2手机="13800001234",
            监护人2是否同住="是",
        )
    )
    result = import_roster(by=people.school_leader, upload=upload)
    assert messages_of(result) == [
        (2, "guardians", "张建国 is listed twice with the same mobile number")
    ]


def test_a_school_leader_cannot_import_into_another_school(city, people):
    upload = workbook(row(区县="西乡塘区", 学校="西乡塘区滨江小学"))
    result = import_roster(by=people.school_leader, upload=upload)
    assert messages_of(result) == [
        (2, "学校", "no school named “西乡塘区滨江小学” in 西乡塘区 within your scope")
    ]
    assert not Student.objects.filter(student_number="Q001").exists()


def test_a_district_officer_imports_into_their_district_only(city, people):
    good = workbook(row())
    assert import_roster(by=people.district_officer, upload=good).saved
    result = import_roster(by=people.other_district_officer, upload=workbook(row(学号="Q2")))
    assert result.errors[0].message.startswith("no school named “青秀区第一小学”")


@pytest.mark.parametrize("persona", ["head_teacher", "teacher", "counsellor", "parent"])
def test_people_who_do_not_keep_a_school_roster_cannot_import(city, people, persona):
    result = import_roster(by=getattr(people, persona), upload=workbook(row()))
    assert result.errors[0].column == "学校"
    assert not Student.objects.filter(student_number="Q001").exists()


def test_a_wrong_header_is_named(city, people):
    header = list(HEADER)
    header[4] = "学生编号"
    result = import_roster(by=people.school_leader, upload=workbook(row(), header=header))
    assert messages_of(result) == [
        (
            1,
            "",
            "The header row does not match the bureau's template: column E should be "
            "“学号” but is “学生编号”.",
        )
    ]


def test_a_header_with_a_third_guardian_is_accepted(city, people):
    header = template_header(3)
    values = row() + ["王奶奶", "祖母", "13900001111", "是"]
    result = import_roster(by=people.school_leader, upload=workbook(values, header=header))
    assert result.ok
    assert Guardianship.objects.get(guardian__name="王奶奶").position == 3


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (BytesIO(b"name,phone\n"), "The file is not an Excel workbook (.xlsx)"),
        (BytesIO(b""), "The file is not an Excel workbook (.xlsx)"),
        (None, "The sheet is empty"),
        ("header-only", "The sheet has a header but no students below it."),
    ],
)
def test_bad_files_get_a_clear_message(city, people, upload, message):
    if upload is None:
        upload = workbook(header=None)
    elif upload == "header-only":
        upload = workbook()
    result = import_roster(by=people.school_leader, upload=upload)
    assert len(result.errors) == 1
    assert result.errors[0].message.startswith(message)


def test_a_workbook_with_two_filled_sheets_is_refused(city, people):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(row())
    book.create_sheet("另一个").append(["说明"])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = import_roster(by=people.school_leader, upload=buffer)
    assert "The workbook has 2 sheets with data" in result.errors[0].message


def test_a_huge_sheet_is_refused_with_a_clear_message(city, people, monkeypatch):
    monkeypatch.setattr(roster_import, "MAX_ROWS", 3)
    upload = workbook(*[row(学号=f"Q{n}") for n in range(4)])
    result = import_roster(by=people.school_leader, upload=upload)
    assert "more than 3 students; split it" in result.errors[0].message
    assert not Student.objects.filter(student_number="Q1").exists()


def test_a_formula_without_a_value_is_reported_not_crashed(city, people):
    result = import_roster(by=people.school_leader, upload=workbook(row(姓名="=A1&B1")))
    # openpyxl stores no computed value, so the cell reads as empty.
    assert messages_of(result) == [(2, "姓名", "missing")]


def test_check_only_saves_nothing_but_counts(city, people):
    before = snapshot()
    result = import_roster(by=people.school_leader, upload=workbook(row()), dry_run=True)
    assert result.ok and not result.saved
    assert result.counts.students_created == 1
    assert snapshot() == before


@pytest.mark.parametrize(
    ("written", "grade"),
    [
        ("三年级", 3),
        ("3年级", 3),
        ("初一", 7),
        ("七年级", 7),
        ("高三", 12),
        ("小班", -2),
        ("大班", 0),
        ("中班", -1),
        (" 六年级 ", 6),
        (4, 4),
    ],
)
def test_grades_as_schools_write_them(written, grade):
    assert parse_grade(written) == grade


@pytest.mark.parametrize(
    ("written", "number"), [("2班", 2), ("(2)班", 2), ("（12）班", 12), ("2", 2), (3, 3)]
)
def test_classes_as_schools_write_them(written, number):
    assert parse_class_number(written) == number


def test_dates_as_schools_write_them():
    today = datetime.date(2026, 5, 1)
    for written in ("2016-03-14", "2016/3/14", "2016.03.14", "2016年3月14日", "20160314", 42443):
        assert parse_birth_date(written, today=today) == datetime.date(2016, 3, 14)


def test_a_workbook_that_unpacks_too_large_is_refused_unread(city, people, monkeypatch):
    monkeypatch.setattr(roster_import.sheet, "MAX_UNPACKED_BYTES", 100)
    result = import_roster(by=people.school_leader, upload=workbook(row()))
    assert result.errors[0].message.startswith("The workbook is too large to read")


def test_a_clash_with_a_simultaneous_import_is_reported(city, people, monkeypatch):
    def clash(rows):
        raise IntegrityError("student_number_unique_in_school")

    monkeypatch.setattr(roster_import, "apply_rows", clash)
    result = import_roster(by=people.school_leader, upload=workbook(row()))
    assert not result.saved
    assert "changed by someone else at the same moment" in result.errors[0].message
