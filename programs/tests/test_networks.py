"""The "1+1+N" care networks: setting one up, its students, its contacts,
who is overdue, and the district's counts per town."""

import datetime

import pytest
from django.utils import timezone

from portal.models import Notification, Role
from portal.tests.factories import UserFactory, assign
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from programs.selectors import networks as selectors
from programs.services import networks as services
from programs.services.errors import ProgramsError
from programs.tests.factories import (
    CareNetworkFactory,
    NetworkContactFactory,
    NetworkMemberFactory,
    cadre_in,
)
from schools.tests.factories import StudentFactory, TownFactory, VillageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def town(city):
    city.school.town = city.village.town
    city.school.save(update_fields=["town"])
    return city.village.town


@pytest.fixture
def network(city, people, town):
    """长塘 network: head Huang (3(1)), cadre Nong, Li Ming a member."""
    network = services.set_up_network(
        by=people.school_leader,
        name="长塘村关爱网络",
        school=city.school,
        head=people.head_teacher,
        cadre=people.partner,
        students=[city.student_1],
    )
    return network


def set_up(city, people, **overrides):
    values = {
        "by": people.school_leader,
        "name": "长塘村关爱网络",
        "school": city.school,
        "head": people.head_teacher,
        "cadre": people.partner,
        "contact_every_days": 14,
        "students": [city.student_1, city.student_2],
    }
    return services.set_up_network(**{**values, **overrides})


def refused(call, message: str, field: str | None = None):
    with pytest.raises(ProgramsError) as caught:
        call()
    assert str(caught.value.message) == message
    assert caught.value.field == field
    return caught.value


def nothing_saved():
    assert not CareNetwork.objects.exists()
    assert not NetworkMember.objects.exists()
    assert not Notification.objects.exists()


# --- Setting up ---------------------------------------------------------------


def test_a_school_leader_sets_up_a_network_and_head_and_cadre_are_told_once(city, people, town):
    network = set_up(city, people)
    assert network.district == city.qingxiu
    assert network.town == town  # the school's own town by default
    assert network.contact_every_days == 14
    assert set(network.members.values_list("student__name", flat=True)) == {"李明", "王芳"}
    assert set(network.members.values_list("joined_on", flat=True)) == {timezone.localdate()}
    told = Notification.objects.filter(kind="programs.network_assigned")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["huang", "nong"]
    assert told.first().url == f"/care/networks/{network.pk}/"


def test_the_district_sets_up_a_network_for_a_school_of_its_district(city, people):
    other_town = TownFactory(district=city.qingxiu, name="伶俐镇")
    network = set_up(city, people, by=people.district_officer, town=other_town, students=[])
    assert network.town == other_town
    assert network.school.town is None


def test_a_leader_who_heads_the_network_is_not_told_about_it(city, people):
    set_up(city, people, head=people.school_leader, students=[])
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["nong"]


@pytest.mark.parametrize(
    "persona", ["other_district_officer", "teacher", "head_teacher", "city_officer", "partner"]
)
def test_only_the_schools_leaders_and_its_district_set_up_networks(city, people, persona):
    refused(
        lambda: set_up(city, people, by=getattr(people, persona)),
        "You may not set up a network for this school.",
        "school",
    )
    nothing_saved()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "Give the network a name."),
        ("网" * 121, "A network's name has at most 120 characters."),
    ],
)
def test_a_network_needs_a_sensible_name(city, people, name, message):
    refused(lambda: set_up(city, people, name=name), message, "name")
    nothing_saved()


@pytest.mark.parametrize("persona", ["other_school_teacher", "counsellor", "partner", "stranger"])
def test_the_head_must_be_a_teacher_of_the_school(city, people, persona):
    refused(
        lambda: set_up(city, people, head=getattr(people, persona), cadre=cadre_in(city.qingxiu)),
        "The network head must be a teacher, head teacher or leader of 青秀区第一小学.",
        "head",
    )
    nothing_saved()


def test_a_network_has_a_head(city, people):
    refused(
        lambda: set_up(city, people, head=None),
        "The network head must be a teacher, head teacher or leader of 青秀区第一小学.",
        "head",
    )
    nothing_saved()


def test_the_cadre_must_be_a_community_partner_of_the_schools_district(city, people):
    message = "The cadre must be a village or community cadre of 青秀区."
    for cadre in (people.teacher, people.stranger, None, cadre_in(city.xixiangtang)):
        refused(lambda cadre=cadre: set_up(city, people, cadre=cadre), message, "cadre")
    nothing_saved()


