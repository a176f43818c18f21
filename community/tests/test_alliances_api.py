import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import FollowUpTask, JointMeeting, MeetingAttendee
from community.tests.factories_partners import (
    AllianceFactory,
    DepartmentFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
)
from portal.models import Notification
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def liaison(db):
    return UserFactory(username="police", name="蒙警官")


@pytest.fixture
def alliance(city, liaison):
    police = DepartmentFactory(name="青秀公安分局", district=city.qingxiu, liaisons=[liaison])
    return AllianceFactory(
        name="青秀区警教协同联盟",
        district=city.qingxiu,
        departments=[police],
        schools=[city.school],
    )


@pytest.fixture
def other_alliance(city):
    return AllianceFactory(
        name="西乡塘区医教协同联盟",
        district=city.xixiangtang,
        departments=[DepartmentFactory(district=city.xixiangtang)],
    )


def meeting_payload(alliance, liaison, **changes):
    payload = {
        "alliance": alliance.pk,
        "held_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "location": "区教育局会议室",
        "minutes": "通报情况。",
        "attendees": [
            {"name": "蒙警官", "department": alliance.departments.get().pk},
            {"name": "梁校长", "school": alliance.schools.get().pk},
        ],
        "tasks": [
            {
                "title": "护学岗",
                "owner": liaison.pk,
                "due_on": (TODAY() + datetime.timedelta(days=7)).isoformat(),
            }
        ],
    }
    payload.update(changes)
    return payload


def test_officer_records_a_meeting_through_the_api(api, people, alliance, liaison):
    api.force_authenticate(people.district_officer)
    response = api.post(
        reverse("api:meeting-list"), meeting_payload(alliance, liaison), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["attendees"]) == 2 and body["tasks"][0]["owner"] == "蒙警官"
    assert Notification.objects.filter(recipient=liaison).count() == 1


def test_bad_meeting_is_a_400_and_saves_nothing(api, people, alliance, liaison):
    api.force_authenticate(people.district_officer)
    payload = meeting_payload(
        alliance,
        liaison,
        tasks=[
            {
                "title": "太早",
                "owner": liaison.pk,
                "due_on": (TODAY() - datetime.timedelta(days=5)).isoformat(),
            }
        ],
    )
    response = api.post(reverse("api:meeting-list"), payload, format="json")
    assert response.status_code == 400
    assert "before the meeting" in str(response.json())
    assert not (JointMeeting.objects.exists() or MeetingAttendee.objects.exists())
    payload = meeting_payload(alliance, liaison, attendees=[{"name": "无名氏"}])
    assert api.post(reverse("api:meeting-list"), payload, format="json").status_code == 400
    assert not JointMeeting.objects.exists()


def test_recording_for_another_districts_alliance_is_a_404(
    api, people, alliance, other_alliance, liaison
):
    api.force_authenticate(people.district_officer)
    payload = {**meeting_payload(alliance, liaison), "alliance": other_alliance.pk}
    assert api.post(reverse("api:meeting-list"), payload, format="json").status_code == 404
    assert not JointMeeting.objects.exists()


def test_alliances_are_scoped_and_out_of_scope_is_404(api, people, alliance, other_alliance):
    api.force_authenticate(people.school_leader)
    names = [row["name"] for row in api.get(reverse("api:alliance-list")).json()["results"]]
    assert names == ["青秀区警教协同联盟"]
    assert api.get(reverse("api:alliance-detail", args=[alliance.pk])).status_code == 200
    assert api.get(reverse("api:alliance-detail", args=[other_alliance.pk])).status_code == 404


def test_owner_completes_a_task_and_lists_overdue_ones(api, people, alliance, liaison):
    meeting = JointMeetingFactory(alliance=alliance, held_on=TODAY() - datetime.timedelta(30))
    late = FollowUpTaskFactory(
        meeting=meeting, owner=liaison, due_on=TODAY() - datetime.timedelta(1)
    )
    FollowUpTaskFactory(meeting=meeting, owner=liaison, due_on=TODAY() + datetime.timedelta(9))
    api.force_authenticate(liaison)
    overdue = api.get(reverse("api:follow-up-task-list"), {"overdue": "1"}).json()["results"]
    assert [row["id"] for row in overdue] == [late.pk] and overdue[0]["overdue"] is True
    url = reverse("api:follow-up-task-complete", args=[late.pk])
    assert api.post(url, {"outcome": ""}, format="json").status_code == 400
    response = api.post(url, {"outcome": "已完成"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    reopen = api.post(reverse("api:follow-up-task-reopen", args=[late.pk]))
    assert reopen.json()["status"] == "open"


def test_officer_adds_a_task_and_the_owner_is_told(api, people, alliance, liaison):
    meeting = JointMeetingFactory(alliance=alliance, held_on=TODAY() - datetime.timedelta(2))
    api.force_authenticate(people.district_officer)
    response = api.post(
        reverse("api:follow-up-task-list"),
        {
            "meeting": meeting.pk,
            "title": "补充排查",
            "owner": liaison.pk,
            "due_on": TODAY().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert FollowUpTask.objects.get().owner == liaison
    assert Notification.objects.filter(recipient=liaison).exists()


def test_stranger_cannot_complete_a_task(api, people, alliance):
    task = FollowUpTaskFactory(meeting=JointMeetingFactory(alliance=alliance))
    api.force_authenticate(people.stranger)
    url = reverse("api:follow-up-task-complete", args=[task.pk])
    assert api.post(url, {"outcome": "x"}, format="json").status_code == 404


def test_alliance_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api:schema")).content.decode()
    for path in ("/api/alliances/", "/api/meetings/", "/api/follow-up-tasks/", "/api/departments/"):
        assert path in schema


def test_alliance_api_list_queries_do_not_grow(api, people, city, django_assert_num_queries):
    police = DepartmentFactory(district=city.qingxiu)

    def add(n):
        for _ in range(n):
            alliance = AllianceFactory(district=city.qingxiu, departments=[police])
            FollowUpTaskFactory(meeting=JointMeetingFactory(alliance=alliance))

    api.force_authenticate(people.district_officer)
    url = reverse("api:alliance-list")
    add(10)
    api.get(url)  # the person's scope is then cached on the user object
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    add(90)
    with django_assert_num_queries(len(queries)):
        api.get(url)
