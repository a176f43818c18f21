"""A request that names more records than a person could mean (a script's
list of ids) is refused whole, with the reason in Chinese."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.input_limits import LIST_MAX_ITEMS, SIBLINGS_MAX
from programs.models import NetworkMember
from programs.tests.factories import CareNetworkFactory
from schools.models import HomeVisit
from tests.bad_input.kit import CJK

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def refused_in_chinese(response, field: str) -> None:
    assert response.status_code == 400, response.content
    [message] = response.json()[field]
    assert CJK.search(message), message


def test_a_network_refuses_a_list_of_more_students_than_it_takes(city, people):
    network = CareNetworkFactory(school=city.school, head=people.head_teacher)
    ids = [city.student_1.pk] * (LIST_MAX_ITEMS + 1)

    response = api_as(people.head_teacher).post(
        reverse("api:network-member-list", args=[network.pk]), {"students": ids}, format="json"
    )

    refused_in_chinese(response, "students")
    assert not NetworkMember.objects.exists()


def test_a_home_visit_refuses_more_siblings_than_a_family_has(city, people):
    body = {
        "students": [city.student_1.pk] * (SIBLINGS_MAX + 1),
        "visited_on": datetime.date.today().isoformat(),
        "topics": ["study"],
        "summary": "了解学习情况。",
    }

    response = api_as(people.head_teacher).post(reverse("api:home-visit-list"), body, format="json")

    refused_in_chinese(response, "students")
    assert not HomeVisit.objects.exists()
