import pytest

from schools.models import Student
from schools.selectors.roster import mentor_candidates, unmentored_students
from schools.services import mentors
from schools.services.errors import RosterError
from schools.tests.factories import StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("persona", ["teacher", "head_teacher", "counsellor", "school_leader"])
def test_any_staff_member_of_the_school_may_mentor(city, people, persona):
    mentor = getattr(people, persona)
    mentors.assign_mentor(by=people.school_leader, student=city.student_1, mentor=mentor)
    assert Student.objects.get(pk=city.student_1.pk).mentor == mentor


@pytest.mark.parametrize(
    "persona", ["other_school_teacher", "district_officer", "parent", "stranger", "case_worker"]
)
def test_people_not_on_the_schools_staff_cannot_mentor(city, people, persona):
    with pytest.raises(RosterError, match="is not on the staff of 青秀区第一小学"):
        mentors.assign_mentor(
            by=people.school_leader, student=city.student_1, mentor=getattr(people, persona)
        )
    assert Student.objects.get(pk=city.student_1.pk).mentor is None


def test_an_inactive_account_cannot_mentor(city, people):
    people.teacher.is_active = False
    people.teacher.save()
    with pytest.raises(RosterError):
        mentors.assign_mentor(
            by=people.school_leader, student=city.student_1, mentor=people.teacher
        )


def test_only_those_who_may_change_the_student_assign(city, people):
    # A head teacher keeps their own class; a teacher only reads theirs.
    mentors.assign_mentor(by=people.head_teacher, student=city.student_1, mentor=people.teacher)
    with pytest.raises(RosterError, match="You may not change this student"):
        mentors.assign_mentor(by=people.teacher, student=city.student_2, mentor=people.teacher)
    with pytest.raises(RosterError):
        mentors.assign_mentor(
            by=people.other_district_officer, student=city.student_1, mentor=people.counsellor
        )
    assert Student.objects.get(pk=city.student_2.pk).mentor is None


def test_a_mentor_can_be_removed(city, people):
    mentors.assign_mentor(by=people.school_leader, student=city.student_1, mentor=people.teacher)
    mentors.assign_mentor(by=people.school_leader, student=city.student_1, mentor=None)
    assert Student.objects.get(pk=city.student_1.pk).mentor is None


def test_a_mentor_sees_their_mentees(city, people):
    from portal import access

    mentors.assign_mentor(by=people.school_leader, student=city.student_1, mentor=people.teacher)
    access.forget_scope(people.teacher)
    assert set(access.visible(people.teacher, Student)) == {city.student_1, city.student_2}


def test_a_whole_class_gets_one_mentor_leaving_mentored_students_alone(city, people):
    mentored = StudentFactory(school_class=city.class_1, mentor=people.counsellor)
    unmentored = StudentFactory(school_class=city.class_1)
    changed = mentors.assign_mentor_to_class(
        by=people.head_teacher, school_class=city.class_1, mentor=people.head_teacher
    )
    assert changed == 2
    assert Student.objects.get(pk=mentored.pk).mentor == people.counsellor
    assert Student.objects.get(pk=unmentored.pk).mentor == people.head_teacher
    assert not unmentored_students(people.head_teacher).exists()


def test_a_whole_class_can_be_reassigned(city, people):
    StudentFactory(school_class=city.class_1, mentor=people.counsellor)
    changed = mentors.assign_mentor_to_class(
        by=people.school_leader,
        school_class=city.class_1,
        mentor=people.teacher,
        only_unmentored=False,
    )
    assert changed == 2
    assert set(
        Student.objects.filter(school_class=city.class_1).values_list("mentor", flat=True)
    ) == {people.teacher.pk}


def test_a_class_out_of_reach_is_refused(city, people):
    with pytest.raises(RosterError):
        mentors.assign_mentor_to_class(
            by=people.head_teacher, school_class=city.class_2, mentor=people.head_teacher
        )
    assert Student.objects.get(pk=city.student_2.pk).mentor is None


def test_students_of_two_schools_cannot_share_a_mentor(city, people):
    with pytest.raises(RosterError, match="Choose students of one school"):
        mentors.assign_mentor_to_students(
            by=people.city_officer,
            students=[city.student_1, city.other_student],
            mentor=people.teacher,
        )
    assert not Student.objects.filter(mentor__isnull=False).exists()


def test_bulk_assignment_refuses_students_out_of_scope(city, people):
    with pytest.raises(RosterError, match="You may not change some"):
        mentors.assign_mentor_to_students(
            by=people.head_teacher,
            students=[city.student_1, city.student_2],
            mentor=people.head_teacher,
        )
    assert not Student.objects.filter(mentor__isnull=False).exists()


def test_mentor_candidates_are_the_schools_staff(city, people):
    candidates = set(mentor_candidates(school_ids=[city.school.pk]))
    assert candidates == {
        people.school_leader,
        people.head_teacher,
        people.teacher,
        people.counsellor,
    }


def test_every_student_has_a_mentor_once_each_class_has_one(city, people):
    assert unmentored_students(people.school_leader).count() == 2
    for school_class in (city.class_1, city.class_2):
        mentors.assign_mentor_to_class(
            by=people.school_leader, school_class=school_class, mentor=people.counsellor
        )
    assert unmentored_students(people.school_leader).count() == 0
