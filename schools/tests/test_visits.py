"""The home-visit service: every rule of logging, sharing and editing a
visit. What a flagged concern becomes (an alert for the school's
counsellors) is tested with the alerts, in programs/tests/test_alerts.py."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Notification
from schools.models import HomeVisit, PersonMet, Semester, VisitedStudent, VisitForm, VisitTopic
from schools.selectors import visits as selectors
from schools.services import visits as services
from schools.services.errors import SchoolsError
from schools.services.semesters import current_semester, semester_on
from schools.tests.factories import GuardianFactory, GuardianshipFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


def log(author, students, **overrides):
    arguments = {
        "visited_on": TODAY(),
        "form": VisitForm.AT_HOME,
        "people_met": [PersonMet.PARENT],
        "topics": [VisitTopic.STUDY, VisitTopic.SAFETY],
        "summary": "学习习惯良好，叮嘱暑期防溺水。",
        **overrides,
    }
    return services.log_visit(author=author, students=students, **arguments)


def edit(visit, user, **overrides):
    arguments = {
        "visited_on": visit.visited_on,
        "form": visit.form,
        "people_met": visit.people_met,
        "topics": visit.topics,
        "summary": visit.summary,
        "concerns": visit.concerns,
        "follow_up_on": visit.follow_up_on,
        "flag_for_counsellor": visit.flagged_for_counsellor,
        **overrides,
    }
    return services.update_visit(visit=visit, user=user, **arguments)


def siblings(city):
    mother = GuardianFactory(name="李母")
    GuardianshipFactory(student=city.student_1, guardian=mother)
    sister = StudentFactory(school_class=city.class_1, name="李红")
    GuardianshipFactory(student=sister, guardian=mother)
    return sister


def test_head_teacher_logs_a_visit_for_a_student_of_their_class(people, city):
    visit = log(people.head_teacher, [city.student_1], concerns="", follow_up_on=None)

    visit.refresh_from_db()
    assert visit.author == people.head_teacher
    assert (visit.school, visit.district) == (city.school, city.qingxiu)
    assert visit.semester == current_semester()
    assert list(visit.teachers.all()) == [people.head_teacher]
    row = VisitedStudent.objects.get(visit=visit)
    assert (row.student, row.semester, row.school) == (city.student_1, visit.semester, city.school)
    assert visit.topics == [VisitTopic.STUDY, VisitTopic.SAFETY]


def test_the_semester_is_the_one_the_date_falls_in(people, city):
    last_spring = semester_on(TODAY() - datetime.timedelta(days=120))
    visit = log(people.head_teacher, [city.student_1], visited_on=last_spring.starts_on)
    assert visit.semester == last_spring
    assert VisitedStudent.objects.get(visit=visit).semester == last_spring
    assert Semester.objects.filter(pk=last_spring.pk).exists()


def test_a_date_in_the_future_is_refused_and_nothing_saved(people, city):
    with pytest.raises(SchoolsError, match="cannot be in the future") as error:
        log(people.head_teacher, [city.student_1], visited_on=TODAY() + datetime.timedelta(days=1))
    assert error.value.field == "visited_on"
    assert not HomeVisit.objects.exists() and not VisitedStudent.objects.exists()


def test_a_follow_up_before_the_visit_is_refused(people, city):
    with pytest.raises(SchoolsError, match="follow-up date cannot be before") as error:
        log(
            people.head_teacher,
            [city.student_1],
            follow_up_on=TODAY() - datetime.timedelta(days=1),
        )
    assert error.value.field == "follow_up_on"
    assert not HomeVisit.objects.exists()


def test_a_follow_up_on_the_day_of_the_visit_is_fine(people, city):
    visit = log(people.head_teacher, [city.student_1], follow_up_on=TODAY())
    assert visit.follow_up_on == TODAY()


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"summary": "  "}, "Write a short summary", "summary"),
        ({"topics": []}, "at least one topic", "topics"),
        ({"topics": ["gossip"]}, "at least one topic", "topics"),
        ({"people_met": []}, "Choose who was met", "people_met"),
        ({"form": "letter"}, "how the visit took place", "form"),
        (
            {"flag_for_counsellor": True, "concerns": ""},
            "Describe the concern before flagging",
            "concerns",
        ),
    ],
)
def test_incomplete_visits_are_refused_with_a_clear_message(
    people, city, overrides, message, field
):
    with pytest.raises(SchoolsError, match=message) as error:
        log(people.head_teacher, [city.student_1], **overrides)
    assert error.value.field == field
    assert not HomeVisit.objects.exists()


def test_teacher_of_another_class_cannot_log_a_visit_for_class_1(people, city):
    with pytest.raises(services.VisitOutOfScope):
        log(people.teacher, [city.student_1])
    with pytest.raises(services.VisitOutOfScope):
        log(people.other_school_teacher, [city.student_1])
    assert not HomeVisit.objects.exists() and not VisitedStudent.objects.exists()


def test_one_student_out_of_scope_refuses_the_whole_visit(people, city):
    with pytest.raises(services.VisitOutOfScope):
        log(people.head_teacher, [city.student_1, city.student_2])
    assert not HomeVisit.objects.exists() and not VisitedStudent.objects.exists()


def test_a_visit_needs_a_student(people):
    with pytest.raises(SchoolsError, match="Choose the student"):
        log(people.head_teacher, [])


def test_a_mentor_logs_a_visit_for_a_mentee_of_another_class(people, city):
    city.student_2.mentor = people.head_teacher
    city.student_2.save()
    visit = log(people.head_teacher, [city.student_2])
    assert visit.school == city.school


def test_one_visit_covers_siblings(people, city):
    sister = siblings(city)
    offered = list(selectors.siblings_of(people.head_teacher, city.student_1))
    assert offered == [sister]

    visit = log(people.head_teacher, [city.student_1, sister])

    assert set(VisitedStudent.objects.filter(visit=visit).values_list("student", flat=True)) == {
        city.student_1.pk,
        sister.pk,
    }


def test_siblings_the_teacher_cannot_see_are_not_offered(people, city):
    mother = GuardianFactory()
    GuardianshipFactory(student=city.student_1, guardian=mother)
    GuardianshipFactory(student=city.student_2, guardian=mother)
    assert list(selectors.siblings_of(people.head_teacher, city.student_1)) == []
    assert list(selectors.siblings_of(people.school_leader, city.student_1)) == [city.student_2]


def test_a_sibling_at_another_school_counts_for_that_school(people, city):
    mother = GuardianFactory()
    GuardianshipFactory(student=city.student_1, guardian=mother)
    GuardianshipFactory(student=city.other_student, guardian=mother)
    visit = log(people.city_officer, [city.student_1, city.other_student])
    assert visit.school == city.school
    rows = dict(VisitedStudent.objects.values_list("student_id", "school_id"))
    assert rows == {city.student_1.pk: city.school.pk, city.other_student.pk: city.other_school.pk}


def test_colleagues_share_a_visit_and_are_told_once(people, city):
    visit = log(people.head_teacher, [city.student_1], co_teachers=[people.teacher])

    assert set(visit.teachers.all()) == {people.head_teacher, people.teacher}
    shared = Notification.objects.filter(kind="schools.visit_shared")
    assert [(n.recipient, n.subject_key) for n in shared] == [(people.teacher, f"visit:{visit.pk}")]
    assert f"/schools/visits/{visit.pk}/" == shared.get().url

    edit(
        visit,
        people.head_teacher,
        summary="补充：家长同意每周沟通一次。",
        co_teachers=[people.teacher],
    )
    assert Notification.objects.filter(kind="schools.visit_shared").count() == 1


def test_colleagues_must_be_staff_of_the_school(people, city):
    with pytest.raises(SchoolsError, match="staff of the student's school") as error:
        log(people.head_teacher, [city.student_1], co_teachers=[people.other_school_teacher])
    assert error.value.field == "co_teachers"
    with pytest.raises(SchoolsError):
        log(people.head_teacher, [city.student_1], co_teachers=[people.parent])
    assert not HomeVisit.objects.exists()


def test_colleagues_offered_are_the_schools_staff(people, city):
    staff = set(services.staff_of_school(city.school.pk))
    assert {people.head_teacher, people.teacher, people.school_leader, people.counsellor} <= staff
    assert people.other_school_teacher not in staff and people.parent not in staff


def test_the_author_edits_within_seven_days(people, city):
    visit = log(people.head_teacher, [city.student_1])
    HomeVisit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=6, hours=23)
    )
    edit(visit, people.head_teacher, summary="改过的记录", form=VisitForm.PHONE)
    visit.refresh_from_db()
    assert (visit.summary, visit.form) == ("改过的记录", VisitForm.PHONE)


def test_editing_after_seven_days_is_refused(people, city):
    visit = log(people.head_teacher, [city.student_1])
    HomeVisit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    visit.refresh_from_db()
    assert not services.is_editable_by(visit, people.head_teacher)
    with pytest.raises(SchoolsError, match="more than 7 days ago"):
        edit(visit, people.head_teacher, summary="太晚了")
    visit.refresh_from_db()
    assert visit.summary != "太晚了"


def test_only_the_author_edits(people, city):
    visit = log(people.head_teacher, [city.student_1], co_teachers=[people.teacher])
    for other in (people.teacher, people.school_leader):
        assert not services.is_editable_by(visit, other)
        with pytest.raises(SchoolsError, match="Only the teacher who logged this visit"):
            edit(visit, other, summary="别人改的")
    visit.refresh_from_db()
    assert visit.summary != "别人改的"


def test_an_edit_with_a_bad_date_saves_nothing(people, city):
    visit = log(people.head_teacher, [city.student_1])
    with pytest.raises(SchoolsError, match="future"):
        edit(visit, people.head_teacher, visited_on=TODAY() + datetime.timedelta(days=3))
    visit.refresh_from_db()
    assert visit.visited_on == TODAY()


def test_moving_the_date_moves_the_visited_students_to_that_semester(people, city):
    visit = log(people.head_teacher, [city.student_1])
    earlier = TODAY() - datetime.timedelta(days=200)
    edit(visit, people.head_teacher, visited_on=earlier)
    assert VisitedStudent.objects.get(visit=visit).semester == semester_on(earlier)


def test_the_author_adds_a_sibling_later_and_may_remove_one(people, city):
    sister = siblings(city)
    visit = log(people.head_teacher, [city.student_1])
    edit(visit, people.head_teacher, students=[city.student_1, sister])
    assert VisitedStudent.objects.filter(visit=visit).count() == 2
    edit(visit, people.head_teacher, students=[city.student_1])
    assert list(VisitedStudent.objects.filter(visit=visit).values_list("student", flat=True)) == [
        city.student_1.pk
    ]


def test_my_students_are_my_classes_and_mentees_unvisited_first(people, city):
    mentee = city.student_2
    mentee.mentor = people.head_teacher
    mentee.save()
    second = StudentFactory(school_class=city.class_1, name="陈静", student_number="0002")
    city.student_1.student_number = "0001"
    city.student_1.save()
    StudentFactory(school_class=city.class_1, name="离校生", is_active=False)
    log(people.head_teacher, [city.student_1])

    semester = current_semester()
    rows = list(selectors.my_students(people.head_teacher, semester))
    assert [(s.name, s.visited) for s in rows] == [
        ("陈静", False),
        ("王芳", False),
        ("李明", True),
    ]
    assert rows[2].last_visited_on == TODAY()
    unvisited = selectors.my_students(people.head_teacher, semester, unvisited_only=True)
    assert {s.pk for s in unvisited} == {second.pk, mentee.pk}


def test_a_visit_last_semester_does_not_count_this_semester(people, city):
    log(people.head_teacher, [city.student_1], visited_on=TODAY() - datetime.timedelta(days=200))
    rows = list(selectors.my_students(people.head_teacher, current_semester()))
    assert [s.visited for s in rows] == [False]


def test_visits_in_scope_follow_the_access_rule(people, city):
    visit = log(people.head_teacher, [city.student_1], co_teachers=[people.teacher])
    for person in (
        people.head_teacher,
        people.teacher,
        people.school_leader,
        people.counsellor,
        people.district_officer,
        people.city_officer,
    ):
        assert list(selectors.visits_in_scope(person)) == [visit], person
    for person in (people.other_school_teacher, people.other_district_officer, people.parent):
        assert list(selectors.visits_in_scope(person)) == [], person