def test_head_and_cadre_are_two_people(city, people):
    assign(people.head_teacher, Role.COMMUNITY_PARTNER, village=city.village)
    refused(
        lambda: set_up(city, people, cadre=people.head_teacher),
        "The head and the cadre must be two different people.",
        "cadre",
    )
    nothing_saved()


@pytest.mark.parametrize("days", [0, 366, -5, None, "30", True])
def test_the_contact_period_is_one_to_365_days(city, people, days):
    refused(
        lambda: set_up(city, people, contact_every_days=days),
        "Contact every 1 to 365 days.",
        "contact_every_days",
    )
    nothing_saved()


def test_the_town_is_one_of_the_schools_district(city, people):
    refused(
        lambda: set_up(city, people, town=TownFactory(district=city.xixiangtang)),
        "Choose a town or street of 青秀区.",
        "town",
    )
    nothing_saved()


def test_students_come_from_the_schools_roster(city, people):
    left = StudentFactory(school_class=city.class_1, name="已转学", is_active=False)
    message = "Choose students of 青秀区第一小学 who are on the roster."
    for students in ([city.other_student], [city.student_1, left]):
        refused(
            lambda students=students: set_up(city, people, students=students), message, "students"
        )
    nothing_saved()


def test_a_student_named_twice_joins_once(city, people):
    network = set_up(city, people, students=[city.student_1, city.student_1])
    assert network.members.count() == 1


# --- Changing, closing ------------------------------------------------------


def test_a_new_head_is_told_once_however_often_they_come_back(city, people, network):
    colleague = UserFactory(username="zhou", name="周老师")
    assign(colleague, Role.TEACHER, school_class=city.class_2)

    def change(head):
        return services.change_network(
            network=network,
            by=people.school_leader,
            name="长塘村关爱网络（二）",
            head=head,
            cadre=people.partner,
            contact_every_days=7,
        )

    change(colleague)
    change(people.head_teacher)
    change(colleague)
    network.refresh_from_db()
    assert (network.name, network.head, network.contact_every_days) == (
        "长塘村关爱网络（二）",
        colleague,
        7,
    )
    told = Notification.objects.order_by("pk").values_list("recipient__username", flat=True)
    assert list(told) == ["huang", "nong", "zhou"]


@pytest.mark.parametrize("persona", ["head_teacher", "partner", "other_district_officer"])
def test_only_the_keepers_change_a_network(city, people, network, persona):
    refused(
        lambda: services.change_network(
            network=network,
            by=getattr(people, persona),
            name="改名",
            head=people.head_teacher,
            cadre=people.partner,
            contact_every_days=30,
        ),
        "Only the school's leaders and the district change a network.",
    )
    network.refresh_from_db()
    assert network.name == "长塘村关爱网络"


def test_a_change_that_breaks_a_rule_saves_nothing(city, people, network):
    refused(
        lambda: services.change_network(
            network=network,
            by=people.district_officer,
            name="改名",
            head=people.other_school_teacher,
            cadre=people.partner,
            contact_every_days=30,
        ),
        "The network head must be a teacher, head teacher or leader of 青秀区第一小学.",
        "head",
    )
    network.refresh_from_db()
    assert (network.name, network.head) == ("长塘村关爱网络", people.head_teacher)


def test_a_closed_network_takes_no_contacts_students_or_changes(city, people, network):
    refused(
        lambda: services.deactivate_network(network=network, by=people.head_teacher),
        "Only the school's leaders and the district close or reopen a network.",
    )
    services.deactivate_network(network=network, by=people.school_leader)
    network.refresh_from_db()
    assert not network.is_active
    refused(
        lambda: services.log_contact(
            network=network,
            student=city.student_1,
            by=people.head_teacher,
            contacted_on=timezone.localdate(),
            kind=ContactKind.PHONE,
        ),
        "This network is closed; contacts can no longer be logged.",
    )
    refused(
        lambda: services.add_students(
            network=network, students=[city.student_2], by=people.school_leader
        ),
        "This network is closed; reopen it before adding students.",
    )
    refused(
        lambda: services.change_network(
            network=network,
            by=people.school_leader,
            name="改名",
            head=people.head_teacher,
            cadre=people.partner,
            contact_every_days=30,
        ),
        "This network is closed; reopen it before changing it.",
    )
    services.reactivate_network(network=network, by=people.district_officer)
    network.refresh_from_db()
    assert network.is_active


# --- Students ----------------------------------------------------------------


