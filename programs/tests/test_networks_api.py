"""The care-network API: scoped like the pages, written through the network
services, documented in the schema without warnings."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import Notification
from programs.models import CareNetwork, ContactKind, NetworkContact
from programs.services import networks as services
from programs.tests.factories import (
    CareNetworkFactory,
    NetworkContactFactory,
    NetworkMemberFactory,
)
from schools.tests.factories import StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OWNERS_AND_KEEPERS = ("head_teacher", "partner", "school_leader", "district_officer")
OUTSIDERS = (
    "city_officer",
    "other_district_officer",
    "teacher",
    "other_school_teacher",
    "counsellor",
    "case_worker",
    "parent",
    "stranger",
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def network(city, people):
    return services.set_up_network(
        by=people.school_leader,
        name="长塘村关爱网络",
        school=city.school,
        head=people.head_teacher,
        cadre=people.partner,
        contact_every_days=14,
        students=[city.student_1],
    )


def today() -> str:
    return timezone.localdate().isoformat()


def test_anonymous_callers_are_refused(api, network):
    assert api.get(reverse("api:network-list")).status_code in (401, 403)
    assert api.get(reverse("api:network-detail", args=[network.pk])).status_code in (401, 403)


def test_every_network_route_is_404_for_outsiders(api, people, city, network):
    routes = [
        ("get", reverse("api:network-detail", args=[network.pk]), None),
        ("get", reverse("api:network-member-list", args=[network.pk]), None),
        ("post", reverse("api:network-member-list", args=[network.pk]), {"students": []}),
        ("get", reverse("api:network-contact-list", args=[network.pk]), None),
        (
            "post",
            reverse("api:network-contact-list", args=[network.pk]),
            {"student": city.student_1.pk, "contacted_on": today(), "contact_kind": "phone"},
        ),
    ]
    for persona in OUTSIDERS:
        api.force_authenticate(getattr(people, persona))
        assert api.get(reverse("api:network-list")).json()["results"] == [], persona
        for method, url, data in routes:
            response = getattr(api, method)(url, data, format="json")
            assert response.status_code == 404, (persona, url)
    assert not NetworkContact.objects.exists()


def test_the_list_and_detail_show_counts_for_the_networks_people(api, people, city, network):
    CareNetworkFactory(school=city.other_school)
    for persona in OWNERS_AND_KEEPERS:
        api.force_authenticate(getattr(people, persona))
        (row,) = api.get(reverse("api:network-list")).json()["results"]
        assert row["name"] == "长塘村关爱网络", persona
        assert (row["students"], row["overdue"]) == (1, 1)
        assert row["head"] == {"id": people.head_teacher.pk, "name": "黄老师"}
        detail = api.get(reverse("api:network-detail", args=[network.pk])).json()
        assert detail == row


def test_closed_networks_are_listed_apart(api, people, network):
    services.deactivate_network(network=network, by=people.school_leader)
    api.force_authenticate(people.head_teacher)
    assert api.get(reverse("api:network-list")).json()["results"] == []
    closed = api.get(reverse("api:network-list"), {"status": "closed"}).json()["results"]
    assert [row["is_active"] for row in closed] == [False]


def test_members_come_with_their_last_contact_overdue_first(api, people, city, network):
    services.add_students(network=network, students=[city.student_2], by=people.school_leader)
    network.members.update(joined_on=timezone.localdate() - datetime.timedelta(days=60))
    NetworkContactFactory(
        network=network,
        student=city.student_1,
        contacted_on=timezone.localdate() - datetime.timedelta(days=3),
        kind=ContactKind.HOME_VISIT,
    )
    api.force_authenticate(people.partner)
    rows = api.get(reverse("api:network-member-list", args=[network.pk])).json()
    assert [(row["student"]["name"], row["overdue"]) for row in rows] == [
        ("王芳", True),
        ("李明", False),
    ]
    assert rows[0]["last_contact"] is None and rows[0]["due_on"] is None
    assert rows[1]["last_contact"] == {
        "contacted_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "contact_kind": "visit",
    }
    assert rows[1]["due_on"] == (timezone.localdate() + datetime.timedelta(days=11)).isoformat()


def test_the_cadre_logs_a_contact_and_bad_ones_get_clear_messages(api, people, city, network):
    url = reverse("api:network-contact-list", args=[network.pk])
    api.force_authenticate(people.partner)
    good = {"student": city.student_1.pk, "contacted_on": today(), "contact_kind": "video"}
    response = api.post(url, {**good, "note": "和妈妈视频。"}, format="json")
    assert response.status_code == 201
    assert response.json()["by"]["name"] == "农主任"
    assert response.json()["contact_kind"] == "video"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    cases = [
        ({"student": city.student_2.pk}, "student", "Choose a student of this network."),
        ({"student": 999999}, "student", "Choose a student of this network."),
        ({"contacted_on": tomorrow}, "contacted_on", "The contact cannot be in the future."),
        (
            {"contacted_on": "2001-01-01"},
            "contacted_on",
            "The contact cannot be before 李明 joined the network on",
        ),
        ({"contact_kind": "letter"}, "contact_kind", '"letter" is not a valid choice.'),
        ({"note": "很" * 2001}, "note", "Keep the note to 2000 characters."),
    ]
    for changes, field, message in cases:
        response = api.post(url, {**good, **changes}, format="json")
        assert response.status_code == 400, changes
        assert response.json()[field][0].startswith(message), response.json()
    assert NetworkContact.objects.count() == 1
    listed = api.get(url).json()["results"]
    assert [(row["student_name"], row["note"]) for row in listed] == [("李明", "和妈妈视频。")]


def test_a_school_leader_sets_up_a_network_through_the_api(api, people, city):
    api.force_authenticate(people.school_leader)
    response = api.post(
        reverse("api:network-list"),
        {
            "name": "长塘村关爱网络",
            "school": city.school.pk,
            "town": city.village.town.pk,
            "head": people.head_teacher.pk,
            "cadre": people.partner.pk,
            "contact_every_days": 21,
            "students": [city.student_1.pk, city.student_2.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["students"], body["overdue"], body["town"]["name"]) == (2, 2, "长塘镇")
    assert Notification.objects.filter(kind="programs.network_assigned").count() == 2


@pytest.mark.parametrize(
    ("persona", "changes", "field", "message"),
    [
        ("head_teacher", {}, "school", "You may not set up a network for this school."),
        ("city_officer", {}, "school", "You may not set up a network for this school."),
        ("school_leader", {"school": "other"}, "school", "You may not set up a network"),
        ("school_leader", {"school": 999999}, "school", "You may not set up a network"),
        ("school_leader", {"name": " "}, "name", "Give the network a name."),
        ("school_leader", {"head": 999999}, "head", "The network head must be a teacher"),
        ("school_leader", {"head": "wei"}, "head", "The network head must be a teacher"),
        ("school_leader", {"cadre": "tan"}, "cadre", "The cadre must be a village or community"),
        ("school_leader", {"contact_every_days": 0}, "contact_every_days", "Contact every 1 to"),
        ("school_leader", {"town": 999999}, "town", "Choose a town or street of 青秀区."),
        ("school_leader", {"students": "other"}, "students", "Choose students of 青秀区第一小学"),
        ("school_leader", {"students": [999999]}, "students", "Choose students of 青秀区第一小学"),
    ],
)
def test_a_bad_set_up_is_refused_with_its_message_and_saves_nothing(
    api, people, city, persona, changes, field, message
):
    values = {
        "name": "长塘村关爱网络",
        "school": city.school.pk,
        "head": people.head_teacher.pk,
        "cadre": people.partner.pk,
        "students": [city.student_1.pk],
    }
    aliases = {
        ("school", "other"): city.other_school.pk,
        ("head", "wei"): people.other_school_teacher.pk,
        ("cadre", "tan"): people.teacher.pk,
        ("students", "other"): [city.other_student.pk],
    }
    for key, value in changes.items():
        values[key] = aliases.get((key, value), value) if isinstance(value, str) else value
    api.force_authenticate(getattr(people, persona))
    response = api.post(reverse("api:network-list"), values, format="json")
    assert response.status_code == 400
    assert response.json()[field][0].startswith(message), response.json()
    assert not CareNetwork.objects.exists()
    assert not Notification.objects.exists()


def test_the_head_adds_students_and_the_cadre_may_not(api, people, city, network):
    classmate = StudentFactory(school_class=city.class_1, name="陈雨")
    url = reverse("api:network-member-list", args=[network.pk])
    api.force_authenticate(people.partner)
    response = api.post(url, {"students": [classmate.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"][0].startswith("Only the network's head")
    api.force_authenticate(people.head_teacher)
    response = api.post(url, {"students": [city.student_2.pk]}, format="json")
    assert response.json()["students"] == [
        "Choose students of 青秀区第一小学 who are on the roster."
    ]
    response = api.post(url, {"students": [classmate.pk]}, format="json")
    assert response.status_code == 200
    assert {row["student"]["name"] for row in response.json()} == {"李明", "陈雨"}


def test_the_schema_documents_the_network_routes_without_warnings(tmp_path):
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    for route in (
        "/api/programs/networks/:",
        "/api/programs/networks/{id}/:",
        "/api/programs/networks/{id}/members/:",
        "/api/programs/networks/{id}/contacts/:",
    ):
        assert route in text


# --- Queries do not grow with rows --------------------------------------------


def queries_for(api, url) -> int:
    api.get(url)  # the person's scope is then cached on the user object
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_the_network_list_queries_do_not_grow(api, people, city, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            network = CareNetworkFactory(school=city.school)
            member = NetworkMemberFactory(network=network)
            NetworkContactFactory(network=network, student=member.student)

    api.force_authenticate(people.district_officer)
    url = reverse("api:network-list")
    add(10)
    at_ten = queries_for(api, url)
    add(90)
    with django_assert_num_queries(at_ten):
        assert api.get(url).json()["count"] == 100


def test_the_member_and_contact_lists_queries_do_not_grow(
    api, people, network, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            member = NetworkMemberFactory(network=network)
            NetworkContactFactory(network=network, student=member.student)

    api.force_authenticate(people.head_teacher)
    members = reverse("api:network-member-list", args=[network.pk])
    contacts = reverse("api:network-contact-list", args=[network.pk])
    add(9)
    at_ten = (queries_for(api, members), queries_for(api, contacts))
    add(90)
    with django_assert_num_queries(at_ten[0]):
        assert len(api.get(members).json()) == 100
    with django_assert_num_queries(at_ten[1]):
        assert api.get(contacts).json()["count"] == 99
