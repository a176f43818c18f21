import datetime

import pytest

from portal.models import Role
from portal.tests.factories import UserFactory, assign
from schools.models import Guardian, Guardianship, Relation, Student
from schools.selectors.roster import importable_schools, roster_classes, unmentored_students
from schools.services import roster
from schools.services.errors import RosterError
from schools.services.roster import GuardianInput
from schools.tests.factories import GuardianshipFactory, SchoolClassFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def new_student(by, school_class, number="N001"):
    return roster.create_student(
        by=by,
        school_class=school_class,
        student_number=number,
        name=" 周小雨 ",
        gender="F",
        birth_date=datetime.date(2016, 5, 1),
    )


def test_a_new_student_takes_school_and_district_from_the_class(city, people):
    student = new_student(people.school_leader, city.class_2)
    assert student.school == city.school and student.district == city.qingxiu
    assert student.name == "周小雨"


def test_a_head_teacher_adds_students_to_their_class_only(city, people):
    assert new_student(people.head_teacher, city.class_1).school_class == city.class_1
    with pytest.raises(RosterError, match="You may not put students into"):
        new_student(people.head_teacher, city.class_2, number="N002")


def test_a_teacher_cannot_add_students(city, people):
    with pytest.raises(RosterError):
        new_student(people.teacher, city.class_2)
    assert not Student.objects.filter(student_number="N001").exists()


def test_a_student_number_is_unique_in_its_school(city, people):
    with pytest.raises(RosterError, match=f"{city.student_1.student_number} is already used"):
        new_student(people.school_leader, city.class_2, number=city.student_1.student_number)
    # Another school may use the same number.
    other = new_student(
        people.other_district_officer, city.other_class, number=city.student_1.student_number
    )
    assert other.school == city.other_school


def test_a_birth_date_in_the_future_is_refused(city, people):
    with pytest.raises(RosterError, match="in the future"):
        roster.create_student(
            by=people.school_leader,
            school_class=city.class_1,
            student_number="N9",
            name="未来",
            gender="M",
            birth_date=datetime.date.today() + datetime.timedelta(days=1),
        )


def test_update_student_keeps_the_roster_rules(city, people):
    student = roster.update_student(by=people.head_teacher, student=city.student_1, name="李明明")
    assert Student.objects.get(pk=student.pk).name == "李明明"
    with pytest.raises(RosterError, match="You may not"):
        roster.update_student(by=people.head_teacher, student=city.student_2, name="X")
    with pytest.raises(TypeError):
        roster.update_student(by=people.school_leader, student=city.student_1, school_id=1)


def test_moving_a_student_to_another_class(city, people):
    student = roster.move_student(
        by=people.school_leader, student=city.student_1, school_class=city.class_2
    )
    assert Student.objects.get(pk=student.pk).school_class == city.class_2


def test_moving_to_another_school_follows_the_class_and_ends_the_mentorship(city, people):
    student = city.student_1
    student.mentor = people.teacher
    student.save()
    roster.move_student(by=people.city_officer, student=student, school_class=city.other_class)
    student.refresh_from_db()
    assert (student.school, student.district) == (city.other_school, city.xixiangtang)
    assert student.mentor is None


def test_a_school_leader_cannot_move_a_student_out_of_their_school(city, people):
    with pytest.raises(RosterError):
        roster.move_student(
            by=people.school_leader, student=city.student_1, school_class=city.other_class
        )
    assert Student.objects.get(pk=city.student_1.pk).school_class == city.class_1


def test_set_guardians_links_in_order_and_unlinks_the_rest(city, people):
    old = GuardianshipFactory(student=city.student_1, guardian__name="旧监护人")
    links = roster.set_guardians(
        by=people.head_teacher,
        student=city.student_1,
        guardians=[
            GuardianInput("李父", "138 0000 1234", Relation.FATHER, lives_with_child=False),
            GuardianInput("李奶奶", "+8613900001111", Relation.GRANDMOTHER),
        ],
    )
    assert [(link.guardian.phone, link.position) for link in links] == [
        ("13800001234", 1),
        ("13900001111", 2),
    ]
    assert not Guardianship.objects.filter(pk=old.pk).exists()
    assert Guardian.objects.filter(pk=old.guardian_id).exists()


def test_set_guardians_reuses_a_siblings_guardian(city, people):
    given = [GuardianInput("王母", "13800002222", Relation.MOTHER)]
    roster.set_guardians(by=people.school_leader, student=city.student_1, guardians=given)
    roster.set_guardians(by=people.school_leader, student=city.student_2, guardians=given)
    assert Guardian.objects.filter(name="王母").count() == 1
    assert Guardian.objects.get(name="王母").students.count() == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ([GuardianInput("王母", "12345", Relation.MOTHER)], "not an 11-digit mainland mobile"),
        ([GuardianInput(" ", "13800002222", Relation.MOTHER)], "has no name"),
        ([GuardianInput("王母", "13800002222", "aunt")], "unknown relation"),
        (
            [
                GuardianInput("王母", "13800002222", Relation.MOTHER),
                GuardianInput("王母", "13800002222", Relation.OTHER),
            ],
            "listed twice",
        ),
    ],
)
def test_set_guardians_refuses_bad_input_and_saves_nothing(city, people, given, message):
    with pytest.raises(RosterError, match=message):
        roster.set_guardians(by=people.school_leader, student=city.student_1, guardians=given)
    assert not Guardian.objects.exists()


def test_set_guardians_out_of_scope_is_refused(city, people):
    with pytest.raises(RosterError):
        roster.set_guardians(by=people.teacher, student=city.student_2, guardians=[])


def test_import_scope_by_persona(city, people):
    assert list(importable_schools(people.school_leader)) == [city.school]
    assert set(importable_schools(people.district_officer)) == {city.school}
    assert set(importable_schools(people.city_officer)) == {city.school, city.other_school}
    for persona in ("head_teacher", "teacher", "counsellor", "parent", "stranger"):
        assert not importable_schools(getattr(people, persona)).exists()


def test_roster_classes_by_persona(city, people):
    assert list(roster_classes(people.head_teacher)) == [city.class_1]
    assert set(roster_classes(people.school_leader)) == {city.class_1, city.class_2}
    assert not roster_classes(people.teacher).exists()


def test_unmentored_students_are_listed(city, people):
    StudentFactory(school_class=city.class_1, mentor=people.head_teacher)
    StudentFactory(school_class=city.class_1, is_active=False)
    names = {s.name for s in unmentored_students(people.school_leader)}
    assert names == {"李明", "王芳"}


def test_a_school_leader_of_two_schools_imports_into_both(city, people):
    second = SchoolClassFactory(school__district=city.qingxiu).school
    leader = UserFactory()
    assign(leader, Role.SCHOOL_LEADER, school=city.school)
    assign(leader, Role.SCHOOL_LEADER, school=second)
    assert set(importable_schools(leader)) == {city.school, second}
