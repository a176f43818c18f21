"""The counselling and content API and back office: scoped, documented,
written through the services."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from families.models import CounsellingRequest, CounsellingStation, HotlineCall, ReadingItem, Tip
from families.tests.factories_content import (
    CounsellingRequestFactory,
    CounsellingStationFactory,
    HotlineCallFactory,
    ParentLinkFactory,
    ReadingItemFactory,
    TipFactory,
)
from portal.models import Notification
from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def station(city, people):
    return CounsellingStationFactory(
        name="青秀区润心工作站",
        district=city.qingxiu,
        lead=UserFactory(username="lead", name="覃站长", is_staff=True),
        counsellors=[people.counsellor],
    )


def test_every_model_admin_has_list_display_filter_and_search():
    for model in (ReadingItem, Tip, CounsellingStation, CounsellingRequest, HotlineCall):
        model_admin = admin.site._registry[model]
        assert model_admin.list_display and model_admin.list_filter and model_admin.search_fields


def test_admin_shows_counselling_to_station_members_only(client, people, station):
    item = CounsellingRequestFactory(station=station, requester=people.parent)
    HotlineCallFactory(station=station)
    changelist = reverse("admin:families_counsellingrequest_changelist")
    change = reverse("admin:families_counsellingrequest_change", args=[item.pk])
    log_in(client, station.lead)
    assert list(client.get(changelist).context["cl"].result_list) == [item]
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:families_hotlinecall_changelist")).status_code == 200
    for outsider in (people.city_officer, people.school_leader, people.district_officer):
        log_in(client, outsider)
        assert client.get(changelist).status_code == 403
        assert client.get(change).status_code in (403, 404)


def test_city_officer_curates_the_reading_list_in_admin(client, people):
    ReadingItemFactory(title="正面管教")
    log_in(client, people.city_officer)
    page = client.get(reverse("admin:families_readingitem_changelist") + "?q=正面")
    assert "正面管教" in page.content.decode()
    log_in(client, people.school_leader)
    assert client.get(reverse("admin:families_readingitem_add")).status_code == 403


# --- API -----------------------------------------------------------------------


def test_reading_list_api_is_public(client):
    ReadingItemFactory(title="正面管教")
    response = client.get(reverse("api:reading-list"))
    assert response.status_code == 200
    assert response.json()[0]["items"][0]["title"] == "正面管教"


def test_tip_api_publishes_and_lists_for_the_parent(
    client, city, people, django_capture_on_commit_callbacks
):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    log_in(client, people.school_leader)
    payload = {
        "title": "亲子沟通",
        "body": "多听少说。",
        "audience": "grade",
        "school": city.school.pk,
        "grade": 3,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api:tip-list"), payload, content_type="application/json")
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=people.parent, kind="families.tip").count() == 1
    bad = client.post(
        reverse("api:tip-list"),
        {**payload, "school": city.other_school.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "You may not publish tips to this school." in bad.json()["school"][0]
    TipFactory(audience="school", school=city.other_school, title="他校")
    log_in(client, people.parent)
    titles = [tip["title"] for tip in client.get(reverse("api:tip-list")).json()["results"]]
    assert titles == ["亲子沟通"]


def test_counselling_api_flow_and_wall(client, city, people, station):
    ParentLinkFactory(user=people.parent, student=city.student_1)
    CounsellingStationFactory(name="市站")
    log_in(client, people.parent)
    created = client.post(
        reverse("api:counselling-request-list"),
        {
            "topic": "policy",
            "for_whom": "self",
            "student": city.student_1.pk,
            "preferred_channel": "message",
            "description": "想了解入学政策和材料。",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["station"] == station.pk
    pk = created.json()["id"]
    not_mine = client.post(
        reverse("api:counselling-request-list"),
        {
            "topic": "policy",
            "for_whom": "self",
            "student": city.student_2.pk,
            "preferred_channel": "phone",
            "description": "想了解入学政策和材料。",
        },
        content_type="application/json",
    )
    assert not_mine.status_code == 400
    assert client.get(reverse("api:counselling-queue")).status_code == 404
    log_in(client, people.city_officer)
    assert client.get(reverse("api:counselling-request-detail", args=[pk])).status_code == 404
    assert (
        client.post(
            reverse("api:counselling-assign", args=[pk]), {"counsellor": people.counsellor.pk}
        ).status_code
        == 404
    )
    log_in(client, station.lead)
    assert [
        row["id"] for row in client.get(reverse("api:counselling-queue")).json()["results"]
    ] == [pk]
    assigned = client.post(
        reverse("api:counselling-assign", args=[pk]), {"counsellor": people.counsellor.pk}
    )
    assert assigned.json()["status"] == "assigned"
    refused = client.post(reverse("api:counselling-move", args=[pk]), {"action": "close"})
    assert refused.status_code == 400
    assert "Write the outcome" in refused.json()["outcome"][0]
    closed = client.post(
        reverse("api:counselling-move", args=[pk]), {"action": "close", "outcome": "已答复。"}
    )
    assert closed.json()["status"] == "closed"


def test_hotline_api_logs_and_sums(client, people, station):
    log_in(client, people.counsellor)
    started = timezone.now() - datetime.timedelta(hours=3)
    payload = {
        "station": station.pk,
        "started_at": started.isoformat(),
        "ended_at": (started + datetime.timedelta(minutes=90)).isoformat(),
        "topic": "psychology",
        "caller": "child",
        "summary": "孩子倾诉学习压力。",
    }
    assert (
        client.post(
            reverse("api:hotline-call-list"), payload, content_type="application/json"
        ).status_code
        == 201
    )
    too_long = {**payload, "ended_at": (started + datetime.timedelta(hours=5)).isoformat()}
    response = client.post(
        reverse("api:hotline-call-list"), too_long, content_type="application/json"
    )
    assert response.status_code == 400
    hours = client.get(
        reverse("api:hotline-hours"), {"year": timezone.localdate(started).year}
    ).json()
    assert hours["calls"] == 1 and hours["hours"] == "1.5"
    log_in(client, people.city_officer)
    assert client.get(reverse("api:hotline-hours")).status_code == 404
    assert (
        client.post(
            reverse("api:hotline-call-list"), payload, content_type="application/json"
        ).status_code
        == 404
    )


def test_schema_documents_the_endpoints(client, people):
    log_in(client, people.city_officer)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/families/tips/",
        "/api/families/counselling/queue/",
        "/api/families/hotline/hours/",
    ):
        assert path in schema
