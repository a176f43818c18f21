"""The care-network pages: who reaches which page, the forms' messages, and
a constant number of queries however many rows there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, Role
from portal.navigation import entries_for
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from programs.services import networks as services
from programs.tests.factories import (
    CareNetworkFactory,
    NetworkContactFactory,
    NetworkMemberFactory,
)
from schools.tests.factories import SchoolFactory, StudentFactory, TownFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KEEPERS = ("school_leader", "district_officer")
OWNERS = ("head_teacher", "partner")
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
def network(city, people):
    return services.set_up_network(
        by=people.school_leader,
        name="长塘村关爱网络",
        school=city.school,
        town=city.village.town,
        head=people.head_teacher,
        cadre=people.partner,
        students=[city.student_1],
    )


def status_of(client, person, method, url, data=None):
    log_in(client, person)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- Who reaches which page --------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, network):
    for url in (
        reverse("programs:networks"),
        reverse("programs:network-detail", args=[network.pk]),
        reverse("programs:network-new"),
        reverse("programs:network-district", args=[network.district_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_network_page_is_for_its_people_and_keepers_everyone_else_gets_404(
    client, people, network
):
    url = reverse("programs:network-detail", args=[network.pk])
    for persona in OWNERS + KEEPERS:
        assert status_of(client, getattr(people, persona), "get", url) == 200, persona
    for persona in OUTSIDERS:
        assert status_of(client, getattr(people, persona), "get", url) == 404, persona


def test_every_network_url_is_404_for_outsiders(client, people, city, network):
    urls = [
        ("get", reverse("programs:network-edit", args=[network.pk])),
        ("post", reverse("programs:network-edit", args=[network.pk])),
        ("get", reverse("programs:network-students", args=[network.pk])),
        ("post", reverse("programs:network-students", args=[network.pk])),
        ("post", reverse("programs:network-contact", args=[network.pk])),
        ("post", reverse("programs:network-deactivate", args=[network.pk])),
        ("post", reverse("programs:network-reactivate", args=[network.pk])),
        (
            "post",
            reverse("programs:network-remove-student", args=[network.pk, city.student_1.pk]),
        ),
    ]
    for persona in OUTSIDERS:
        for method, url in urls:
            assert status_of(client, getattr(people, persona), method, url) == 404, (persona, url)
    assert network.members.count() == 1 and network.is_active
    assert not NetworkContact.objects.exists()


def test_the_head_and_cadre_may_not_change_the_network_itself(client, people, network):
    edit = reverse("programs:network-edit", args=[network.pk])
    students = reverse("programs:network-students", args=[network.pk])
    assert status_of(client, people.head_teacher, "get", edit) == 403
    assert status_of(client, people.partner, "get", edit) == 403
    assert status_of(client, people.head_teacher, "get", students) == 200
    assert status_of(client, people.partner, "get", students) == 403
    for persona in KEEPERS:
        assert status_of(client, getattr(people, persona), "get", edit) == 200
        assert status_of(client, getattr(people, persona), "get", students) == 200


def test_closing_is_for_the_keepers(client, people, network):
    close = reverse("programs:network-deactivate", args=[network.pk])
    log_in(client, people.head_teacher)
    page = client.post(close, follow=True).content.decode()
    assert "Only the school&#x27;s leaders and the district close or reopen a network." in page
    network.refresh_from_db()
    assert network.is_active
    log_in(client, people.school_leader)
    assert "Network closed." in client.post(close, follow=True).content.decode()
    network.refresh_from_db()
    assert not network.is_active
    page = client.get(reverse("programs:network-detail", args=[network.pk])).content.decode()
    assert "Log a contact" not in page and "Reopen the network" in page
    client.post(reverse("programs:network-reactivate", args=[network.pk]))
    network.refresh_from_db()
    assert network.is_active


def test_the_list_shows_each_person_their_own_networks(client, people, city, network):
    CareNetworkFactory(school=city.other_school, name="滨江网络")
    url = reverse("programs:networks")
    for persona in OWNERS + KEEPERS:
        log_in(client, getattr(people, persona))
        page = client.get(url).content.decode()
        assert "长塘村关爱网络" in page and "滨江网络" not in page, persona
    for persona in OUTSIDERS:
        log_in(client, getattr(people, persona))
        page = client.get(url).content.decode()
        assert "长塘村关爱网络" not in page and "李明" not in page, persona
        assert ("滨江网络" in page) == (persona == "other_district_officer"), persona
    log_in(client, people.head_teacher)
    assert "1 overdue" in client.get(url).content.decode()


def test_the_city_officer_sees_no_network_and_no_child(client, people, network):
    log_in(client, people.city_officer)
    assert "李明" not in client.get(reverse("programs:networks")).content.decode()
    assert client.get(reverse("programs:network-districts")).status_code == 404
    district = reverse("programs:network-district", args=[network.district_id])
    assert client.get(district).status_code == 404
    assert client.get(reverse("programs:network-new")).status_code == 403


def test_the_district_page_is_for_the_districts_officers(client, people, city, network):
    url = reverse("programs:network-district", args=[city.qingxiu.pk])
    log_in(client, people.district_officer)
    assert client.get(reverse("programs:network-districts")).url == url
    page = client.get(url).content.decode()
    assert "长塘镇" in page and "长塘村关爱网络" in page
    assert "李明" not in page  # counts, not children by name
    for persona in ("other_district_officer", "school_leader", "head_teacher", "partner"):
        assert status_of(client, getattr(people, persona), "get", url) == 404, persona


def test_navigation_offers_networks_to_the_roles_that_use_them():
    def names(*roles):
        return {entry.url_name for entry in entries_for(set(roles))}

    assert {"programs:networks", "programs:network-new", "programs:network-districts"} <= names(
        Role.DISTRICT_OFFICER
    )
    assert "programs:network-new" in names(Role.SCHOOL_LEADER)
    assert "programs:networks" in names(Role.TEACHER)
    assert "programs:networks" in names(Role.COMMUNITY_PARTNER)
    assert not {"programs:networks", "programs:network-new"} & names(
        Role.CITY_OFFICER, Role.PARENT, Role.COUNSELLOR
    )


# --- Setting up through the form ----------------------------------------------


def test_a_school_leader_sets_up_a_network_then_chooses_its_students(client, people, city):
    log_in(client, people.school_leader)
    url = reverse("programs:network-new")
    page = client.get(url).content.decode()
    assert "黄老师" in page and "农主任 · 长塘镇长塘村" in page
    response = client.post(
        url,
        {
            "school": city.school.pk,
            "name": "长塘村关爱网络",
            "town": city.village.town.pk,
            "head": people.head_teacher.pk,
            "cadre": people.partner.pk,
            "contact_every_days": "14",
        },
    )
    network = CareNetwork.objects.get()
    assert response.url == reverse("programs:network-students", args=[network.pk])
    assert Notification.objects.filter(kind="programs.network_assigned").count() == 2
    page = client.get(response.url).content.decode()
    assert "李明" in page and "王芳" in page and "赵强" not in page
    response = client.post(response.url, {"students": [city.student_1.pk, city.student_2.pk]})
    assert response.url == reverse("programs:network-detail", args=[network.pk])
    assert network.members.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Give the network a name."),
        ({"head": ""}, "head", "The network head must be a teacher, head teacher or leader of"),
        ({"cadre": ""}, "cadre", "The cadre must be a village or community cadre of 青秀区."),
        ({"contact_every_days": "400"}, "contact_every_days", "Contact every 1 to 365 days."),
        ({"contact_every_days": ""}, "contact_every_days", "Contact every 1 to 365 days."),
    ],
)
def test_the_set_up_form_shows_each_refusal_next_to_its_field(
    client, people, city, changes, field, message
):
    log_in(client, people.school_leader)
    data = {
        "school": city.school.pk,
        "name": "长塘村关爱网络",
        "head": people.head_teacher.pk,
        "cadre": people.partner.pk,
        "contact_every_days": "30",
        **changes,
    }
    response = client.post(reverse("programs:network-new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not CareNetwork.objects.exists()
    assert not Notification.objects.exists()


def test_a_district_officer_first_chooses_the_school(client, people, city):
    SchoolFactory(district=city.qingxiu, name="青秀区第二小学")
    log_in(client, people.district_officer)
    url = reverse("programs:network-new")
    page = client.get(url).content.decode()
    assert "青秀区第二小学" in page and "西乡塘区滨江小学" not in page
    page = client.get(f"{url}?school={city.school.pk}").content.decode()
    assert 'name="head"' in page and "黄老师" in page
    assert client.get(f"{url}?school={city.other_school.pk}").status_code == 404


def test_a_teacher_may_not_set_up_networks(client, people):
    log_in(client, people.head_teacher)
    assert client.get(reverse("programs:network-new")).status_code == 403


def test_a_keeper_changes_the_network_and_the_new_cadre_is_told(client, people, city, network):
    cadre = UserFactory(username="wu", name="吴书记")
    assign(cadre, Role.COMMUNITY_PARTNER, village=city.village)
    log_in(client, people.district_officer)
    response = client.post(
        reverse("programs:network-edit", args=[network.pk]),
        {
            "name": "长塘村关爱网络",
            "town": city.village.town.pk,
            "head": people.head_teacher.pk,
            "cadre": cadre.pk,
            "contact_every_days": "21",
        },
    )
    assert response.url == reverse("programs:network-detail", args=[network.pk])
    network.refresh_from_db()
    assert (network.cadre, network.contact_every_days) == (cadre, 21)
    assert Notification.objects.filter(recipient=cadre).count() == 1


# --- Contacts and students through the pages ---------------------------------


def test_the_cadre_logs_a_contact_from_the_network_page(client, people, city, network):
    log_in(client, people.partner)
    url = reverse("programs:network-detail", args=[network.pk])
    page = client.get(url).content.decode()
    assert "李明" in page and "Overdue" in page and "never contacted" in page
    response = client.post(
        reverse("programs:network-contact", args=[network.pk]),
        {
            "student": city.student_1.pk,
            "contacted_on": timezone.localdate().isoformat(),
            "kind": ContactKind.HOME_VISIT,
            "note": "奶奶身体好，孩子作业按时完成。",
        },
    )
    assert response.url == f"{url}#top"
    contact = NetworkContact.objects.get()
    assert (contact.by, contact.kind) == (people.partner, ContactKind.HOME_VISIT)
    page = client.get(url).content.decode()
    assert "Overdue" not in page and "奶奶身体好" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contacted_on": "tomorrow"}, "The contact cannot be in the future."),
        ({"contacted_on": ""}, "Give the date of the contact."),
        ({"contacted_on": "2001-01-01"}, "The contact cannot be before 李明 joined the network"),
        ({"kind": ""}, "Choose how you were in touch."),
        ({"kind": "letter"}, "Choose how you were in touch."),
    ],
)
def test_a_bad_contact_shows_its_message_on_that_students_form(
    client, people, city, network, changes, message
):
    log_in(client, people.head_teacher)
    data = {
        "student": city.student_1.pk,
        "contacted_on": timezone.localdate().isoformat(),
        "kind": ContactKind.PHONE,
        **changes,
    }
    if data["contacted_on"] == "tomorrow":
        data["contacted_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("programs:network-contact", args=[network.pk]), data)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.open
    assert any(error.startswith(message) for errors in row.form.errors.values() for error in errors)
    assert '<details class="contact" open>' in response.content.decode()
    assert not NetworkContact.objects.exists()


def test_a_contact_for_a_child_outside_the_network_is_refused(client, people, city, network):
    log_in(client, people.head_teacher)
    response = client.post(
        reverse("programs:network-contact", args=[network.pk]),
        {"student": city.student_2.pk, "contacted_on": "", "kind": ContactKind.PHONE},
        follow=True,
    )
    assert "Choose a student of this network." in response.content.decode()
    assert not NetworkContact.objects.exists()


def test_the_add_students_page_filters_and_refuses_an_empty_choice(client, people, city, network):
    StudentFactory(school_class=city.class_2, name="周杰")
    log_in(client, people.school_leader)
    url = reverse("programs:network-students", args=[network.pk])
    page = client.get(f"{url}?class={city.class_2.pk}").content.decode()
    assert "周杰" in page and "王芳" in page
    assert f'name="students" value="{city.student_1.pk}"' not in page  # already in
    page = client.get(f"{url}?q=周").content.decode()
    assert "周杰" in page and "王芳" not in page
    response = client.post(url, {})
    assert "Choose at least one student." in response.content.decode()
    assert network.members.count() == 1


def test_a_student_is_taken_out_of_the_network(client, people, city, network):
    log_in(client, people.head_teacher)
    url = reverse("programs:network-remove-student", args=[network.pk, city.student_1.pk])
    assert "李明 left the network." in client.post(url, follow=True).content.decode()
    assert not network.members.exists()
    assert client.post(url).status_code == 404


# --- Queries do not grow with rows --------------------------------------------


def grow(network, count):
    for _ in range(count):
        member = NetworkMemberFactory(network=network)
        NetworkContactFactory(network=network, student=member.student, by=network.head)


@pytest.mark.parametrize("persona", ["head_teacher", "district_officer"])
def test_the_network_page_queries_do_not_grow_with_students(
    client, people, network, persona, django_assert_num_queries
):
    log_in(client, getattr(people, persona))
    url = reverse("programs:network-detail", args=[network.pk])
    grow(network, 9)
    at_ten = count_queries(client, url)
    grow(network, 90)
    with django_assert_num_queries(at_ten):
        response = client.get(url)
    assert len(response.context["rows"]) == 100


def test_the_students_page_queries_do_not_grow(
    client, people, city, network, django_assert_num_queries
):
    log_in(client, people.school_leader)
    url = reverse("programs:network-students", args=[network.pk])
    grow(network, 10)
    StudentFactory.create_batch(10, school_class=city.class_2)
    at_ten = count_queries(client, url)
    grow(network, 90)
    StudentFactory.create_batch(90, school_class=city.class_2)
    with django_assert_num_queries(at_ten):
        client.get(url)


def add_networks(city, count, town):
    for _ in range(count):
        network = CareNetworkFactory(school=city.school, town=town)
        grow(network, 2)


@pytest.mark.parametrize("persona", ["district_officer", "school_leader"])
def test_the_network_list_queries_do_not_grow(
    client, people, city, persona, django_assert_num_queries
):
    town = TownFactory(district=city.qingxiu)
    log_in(client, getattr(people, persona))
    url = reverse("programs:networks")
    add_networks(city, 10, town)
    at_ten = count_queries(client, url)
    add_networks(city, 90, town)
    with django_assert_num_queries(at_ten):
        response = client.get(url)
    assert response.context["page"].paginator.count == 100


def test_the_district_page_queries_do_not_grow(client, people, city, django_assert_num_queries):
    town = TownFactory(district=city.qingxiu)
    log_in(client, people.district_officer)
    url = reverse("programs:network-district", args=[city.qingxiu.pk])
    add_networks(city, 10, town)
    at_ten = count_queries(client, url)
    add_networks(city, 90, town)
    for _ in range(20):
        TownFactory(district=city.qingxiu)
    with django_assert_num_queries(at_ten):
        response = client.get(url)
    assert response.context["summary"].networks == 100
    assert NetworkMember.objects.count() == 200


# --- The back office -----------------------------------------------------------


def test_the_back_office_shows_networks_read_only_to_the_keepers_in_scope(
    client, people, city, network
):
    CareNetworkFactory(school=city.other_school, name="滨江网络")
    changelists = [
        reverse(f"admin:programs_{model}_changelist")
        for model in ("carenetwork", "networkmember", "networkcontact")
    ]
    log_in(client, people.school_leader)
    page = client.get(changelists[0])
    assert [row.name for row in page.context["cl"].result_list] == ["长塘村关爱网络"]
    for url in changelists[1:]:
        assert client.get(url).status_code == 200
    assert client.get(reverse("admin:programs_carenetwork_add")).status_code == 403
    change = reverse("admin:programs_carenetwork_change", args=[network.pk])
    assert client.post(change, {"name": "改名"}).status_code == 403
    network.refresh_from_db()
    assert network.name == "长塘村关爱网络"
    # Heads work on the pages; the city sees counts elsewhere, never the rows.
    for persona in ("head_teacher", "city_officer", "other_school_teacher"):
        log_in(client, getattr(people, persona))
        assert client.get(changelists[0]).status_code == 403, persona


def test_the_back_office_contact_list_queries_do_not_grow(
    client, people, network, django_assert_num_queries
):
    log_in(client, people.district_officer)
    url = reverse("admin:programs_networkcontact_changelist")
    grow(network, 10)
    at_ten = count_queries(client, url)
    grow(network, 90)
    with django_assert_num_queries(at_ten):
        client.get(url)