def test_the_head_adds_students_they_see_and_the_cadre_does_not(city, people, network):
    classmate = StudentFactory(school_class=city.class_1, name="陈雨")
    services.add_students(network=network, students=[classmate], by=people.head_teacher)
    assert network.members.filter(student=classmate, joined_on=timezone.localdate()).exists()
    # Huang sees class 3(1) only; 3(2)'s 王芳 is for the school leader to add.
    refused(
        lambda: services.add_students(
            network=network, students=[city.student_2], by=people.head_teacher
        ),
        "Choose students of 青秀区第一小学 who are on the roster.",
        "students",
    )
    refused(
        lambda: services.add_students(
            network=network, students=[city.student_2], by=people.partner
        ),
        "Only the network's head, the school's leaders and the district choose its students.",
    )
    assert network.members.count() == 2


def test_adding_needs_new_students(city, people, network):
    refused(
        lambda: services.add_students(network=network, students=[], by=people.school_leader),
        "Choose at least one student.",
        "students",
    )
    refused(
        lambda: services.add_students(
            network=network, students=[city.student_2, city.student_1], by=people.school_leader
        ),
        "Already in this network: 李明.",
        "students",
    )
    assert list(network.members.values_list("student__name", flat=True)) == ["李明"]


def test_a_student_leaves_and_their_contacts_stay_on_record(city, people, network):
    services.log_contact(
        network=network,
        student=city.student_1,
        by=people.partner,
        contacted_on=timezone.localdate(),
        kind=ContactKind.HOME_VISIT,
    )
    refused(
        lambda: services.remove_student(network=network, student=city.student_1, by=people.partner),
        "Only the network's head, the school's leaders and the district choose its students.",
    )
    services.remove_student(network=network, student=city.student_1, by=people.head_teacher)
    assert not network.members.exists()
    assert NetworkContact.objects.filter(network=network, student=city.student_1).count() == 1
    refused(
        lambda: services.remove_student(
            network=network, student=city.student_1, by=people.head_teacher
        ),
        "李明 is not in this network.",
        "student",
    )


# --- Contacts ------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["head_teacher", "partner", "school_leader", "district_officer"]
)
def test_head_cadre_and_keepers_log_contacts(city, people, network, persona):
    contact = services.log_contact(
        network=network,
        student=city.student_1,
        by=getattr(people, persona),
        contacted_on=timezone.localdate(),
        kind=ContactKind.VIDEO,
        note="  和在广东打工的妈妈视频。 ",
    )
    assert contact.note == "和在广东打工的妈妈视频。"
    assert contact.by == getattr(people, persona)


@pytest.mark.parametrize(
    "persona", ["teacher", "counsellor", "city_officer", "other_district_officer", "stranger"]
)
def test_nobody_else_logs_contacts(city, people, network, persona):
    refused(
        lambda: services.log_contact(
            network=network,
            student=city.student_1,
            by=getattr(people, persona),
            contacted_on=timezone.localdate(),
            kind=ContactKind.PHONE,
        ),
        "Only the network's head and cadre, the school's leaders and the district log its "
        "contacts.",
    )
    assert not NetworkContact.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"student": "student_2"}, "Choose a student of this network.", "student"),
        ({"student": None}, "Choose a student of this network.", "student"),
        ({"contacted_on": None}, "Give the date of the contact.", "contacted_on"),
        ({"contacted_on": 1}, "The contact cannot be in the future.", "contacted_on"),
        (
            {"contacted_on": -1},
            "The contact cannot be before 李明 joined the network on {joined}.",
            "contacted_on",
        ),
        ({"kind": "letter"}, "Choose how you were in touch.", "kind"),
        ({"kind": ""}, "Choose how you were in touch.", "kind"),
        ({"note": "很" * 2001}, "Keep the note to 2000 characters.", "note"),
    ],
)
def test_a_bad_contact_is_refused_with_a_clear_message(
    city, people, network, changes, message, field
):
    joined = network.members.get().joined_on
    values = {
        "network": network,
        "student": city.student_1,
        "by": people.head_teacher,
        "contacted_on": timezone.localdate(),
        "kind": ContactKind.PHONE,
        "note": "",
    }
    for key, value in changes.items():
        if key == "student":
            value = getattr(city, value) if value else None
        if key == "contacted_on" and value is not None:
            value = (timezone.localdate() if value > 0 else joined) + datetime.timedelta(days=value)
        values[key] = value
    refused(
        lambda: services.log_contact(**values), message.format(joined=joined.isoformat()), field
    )
    assert not NetworkContact.objects.exists()


