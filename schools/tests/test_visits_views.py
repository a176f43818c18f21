"""The teacher's pages: my students, logging a visit on a phone, reading
and editing it; scope and query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.tests.factories import FamilyLinkFactory
from portal.tests.helpers import log_in
from schools.models import HomeVisit, PersonMet, VisitedStudent, VisitTopic
from schools.services import visits as services
from schools.tests.factories import (
    GuardianFactory,
    GuardianshipFactory,
    SchoolClassFactory,
    StudentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def new_url(student):
    return f"{reverse('schools:visit-new')}?student={student.pk}"


def payload(**overrides):
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "form": "home",
        "people_met": ["parent"],
        "topics": ["study", "safety"],
        "summary": "家长重视孩子学习，交流了防溺水安全。",
        "concerns": "",
        "follow_up_on": "",
    }
    data.update(overrides)
    return data


def logged(author, *students, **extra):
    return services.log_visit(
        author=author,
        students=list(students),
        visited_on=timezone.localdate(),
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="家访记录",
        **extra,
    )


def test_my_students_marks_who_is_not_visited_and_filters(client, people, city):
    StudentFactory(school_class=city.class_1, name="陈静")
    city.student_2.mentor = people.head_teacher
    city.student_2.save()
    logged(people.head_teacher, city.student_1)
    log_in(client, people.head_teacher)

    page = client.get(reverse("schools:my-students")).content.decode()
    assert "2 of 3 students not visited yet" in page
    assert page.index("陈静") < page.index("李明") and page.index("王芳") < page.index("李明")
    assert "Mentee" in page and "赵强" not in page
    assert new_url(city.student_1) in page

    page = client.get(reverse("schools:my-students") + "?show=unvisited").content.decode()
    assert "陈静" in page and "王芳" in page and "李明" not in page


def test_the_visit_form_offers_defaults_siblings_and_colleagues(client, people, city):
    mother = GuardianFactory(name="李母")
    GuardianshipFactory(student=city.student_1, guardian=mother)
    sister = StudentFactory(school_class=city.class_1, name="李红")
    GuardianshipFactory(student=sister, guardian=mother)
    log_in(client, people.head_teacher)

    response = client.get(new_url(city.student_1))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert 'value="home"' in page and "checked" in page
    assert "李红" in page and "李母" in page
    assert people.teacher.name in page and people.counsellor.name in page
    assert people.other_school_teacher.name not in page


def test_head_teacher_logs_a_visit_covering_siblings_with_a_colleague(client, people, city):
    mother = GuardianFactory()
    GuardianshipFactory(student=city.student_1, guardian=mother)
    sister = StudentFactory(school_class=city.class_1, name="李红")
    GuardianshipFactory(student=sister, guardian=mother)
    log_in(client, people.head_teacher)

    response = client.post(
        new_url(city.student_1),
        payload(siblings=[sister.pk], co_teachers=[people.teacher.pk]),
    )

    visit = HomeVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:visit-detail", args=[visit.pk])
    assert set(VisitedStudent.objects.values_list("student", flat=True)) == {
        city.student_1.pk,
        sister.pk,
    }
    assert set(visit.teachers.all()) == {people.head_teacher, people.teacher}
    page = client.get(response["Location"]).content.decode()
    assert "Home visit logged" in page and "李红" in page and "Edit" in page


def test_a_future_date_is_shown_next_to_the_field_and_nothing_saved(client, people, city):
    log_in(client, people.head_teacher)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(new_url(city.student_1), payload(visited_on=tomorrow))
    assert response.status_code == 200
    assert response.context["form"].errors["visited_on"] == [
        "The date of a visit cannot be in the future."
    ]
    assert not HomeVisit.objects.exists()


def test_flagging_without_concerns_is_explained(client, people, city):
    log_in(client, people.head_teacher)
    response = client.post(new_url(city.student_1), payload(flag_for_counsellor="on"))
    assert "Describe the concern before flagging" in response.content.decode()
    assert not HomeVisit.objects.exists()


@pytest.mark.parametrize("persona", ["teacher", "other_school_teacher", "parent", "stranger"])
def test_teacher_of_another_class_cannot_log_a_visit_for_class_1(client, people, city, persona):
    log_in(client, getattr(people, persona))
    assert client.get(new_url(city.student_1)).status_code == 404
    assert client.post(new_url(city.student_1), payload()).status_code == 404
    assert not HomeVisit.objects.exists()


def test_a_sibling_out_of_scope_in_the_post_saves_nothing(client, people, city):
    log_in(client, people.head_teacher)
    response = client.post(new_url(city.student_1), payload(siblings=[city.student_2.pk]))
    assert response.status_code == 200
    assert "siblings" in response.context["form"].errors
    assert not HomeVisit.objects.exists()


def test_visit_without_a_student_is_404(client, people):
    log_in(client, people.head_teacher)
    assert client.get(reverse("schools:visit-new")).status_code == 404
    assert client.get(reverse("schools:visit-new") + "?student=abc").status_code == 404


def test_colleague_on_the_visit_reads_it_but_cannot_edit(client, people, city):
    visit = logged(people.head_teacher, city.student_1, co_teachers=[people.teacher])
    log_in(client, people.teacher)
    page = client.get(reverse("schools:visit-detail", args=[visit.pk])).content.decode()
    assert "Read-only: only 黄老师, who logged this visit, can change it." in page
    assert reverse("schools:visit-edit", args=[visit.pk]) not in page
    response = client.post(
        reverse("schools:visit-edit", args=[visit.pk]), payload(summary="别人改的")
    )
    assert response.status_code == 403
    assert "Only the teacher who logged this visit can change it." in response.content.decode()
    visit.refresh_from_db()
    assert visit.summary == "家访记录"


@pytest.mark.parametrize("persona", ["school_leader", "counsellor", "district_officer"])
def test_school_and_district_read_visits_read_only(client, people, city, persona):
    visit = logged(people.head_teacher, city.student_1)
    log_in(client, getattr(people, persona))
    response = client.get(reverse("schools:visit-detail", args=[visit.pk]))
    assert response.status_code == 200
    assert reverse("schools:visit-edit", args=[visit.pk]) not in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["other_school_teacher", "other_district_officer", "parent", "stranger"]
)
def test_outsiders_get_404_for_a_visit(client, people, city, persona):
    visit = logged(people.head_teacher, city.student_1)
    log_in(client, getattr(people, persona))
    assert client.get(reverse("schools:visit-detail", args=[visit.pk])).status_code == 404
    assert client.get(reverse("schools:visit-edit", args=[visit.pk])).status_code == 404


def test_author_edits_within_the_window(client, people, city):
    visit = logged(people.head_teacher, city.student_1)
    log_in(client, people.head_teacher)
    url = reverse("schools:visit-edit", args=[visit.pk])
    page = client.get(url).content.decode()
    assert "家访记录" in page
    response = client.post(url, payload(summary="补记：约定下周电话回访。", form="phone"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.summary, visit.form) == ("补记：约定下周电话回访。", "phone")


def test_after_seven_days_the_visit_is_read_only_with_a_clear_message(client, people, city):
    visit = logged(people.head_teacher, city.student_1)
    HomeVisit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    log_in(client, people.head_teacher)
    page = client.get(reverse("schools:visit-detail", args=[visit.pk])).content.decode()
    assert "logged more than 7 days ago and is now read-only" in page
    assert reverse("schools:visit-edit", args=[visit.pk]) not in page
    response = client.post(
        reverse("schools:visit-edit", args=[visit.pk]), payload(summary="太晚了"), follow=True
    )
    assert "can no longer be changed" in response.content.decode()
    visit.refresh_from_db()
    assert visit.summary == "家访记录"


def test_my_visits_lists_the_visits_i_am_on(client, people, city):
    logged(people.head_teacher, city.student_1, co_teachers=[people.teacher])
    log_in(client, people.teacher)
    page = client.get(reverse("schools:visit-list")).content.decode()
    assert "李明" in page


@pytest.mark.parametrize("count", [10, 100])
def test_my_students_issues_a_constant_number_of_queries(
    client, people, city, count, django_assert_num_queries
):
    StudentFactory.create_batch(count - 1, school_class=city.class_1)
    other_class = SchoolClassFactory(school=city.school, grade=5, number=1)
    for student in StudentFactory.create_batch(count // 2, school_class=other_class):
        student.mentor = people.head_teacher
        student.save()
    logged(people.head_teacher, city.student_1)
    log_in(client, people.head_teacher)
    client.get(reverse("schools:my-students"))
    with django_assert_num_queries(6):
        response = client.get(reverse("schools:my-students"))
    assert len(response.context["students"]) == count + count // 2


@pytest.mark.parametrize("persona", ["parent", "head_teacher"])
def test_nobody_logs_a_home_visit_to_their_own_family(client, people, city, persona):
    """A parent sees their child's record, and a head teacher may be the
    parent of a pupil in the class, but neither logs a visit to their own
    family: the form is not theirs and nothing is saved."""
    FamilyLinkFactory(user=getattr(people, persona), student=city.student_1)
    log_in(client, getattr(people, persona))
    url = f"{reverse('schools:visit-new')}?student={city.student_1.pk}"

    assert client.get(url).status_code == 404
    assert client.post(url, payload()).status_code == 404
    assert not HomeVisit.objects.exists()
