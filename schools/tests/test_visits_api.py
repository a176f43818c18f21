"""The home-visit API: scoped lists, logging through the same service, edits
by the author within the window, coverage by level."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schools.models import HomeVisit, PersonMet, VisitedStudent, VisitTopic
from schools.services import visits as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def api():
    return APIClient()


def body(student, **overrides):
    return {
        "students": [student.pk],
        "visited_on": timezone.localdate().isoformat(),
        "topics": ["study"],
        "summary": "家访：学习情况良好。",
        **overrides,
    }


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


def test_head_teacher_logs_a_visit_with_defaults(api, people, city):
    api.force_authenticate(people.head_teacher)
    response = api.post(reverse("api:home-visit-list"), body(city.student_1), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["form"] == "home" and data["people_met"] == ["parent"]
    assert data["students"] == [
        {"id": city.student_1.pk, "name": "李明", "school_class": city.class_1.label}
    ]
    assert data["editable"] is True and data["school"] == city.school.pk


def test_a_future_date_is_a_400_naming_the_field(api, people, city):
    api.force_authenticate(people.head_teacher)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api.post(
        reverse("api:home-visit-list"), body(city.student_1, visited_on=tomorrow), format="json"
    )
    assert response.status_code == 400
    assert "future" in response.json()["visited_on"][0]
    assert not HomeVisit.objects.exists()


def test_logging_for_a_student_out_of_scope_is_404_and_saves_nothing(api, people, city):
    api.force_authenticate(people.teacher)
    response = api.post(reverse("api:home-visit-list"), body(city.student_1), format="json")
    assert response.status_code == 404
    response = api.post(
        reverse("api:home-visit-list"),
        body(city.student_2, students=[city.student_2.pk, city.student_1.pk]),
        format="json",
    )
    assert response.status_code == 404
    assert not HomeVisit.objects.exists() and not VisitedStudent.objects.exists()


def test_visit_lists_are_scoped_and_filtered(api, people, city):
    visit = logged(people.head_teacher, city.student_1)
    logged(people.other_school_teacher, city.other_student)
    api.force_authenticate(people.school_leader)
    rows = api.get(reverse("api:home-visit-list")).json()["results"]
    assert [row["id"] for row in rows] == [visit.pk]
    rows = api.get(reverse("api:home-visit-list"), {"school": city.other_school.pk}).json()[
        "results"
    ]
    assert rows == []
    api.force_authenticate(people.city_officer)
    assert api.get(reverse("api:home-visit-list")).json()["count"] == 2
    assert api.get(reverse("api:home-visit-list"), {"mine": "true"}).json()["count"] == 0


def test_one_visit_out_of_scope_is_404(api, people, city):
    visit = logged(people.head_teacher, city.student_1)
    api.force_authenticate(people.other_school_teacher)
    assert api.get(reverse("api:home-visit-detail", args=[visit.pk])).status_code == 404
    assert (
        api.patch(
            reverse("api:home-visit-detail", args=[visit.pk]), {"summary": "x"}, format="json"
        ).status_code
        == 404
    )


def test_author_patches_within_the_window_others_cannot(api, people, city):
    visit = logged(people.head_teacher, city.student_1, co_teachers=[people.teacher])
    url = reverse("api:home-visit-detail", args=[visit.pk])
    api.force_authenticate(people.teacher)
    response = api.patch(url, {"summary": "别人改的"}, format="json")
    assert response.status_code == 400 and "Only the teacher" in str(response.json())
    assert api.get(url).json()["editable"] is False

    api.force_authenticate(people.head_teacher)
    response = api.patch(url, {"summary": "补记", "form": "phone"}, format="json")
    assert response.status_code == 200
    assert (response.json()["summary"], response.json()["form"]) == ("补记", "phone")
    assert [t["id"] for t in response.json()["teachers"]] != []

    HomeVisit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    response = api.patch(url, {"summary": "太晚了"}, format="json")
    assert response.status_code == 400 and "7 days" in str(response.json())


def test_coverage_by_level(api, people, city):
    logged(people.head_teacher, city.student_1)
    api.force_authenticate(people.city_officer)
    data = api.get(reverse("api:home-visit-coverage")).json()
    assert data["level"] == "district"
    assert {row["name"]: row["visited"] for row in data["rows"]} == {"青秀区": 1, "西乡塘区": 0}
    data = api.get(reverse("api:home-visit-coverage"), {"school": city.school.pk}).json()
    assert data["level"] == "class"
    assert data["summary"]["coverage"] == "50.0" and data["summary"]["met"] is False

    api.force_authenticate(people.head_teacher)
    data = api.get(reverse("api:home-visit-coverage")).json()
    assert [(row["id"], row["coverage"]) for row in data["rows"]] == [(city.class_1.pk, "100.0")]
    response = api.get(reverse("api:home-visit-coverage"), {"school": city.school.pk})
    assert response.status_code == 404
    api.force_authenticate(people.other_district_officer)
    response = api.get(reverse("api:home-visit-coverage"), {"district": city.qingxiu.pk})
    assert response.status_code == 404


def test_unvisited_students_of_a_class(api, people, city):
    api.force_authenticate(people.head_teacher)
    url = reverse("api:home-visit-unvisited", args=[city.class_1.pk])
    assert [row["name"] for row in api.get(url).json()] == ["李明"]
    api.force_authenticate(people.teacher)
    assert api.get(url).status_code == 404


def test_visit_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/home-visits/" in schema and "/api/home-visit-coverage/" in schema
