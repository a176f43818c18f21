"""The counselling station and hotline: routing, the access wall, states,
notifications, hotline calls and their hours."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import CounsellingRequest, HotlineCall, RequestStatus
from families.selectors.counselling import hotline_hours
from families.services import counselling as services
from families.services.errors import FamiliesError
from families.tests.factories_content import (
    CounsellingRequestFactory,
    CounsellingStationFactory,
    HotlineCallFactory,
    ParentLinkFactory,
)
from portal.models import Notification, Target
from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TZ = timezone.get_default_timezone()


@pytest.fixture
def stations(city, people):
    lead = UserFactory(username="lead", name="覃站长")
    city_station = CounsellingStationFactory(name="市润心工作站", lead=UserFactory(name="市站长"))
    qingxiu = CounsellingStationFactory(
        name="青秀区润心工作站", district=city.qingxiu, lead=lead, counsellors=[people.counsellor]
    )
    other = CounsellingStationFactory(
        name="西乡塘区润心工作站", district=city.xixiangtang, counsellors=[UserFactory(name="外站")]
    )
    return type(
        "Stations", (), {"city": city_station, "qingxiu": qingxiu, "other": other, "lead": lead}
    )


def ask(requester, **overrides):
    values = {
        "requester": requester,
        "topic": "psychology",
        "for_whom": "child",
        "preferred_channel": "phone",
        "description": "孩子最近不愿意上学，晚上睡不好。",
    }
    values.update(overrides)
    return services.request_counselling(**values)


# --- asking -------------------------------------------------------------------


def test_request_about_a_child_goes_to_the_childs_district_station(city, people, stations):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    item = ask(people.parent, student=city.student_1)
    assert item.station == stations.qingxiu
    assert item.status == RequestStatus.NEW


def test_request_without_a_child_or_station_goes_to_the_city(city, people, stations):
    assert ask(people.stranger, for_whom="grandparent").station == stations.city
    ParentLinkFactory(user=people.parent, student=city.other_student)
    stations.other.delete()
    assert ask(people.parent, student=city.other_student).station == stations.city


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topic": "money"}, "Choose what you would like help with."),
        ({"for_whom": "neighbour"}, "Choose who the help is for."),
        ({"preferred_channel": "fax"}, "Choose how we should reach you."),
        ({"description": "  帮帮我 "}, "a sentence or two"),
        ({"student": "not_mine"}, "Choose one of your own children."),
    ],
)
def test_bad_requests_are_refused_and_nothing_saved(city, people, stations, overrides, message):
    if overrides.get("student") == "not_mine":
        overrides["student"] = city.student_2
    with pytest.raises(FamiliesError, match=message):
        ask(people.parent, **overrides)
    assert not CounsellingRequest.objects.exists()


def test_no_station_at_all_is_a_clear_refusal(people):
    with pytest.raises(FamiliesError, match="No counselling station is open yet"):
        ask(people.parent)


# --- the access wall ------------------------------------------------------------


@pytest.mark.parametrize(
    "outsider",
    [
        "city_officer",
        "district_officer",
        "school_leader",
        "head_teacher",
        "case_worker",
        "stranger",
    ],
)
def test_outsiders_get_404_on_a_request(client, city, people, stations, outsider):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    log_in(client, getattr(people, outsider))
    assert client.get(reverse("families:counselling-detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("api:counselling-request-detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("families:counselling-queue")).status_code == 404


def test_other_stations_counsellor_gets_404(client, people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    log_in(client, stations.other.counsellors.get())
    assert client.get(reverse("families:counselling-detail", args=[item.pk])).status_code == 404
    queue = client.get(reverse("families:counselling-queue")).content.decode()
    assert item.description not in queue


def test_requester_sees_own_requests_only(client, people, stations):
    mine = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    theirs = CounsellingRequestFactory(
        station=stations.qingxiu, requester=people.stranger, description="别人的求助内容"
    )
    log_in(client, people.parent)
    page = client.get(reverse("families:my-counselling")).content.decode()
    assert mine.description in page and "别人的求助内容" not in page
    assert client.get(reverse("families:counselling-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("families:counselling-detail", args=[theirs.pk])).status_code == 404


def test_station_members_see_the_queue(client, people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    CounsellingRequestFactory(station=stations.other, description="外站的求助内容")
    for member in (stations.lead, people.counsellor):
        log_in(client, member)
        page = client.get(reverse("families:counselling-queue")).content.decode()
        assert people.parent.name in page and "外站的求助内容" not in page
        detail = client.get(reverse("families:counselling-detail", args=[item.pk]))
        assert item.description in detail.content.decode()


# --- states and notifications ---------------------------------------------------


def test_lead_assigns_and_both_are_told_once(people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    item = services.assign_counsellor(request=item, counsellor=people.counsellor, by=stations.lead)
    services.assign_counsellor(request=item, counsellor=people.counsellor, by=stations.lead)
    assert item.status == RequestStatus.ASSIGNED and item.counsellor == people.counsellor
    kinds = list(Notification.objects.values_list("recipient_id", "kind"))
    assert sorted(kinds) == sorted(
        [
            (people.parent.pk, "families.counselling_assigned"),
            (people.counsellor.pk, "families.counselling_to_me"),
        ]
    )


def test_full_life_of_a_request(people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    services.assign_counsellor(request=item, counsellor=people.counsellor, by=stations.lead)
    item = services.move_request(request=item, to="in_progress", by=people.counsellor)
    item = services.move_request(
        request=item, to="closed", by=people.counsellor, outcome="已电话沟通三次，情况好转。"
    )
    assert item.status == RequestStatus.CLOSED and item.closed_at is not None
    assert (
        Notification.objects.filter(
            recipient=people.parent, kind="families.counselling_closed"
        ).count()
        == 1
    )
    with pytest.raises(FamiliesError, match="Only the station's lead may reopen"):
        services.move_request(request=item, to="new", by=people.counsellor)
    item = services.move_request(request=item, to="new", by=stations.lead)
    assert item.status == RequestStatus.ASSIGNED and item.closed_at is None


@pytest.mark.parametrize(
    ("status", "to", "by", "message"),
    [
        ("new", "in_progress", "lead", "A request that is new cannot become in progress."),
        ("assigned", "closed", "counsellor", "Write the outcome before closing"),
        ("closed", "in_progress", "lead", "cannot become in progress"),
        ("assigned", "assigned", "lead", "cannot become assigned to a counsellor"),
        ("assigned", "start", "lead", "cannot become start"),
        ("assigned", "in_progress", "other", "Only the assigned counsellor or the station's lead"),
    ],
)
def test_invalid_transitions_are_refused(people, stations, status, to, by, message):
    extra = {"closed_at": timezone.now()} if status == "closed" else {}
    item = CounsellingRequestFactory(
        station=stations.qingxiu,
        status=status,
        counsellor=None if status == "new" else people.counsellor,
        **extra,
    )
    actor = {"lead": stations.lead, "counsellor": people.counsellor, "other": people.city_officer}[
        by
    ]
    with pytest.raises(FamiliesError, match=message):
        services.move_request(request=item, to=to, by=actor)
    item.refresh_from_db()
    assert item.status == status


def test_only_the_lead_assigns_and_only_members(people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu)
    with pytest.raises(FamiliesError, match="Only the station's lead assigns"):
        services.assign_counsellor(request=item, counsellor=people.counsellor, by=people.counsellor)
    with pytest.raises(FamiliesError, match="is not a counsellor of this station"):
        services.assign_counsellor(
            request=item, counsellor=stations.other.counsellors.get(), by=stations.lead
        )
    item.refresh_from_db()
    assert item.status == RequestStatus.NEW and not Notification.objects.exists()


def test_pages_assign_and_close_with_clear_messages(client, people, stations):
    item = CounsellingRequestFactory(station=stations.qingxiu, requester=people.parent)
    log_in(client, stations.lead)
    url = reverse("families:counselling-detail", args=[item.pk])
    client.post(
        reverse("families:counselling-assign", args=[item.pk]), {"counsellor": people.counsellor.pk}
    )
    response = client.post(
        reverse("families:counselling-move", args=[item.pk]), {"action": "close"}, follow=True
    )
    assert "Write the outcome before closing the request." in response.content.decode()
    client.post(
        reverse("families:counselling-move", args=[item.pk]),
        {"action": "close", "outcome": "已解决"},
    )
    item.refresh_from_db()
    assert item.status == RequestStatus.CLOSED and item.counsellor == people.counsellor
    assert "Reopen the request" in client.get(url).content.decode()


def test_request_form_sends_the_request(client, city, people, stations):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    log_in(client, people.parent)
    form = client.get(reverse("families:counselling-new")).content.decode()
    assert city.student_1.name in form
    response = client.post(
        reverse("families:counselling-new"),
        {
            "topic": "study_methods",
            "for_whom": "child",
            "student": city.student_1.pk,
            "preferred_channel": "phone",
            "preferred_time": "周末",
            "description": "孩子写作业拖拉，想请教方法。",
        },
    )
    assert response.status_code == 302
    assert CounsellingRequest.objects.get().station == stations.qingxiu


def test_request_form_shows_bad_input(client, people, stations):
    log_in(client, people.parent)
    response = client.post(
        reverse("families:counselling-new"),
        {
            "topic": "psychology",
            "for_whom": "self",
            "preferred_channel": "phone",
            "description": "短",
        },
    )
    assert "a sentence or two" in response.content.decode()
    assert not CounsellingRequest.objects.exists()


def test_queue_queries_are_the_same_at_10_and_100_rows(client, city, people, stations):
    def add(rows):
        for _n in range(rows):
            CounsellingRequestFactory(
                station=stations.qingxiu,
                student=city.student_1,
                status="assigned",
                counsellor=people.counsellor,
            )

    log_in(client, stations.lead)
    add(10)
    counts = []
    for url in (reverse("families:counselling-queue"), reverse("families:my-counselling")):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context))
    add(90)
    for url, at_10 in zip(
        (reverse("families:counselling-queue"), reverse("families:my-counselling")),
        counts,
        strict=True,
    ):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        assert len(context) == at_10 <= 10


# --- hotline --------------------------------------------------------------------


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


def call(stations, started, minutes, **overrides):
    values = {
        "station": stations.qingxiu,
        "counsellor": stations.lead,
        "started_at": started,
        "ended_at": started + datetime.timedelta(minutes=minutes),
        "topic": "psychology",
        "caller": "grandparent",
        "summary": "奶奶询问孩子沉迷手机怎么办。",
    }
    values.update(overrides)
    return services.log_hotline_call(**values)


@pytest.mark.parametrize(
    ("minutes", "start_offset", "overrides", "message"),
    [
        (0, -60, {}, "The call must end after it starts."),
        (-10, -60, {}, "The call must end after it starts."),
        (30, 10, {}, "The call cannot end in the future."),
        (241, -300, {}, "A call cannot last more than 4 hours"),
        (30, -60, {"caller_name": "王奶奶"}, "An anonymous call has no caller's name"),
        (30, -60, {"summary": " "}, "Write a short summary"),
        (30, -60, {"topic": "gossip"}, "Choose the call's topic."),
        (30, -60, {"caller": "uncle"}, "Choose who called."),
        (30, -60, {"counsellor": "outsider"}, "Only the station's counsellors log"),
    ],
)
def test_bad_calls_are_refused(people, stations, minutes, start_offset, overrides, message):
    if overrides.get("counsellor") == "outsider":
        overrides["counsellor"] = stations.other.counsellors.get()
    started = timezone.now() + datetime.timedelta(minutes=start_offset)
    with pytest.raises(FamiliesError, match=message):
        call(stations, started, minutes, **overrides)
    assert not HotlineCall.objects.exists()


def test_named_call_keeps_the_name(people, stations):
    logged = call(
        stations,
        timezone.now() - datetime.timedelta(hours=5),
        240,
        anonymous=False,
        caller_name="王奶奶",
    )
    assert logged.caller_name == "王奶奶"


def test_hours_add_up_per_month_across_the_year_boundary(people, stations):
    call(stations, at(2024, 12, 31, 23, 30), 60)  # starts in December: counts for 2024
    call(stations, at(2025, 1, 1, 0, 15), 45)
    call(stations, at(2025, 1, 20, 9, 0), 90)
    call(stations, at(2025, 3, 5, 20, 0), 30, counsellor=people.counsellor)
    HotlineCallFactory(station=stations.other, started_at=at(2025, 1, 3, 9, 0))
    hours_2025 = hotline_hours(stations.lead, stations.qingxiu, 2025)
    assert [(m.month, m.calls, str(m.hours)) for m in hours_2025.months if m.calls] == [
        (1, 2, "2.3"),
        (3, 1, "0.5"),
    ]
    # The city's 2,500 hours are the city's total, not each district's.
    assert (hours_2025.calls, str(hours_2025.hours), hours_2025.target) == (3, "2.8", None)
    Target.objects.create(
        indicator="families.hotline_hours_per_year", district=stations.qingxiu.district, value=400
    )
    assert hotline_hours(stations.lead, stations.qingxiu, 2025).target == 400
    hours_2024 = hotline_hours(people.counsellor, stations.qingxiu, 2024)
    assert (hours_2024.months[11].calls, str(hours_2024.hours)) == (1, "1.0")


def test_hours_are_one_aggregate_query(people, stations, django_assert_num_queries):
    for day in range(1, 29):
        call(stations, at(2025, 2, day, 9, 0), 30)
    with django_assert_num_queries(3):  # the person's roles, the hours, the target
        hours = hotline_hours(stations.lead, stations.qingxiu, 2025)
    assert hours.months[1].calls == 28 and str(hours.hours) == "14.0"


def test_hotline_pages_for_members_only(client, people, stations):
    log_in(client, people.counsellor)
    started = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("families:hotline-new"),
        {
            "station": stations.qingxiu.pk,
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (started + datetime.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M"),
            "topic": "policy",
            "caller": "self",
            "anonymous": "on",
            "summary": "家长咨询入学政策。",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "0.8" in page and "家长咨询入学政策" in page
    for outsider in (people.city_officer, people.school_leader, people.parent):
        log_in(client, outsider)
        assert client.get(reverse("families:hotline-hours")).status_code == 404
        assert client.get(reverse("families:hotline-new")).status_code == 404


def test_hotline_form_shows_the_four_hour_limit(client, people, stations):
    log_in(client, people.counsellor)
    started = timezone.localtime() - datetime.timedelta(hours=6)
    response = client.post(
        reverse("families:hotline-new"),
        {
            "station": stations.qingxiu.pk,
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (started + datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
            "topic": "policy",
            "caller": "self",
            "summary": "长时间通话。",
        },
    )
    assert "A call cannot last more than 4 hours" in response.content.decode()
    assert not HotlineCall.objects.exists()