def test_a_contact_on_the_day_the_student_joined_is_fine(city, people, network):
    contact = services.log_contact(
        network=network,
        student=city.student_1,
        by=people.head_teacher,
        contacted_on=network.members.get().joined_on,
        kind=ContactKind.ACTIVITY,
    )
    assert contact.pk


# --- Who is overdue ----------------------------------------------------------


def test_members_are_listed_overdue_first_never_contacted_counting_as_overdue(city, people):
    network = CareNetworkFactory(school=city.school, contact_every_days=30)
    never = NetworkMemberFactory(network=network, student__name="甲").student
    long_ago = NetworkMemberFactory(network=network, student__name="乙").student
    due_today = NetworkMemberFactory(network=network, student__name="丙").student
    recent = NetworkMemberFactory(network=network, student__name="丁").student
    NetworkContactFactory(network=network, student=long_ago, contacted_on=days_ago(31))
    NetworkContactFactory(network=network, student=long_ago, contacted_on=days_ago(60))
    NetworkContactFactory(network=network, student=due_today, contacted_on=days_ago(30))
    NetworkContactFactory(
        network=network, student=recent, contacted_on=days_ago(2), kind=ContactKind.HOME_VISIT
    )
    rows = selectors.members_of(network.head, network)
    assert [(row.student, row.overdue) for row in rows] == [
        (never, True),
        (long_ago, True),
        (due_today, False),
        (recent, False),
    ]
    assert rows[1].last_contacted_on == days_ago(31)
    assert rows[0].due_on is None and rows[0].last_contact is None
    assert rows[2].due_on == timezone.localdate()
    assert rows[3].last_kind_label == "Home visit"
    assert selectors.with_overdue_counts(network.head, [network])[0].overdue == 2


def test_networks_are_seen_by_their_people_and_keepers_only(city, people, network):
    other = CareNetworkFactory(school=city.other_school)
    sees = {
        persona: list(selectors.networks_for(getattr(people, persona))) for persona in vars(people)
    }
    for persona in ("head_teacher", "partner", "school_leader", "district_officer"):
        assert sees[persona] == [network], persona
    assert sees["other_district_officer"] == [other]
    for persona in ("city_officer", "teacher", "other_school_teacher", "counsellor"):
        assert sees[persona] == [], persona
    for persona in ("case_worker", "parent", "stranger"):
        assert sees[persona] == [], persona


# --- The district per town ---------------------------------------------------


def test_the_district_counts_networks_and_distinct_children_per_town(city, people, town):
    other_town = TownFactory(district=city.qingxiu, name="伶俐镇")
    TownFactory(district=city.qingxiu, name="南阳镇")
    shared = city.student_1
    first = CareNetworkFactory(school=city.school, town=town)
    second = CareNetworkFactory(school=city.school, town=town)
    third = CareNetworkFactory(school=city.school, town=other_town)
    no_town = CareNetworkFactory(school=city.school, town=None)
    closed = CareNetworkFactory(school=city.school, town=other_town, is_active=False)
    for network in (first, second, third, closed):
        NetworkMemberFactory(network=network, student=shared)
    NetworkMemberFactory(network=first)
    NetworkMemberFactory(network=closed)
    NetworkMemberFactory(network=no_town)
    left = NetworkMemberFactory(network=third, student__is_active=False)
    assert not left.student.is_active
    CareNetworkFactory(school=city.other_school)

    summary = selectors.district_summary(people.district_officer, city.qingxiu)
    rows = {row.town.name if row.town else None: row for row in summary.rows}
    assert [(name, row.networks, row.children) for name, row in rows.items()] == [
        ("伶俐镇", 1, 1),
        ("南阳镇", 0, 0),
        ("长塘镇", 2, 2),
        (None, 1, 1),
    ]
    assert (summary.networks, summary.children) == (4, 3)
    assert [n.pk for n in rows["长塘镇"].items] == sorted([first.pk, second.pk])


def test_the_district_page_is_for_district_staff_of_that_district(city, people):
    assert list(selectors.summary_districts(people.district_officer)) == [city.qingxiu]
    for persona in ("city_officer", "school_leader", "head_teacher", "partner", "case_worker"):
        assert not selectors.summary_districts(getattr(people, persona)).exists(), persona


def test_a_cadre_of_several_villages_shows_one_place(city, people):
    assign(people.partner, Role.COMMUNITY_PARTNER, village=VillageFactory(town=city.village.town))
    places = selectors.cadre_places(city.qingxiu.pk)
    assert places == {people.partner.pk: "长塘镇长塘村"}
    assert list(selectors.cadre_candidates(city.qingxiu.pk)) == [people.partner]
