"""Home visits in the back office: scoped, searchable, read-only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import HomeVisit, PersonMet, VisitTopic
from schools.services import visits as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def staff_client(client, person):
    client.force_login(person)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


def logged(author, student):
    return services.log_visit(
        author=author,
        students=[student],
        visited_on=timezone.localdate(),
        people_met=[PersonMet.PARENT, PersonMet.GRANDPARENT],
        topics=[VisitTopic.SAFETY],
        summary="防溺水安全教育",
    )


def test_school_leader_reads_the_schools_visits_only(client, people, city):
    ours = logged(people.head_teacher, city.student_1)
    theirs = logged(people.other_school_teacher, city.other_student)
    client = staff_client(client, people.school_leader)
    page = client.get(reverse("admin:schools_homevisit_changelist")).content.decode()
    assert "李明" in page and "赵强" not in page
    page = client.get(reverse("admin:schools_homevisit_change", args=[ours.pk])).content.decode()
    assert "Grandparent" in page and "Safety, incl. drowning prevention" in page
    assert (
        client.get(reverse("admin:schools_homevisit_change", args=[theirs.pk])).status_code == 404
    )


def test_visits_are_read_only_in_the_back_office(client, people, city):
    visit = logged(people.head_teacher, city.student_1)
    client = staff_client(client, people.city_officer)
    assert client.get(reverse("admin:schools_homevisit_add")).status_code == 403
    response = client.post(
        reverse("admin:schools_homevisit_change", args=[visit.pk]), {"summary": "改"}
    )
    assert response.status_code == 403
    assert HomeVisit.objects.get().summary == "防溺水安全教育"


def test_visited_students_are_searchable_and_scoped(client, people, city):
    logged(people.head_teacher, city.student_1)
    logged(people.other_school_teacher, city.other_student)
    client = staff_client(client, people.district_officer)
    url = reverse("admin:schools_visitedstudent_changelist")
    page = client.get(url, {"q": "李明"}).content.decode()
    assert "李明" in page
    assert "赵强" not in client.get(url).content.decode()
