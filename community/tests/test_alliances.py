import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Alliance, FollowUpTask, JointMeeting, MeetingAttendee
from community.services import alliances as services
from community.services.alliances import AttendeeInput, TaskInput
from community.services.errors import CommunityError
from community.tests.factories_partners import (
    AllianceFactory,
    DepartmentFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
    MeetingAttendeeFactory,
)
from portal.models import Notification
from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


@pytest.fixture
def liaison(db):
    return UserFactory(username="police", name="蒙警官")


@pytest.fixture
def police(city, liaison):
    return DepartmentFactory(name="青秀公安分局", district=city.qingxiu, liaisons=[liaison])


@pytest.fixture
def alliance(city, police):
    return AllianceFactory(
        name="青秀区警教协同联盟",
        district=city.qingxiu,
        departments=[police],
        schools=[city.school],
        established_on=datetime.date(2023, 9, 1),
    )


@pytest.fixture
def other_alliance(city):
    hospital = DepartmentFactory(name="西乡塘区人民医院", kind="health", district=city.xixiangtang)
    return AllianceFactory(
        name="西乡塘区医教协同联盟",
        kind=Alliance.Kind.MEDICAL_EDUCATION,
        district=city.xixiangtang,
        departments=[hospital],
        schools=[city.other_school],
    )


def record(by, alliance, **overrides):
    held_on = overrides.pop("held_on", TODAY() - datetime.timedelta(days=1))
    police = alliance.departments.first()
    school = alliance.schools.first()
    arguments = {
        "by": by,
        "alliance": alliance,
        "held_on": held_on,
        "location": "区教育局会议室",
        "minutes": "研究校园周边治安整治。",
        "attendees": [
            AttendeeInput(name="蒙警官", department=police),
            AttendeeInput(name="梁校长", school=school),
        ],
        "tasks": [],
        **overrides,
    }
    return services.record_meeting(**arguments)


def nothing_saved():
    return not (
        JointMeeting.objects.exists()
        or MeetingAttendee.objects.exists()
        or FollowUpTask.objects.exists()
        or Notification.objects.filter(kind__startswith="community.task").exists()
    )


# --- Services: meetings -----------------------------------------------------


def test_officer_records_a_meeting_and_task_owners_are_told(people, alliance, liaison):
    due = TODAY() + datetime.timedelta(days=14)
    meeting = record(
        people.district_officer,
        alliance,
        tasks=[TaskInput(title="校门口增设护学岗", owner=liaison, due_on=due)],
    )
    assert meeting.district == alliance.district
    assert [a.name for a in meeting.attendees.order_by("pk")] == ["蒙警官", "梁校长"]
    task = meeting.tasks.get()
    assert (task.owner, task.status, task.due_on) == (liaison, "open", due)
    notice = Notification.objects.get(recipient=liaison)
    assert notice.kind == services.TASK_ASSIGNED
    assert "校门口增设护学岗" in notice.title
    assert notice.url == reverse("community:my-tasks")


def test_task_due_before_the_meeting_saves_nothing(people, alliance, liaison):
    held_on = TODAY() - datetime.timedelta(days=3)
    with pytest.raises(CommunityError, match="cannot be due before the meeting"):
        record(
            people.district_officer,
            alliance,
            held_on=held_on,
            tasks=[
                TaskInput(title="先做的", owner=liaison, due_on=held_on),
                TaskInput(title="太早的", owner=liaison, due_on=held_on - datetime.timedelta(1)),
            ],
        )
    assert nothing_saved()


def test_attendee_representing_nobody_saves_nothing(people, alliance):
    with pytest.raises(CommunityError, match="must represent a department or a school"):
        record(people.district_officer, alliance, attendees=[AttendeeInput(name="无名氏")])
    assert nothing_saved()


def test_attendee_from_outside_the_alliance_is_refused(people, alliance, other_alliance):
    outsider = other_alliance.departments.get()
    with pytest.raises(CommunityError, match="is not in this alliance"):
        record(
            people.district_officer,
            alliance,
            attendees=[AttendeeInput(name="外人", department=outsider)],
        )
    assert nothing_saved()


def test_meeting_without_attendees_is_refused(people, alliance):
    with pytest.raises(CommunityError, match="who attended"):
        record(people.district_officer, alliance, attendees=[])


def test_meeting_in_the_future_is_refused(people, alliance):
    with pytest.raises(CommunityError, match="after it is held"):
        record(people.district_officer, alliance, held_on=TODAY() + datetime.timedelta(days=1))
    assert nothing_saved()


def test_meeting_without_minutes_is_refused(people, alliance):
    with pytest.raises(CommunityError, match="minutes"):
        record(people.district_officer, alliance, minutes="  ")


def test_task_without_owner_or_owned_by_an_outsider_is_refused(people, alliance):
    due = TODAY() + datetime.timedelta(days=7)
    with pytest.raises(CommunityError, match="needs an owner"):
        record(people.district_officer, alliance, tasks=[TaskInput("无人", None, due)])
    with pytest.raises(CommunityError, match="cannot own a task of this alliance"):
        record(people.district_officer, alliance, tasks=[TaskInput("家长", people.parent, due)])
    assert nothing_saved()


def test_district_officer_recording_for_another_districts_alliance_gets_404(
    people, alliance, other_alliance
):
    with pytest.raises(Http404):
        record(people.district_officer, other_alliance)
    with pytest.raises(Http404):
        record(people.school_leader, alliance)
    assert nothing_saved()


# --- Services: alliances ----------------------------------------------------


def test_city_officer_creates_a_city_wide_alliance(people, city, police):
    alliance = services.create_alliance(
        by=people.city_officer,
        name="市医教协同联盟",
        kind=Alliance.Kind.MEDICAL_EDUCATION,
        purpose="学生心理健康",
        district=None,
        departments=[police],
        schools=[city.school, city.other_school],
        established_on=TODAY(),
    )
    assert set(alliance.schools.all()) == {city.school, city.other_school}


def test_district_alliance_cannot_join_another_districts_school(people, city, police):
    with pytest.raises(CommunityError, match="is in another district"):
        services.create_alliance(
            by=people.district_officer,
            name="青秀联盟",
            kind=Alliance.Kind.POLICE_EDUCATION,
            purpose="安全",
            district=city.qingxiu,
            departments=[police],
            schools=[city.other_school],
            established_on=TODAY(),
        )
    assert not Alliance.objects.exists()


def test_alliance_needs_a_department_and_a_free_name(people, city, alliance, police):
    arguments = {
        "by": people.district_officer,
        "kind": Alliance.Kind.POLICE_EDUCATION,
        "purpose": "安全",
        "district": city.qingxiu,
        "established_on": TODAY(),
    }
    with pytest.raises(CommunityError, match="at least one department"):
        services.create_alliance(name="新联盟", departments=[], **arguments)
    with pytest.raises(CommunityError, match="already exists"):
        services.create_alliance(name=alliance.name, departments=[police], **arguments)


def test_district_officer_cannot_create_for_another_district(people, city):
    hospital = DepartmentFactory(district=city.xixiangtang)
    with pytest.raises(Http404):
        services.create_alliance(
            by=people.district_officer,
            name="越权联盟",
            kind=Alliance.Kind.OTHER,
            purpose="x",
            district=city.xixiangtang,
            departments=[hospital],
            established_on=TODAY(),
        )
    assert not Alliance.objects.exists()


# --- Services: tasks --------------------------------------------------------


@pytest.fixture
def task(alliance, liaison, people):
    meeting = JointMeetingFactory(alliance=alliance, recorded_by=people.district_officer)
    return FollowUpTaskFactory(meeting=meeting, owner=liaison, title="排查校园周边网吧")


def test_owner_closes_a_task_with_an_outcome_and_reopens_it(task, liaison):
    with pytest.raises(CommunityError, match="before closing it"):
        services.complete_task(by=liaison, task=task, outcome=" ")
    task.refresh_from_db()
    assert task.status == "open"
    services.complete_task(by=liaison, task=task, outcome="已排查12家")
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("done", "已排查12家") and task.done_at
    with pytest.raises(CommunityError, match="already done"):
        services.complete_task(by=liaison, task=task, outcome="again")
    services.reopen_task(by=liaison, task=task)
    task.refresh_from_db()
    assert task.status == "open" and task.done_at is None
    with pytest.raises(CommunityError, match="still open"):
        services.reopen_task(by=liaison, task=task)


def test_officer_reopening_a_task_tells_its_owner(people, task, liaison):
    services.complete_task(by=liaison, task=task, outcome="完成")
    services.reopen_task(by=people.district_officer, task=task)
    assert Notification.objects.filter(recipient=liaison, kind=services.TASK_REOPENED).exists()


def test_a_reader_who_is_not_the_owner_cannot_close_the_task(people, task):
    with pytest.raises(CommunityError, match="owner or an education officer"):
        services.complete_task(by=people.school_leader, task=task, outcome="代办")
    with pytest.raises(Http404):
        services.complete_task(by=people.other_district_officer, task=task, outcome="越权")
    task.refresh_from_db()
    assert task.status == "open"


# --- Access by persona ------------------------------------------------------


def test_school_leader_sees_their_schools_alliance_not_another_districts(
    client, people, alliance, other_alliance
):
    log_in(client, people.school_leader)
    page = client.get(reverse("community:alliances")).content.decode()
    assert "青秀区警教协同联盟" in page and "西乡塘区医教协同联盟" not in page
    assert client.get(reverse("community:alliance-detail", args=[alliance.pk])).status_code == 200
    url = reverse("community:alliance-detail", args=[other_alliance.pk])
    assert client.get(url).status_code == 404


# ALLIANCE_READERS in community/access_rules.py lists school leaders and
# counsellors but not teachers; strict, so this fails once teachers are added.
def test_teacher_sees_their_schools_alliance_not_another_districts(
    client, people, alliance, other_alliance
):
    log_in(client, people.teacher)
    assert client.get(reverse("community:alliance-detail", args=[alliance.pk])).status_code == 200
    url = reverse("community:alliance-detail", args=[other_alliance.pk])
    assert client.get(url).status_code == 404


def test_other_schools_teacher_gets_404_for_the_alliance(client, people, alliance):
    log_in(client, people.other_school_teacher)
    url = reverse("community:alliance-detail", args=[alliance.pk])
    assert client.get(url).status_code == 404


def test_liaison_sees_their_departments_alliance(client, liaison, alliance, other_alliance):
    log_in(client, liaison)
    page = client.get(reverse("community:alliances")).content.decode()
    assert "青秀区警教协同联盟" in page and "西乡塘区医教协同联盟" not in page


def test_task_owner_sees_and_closes_their_task_on_my_tasks(client, people, alliance):
    owner = people.head_teacher
    meeting = JointMeetingFactory(alliance=alliance)
    task = FollowUpTaskFactory(meeting=meeting, owner=owner, title="组织防溺水家长会")
    FollowUpTaskFactory(meeting=meeting, title="别人的任务")
    log_in(client, owner)
    page = client.get(reverse("community:my-tasks")).content.decode()
    assert "组织防溺水家长会" in page and "别人的任务" not in page
    assert "Overdue since" in page
    response = client.post(
        reverse("community:task-complete", args=[task.pk]), {"outcome": "已召开家长会"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.outcome == "已召开家长会"
    client.post(reverse("community:task-reopen", args=[task.pk]))
    task.refresh_from_db()
    assert task.status == "open"


def test_closing_without_outcome_on_the_page_says_why(client, people, alliance):
    task = FollowUpTaskFactory(meeting=JointMeetingFactory(alliance=alliance), owner=people.parent)
    log_in(client, people.parent)
    response = client.post(
        reverse("community:task-complete", args=[task.pk]), {"outcome": ""}, follow=True
    )
    assert "before closing it" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_stranger_cannot_touch_someone_elses_task(client, people, task):
    log_in(client, people.stranger)
    url = reverse("community:task-complete", args=[task.pk])
    assert client.post(url, {"outcome": "x"}).status_code == 404


# --- Pages ------------------------------------------------------------------


def test_alliance_page_shows_meetings_attendees_and_overdue_tasks(client, people, alliance, task):
    MeetingAttendeeFactory(
        meeting=task.meeting, name="蒙警官", department=alliance.departments.get()
    )
    log_in(client, people.district_officer)
    list_page = client.get(reverse("community:alliances")).content.decode()
    assert "1 overdue" in list_page and "排查校园周边网吧" in list_page
    page = client.get(reverse("community:alliance-detail", args=[alliance.pk])).content.decode()
    assert "蒙警官" in page and "青秀公安分局" in page
    assert "is-overdue" in page and "排查校园周边网吧" in page
    assert reverse("community:meeting-new", args=[alliance.pk]) in page


def _meeting_post(alliance, liaison, **changes):
    data = {
        "held_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "location": "区教育局会议室",
        "minutes": "通报情况。",
        "attendees-TOTAL_FORMS": "2",
        "attendees-INITIAL_FORMS": "0",
        "attendees-0-name": "蒙警官",
        "attendees-0-department": str(alliance.departments.get().pk),
        "attendees-1-name": "",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-title": "护学岗",
        "tasks-0-owner": str(liaison.pk),
        "tasks-0-due_on": (TODAY() + datetime.timedelta(days=7)).isoformat(),
    }
    data.update(changes)
    return data


def test_officer_records_a_meeting_on_the_page(client, people, alliance, liaison):
    log_in(client, people.district_officer)
    url = reverse("community:meeting-new", args=[alliance.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _meeting_post(alliance, liaison))
    assert response.status_code == 302
    meeting = JointMeeting.objects.get()
    assert meeting.attendees.count() == 1 and meeting.tasks.get().owner == liaison


def test_meeting_form_shows_the_rule_and_saves_nothing(client, people, alliance, liaison):
    log_in(client, people.district_officer)
    url = reverse("community:meeting-new", args=[alliance.pk])
    response = client.post(url, _meeting_post(alliance, liaison, **{"attendees-0-department": ""}))
    assert response.status_code == 200
    assert "must represent a department or a school" in response.content.decode()
    assert nothing_saved()


def test_meeting_form_of_another_districts_alliance_is_404(client, people, other_alliance):
    log_in(client, people.district_officer)
    url = reverse("community:meeting-new", args=[other_alliance.pk])
    assert client.get(url).status_code == 404


# --- Query counts -----------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_alliance_list_queries_do_not_grow_with_rows(
    client, people, city, police, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            alliance = AllianceFactory(district=city.qingxiu, departments=[police])
            FollowUpTaskFactory(meeting=JointMeetingFactory(alliance=alliance))

    log_in(client, people.district_officer)
    url = reverse("community:alliances")
    add(10)
    at_ten = _count_queries(client, url)
    add(90)
    with django_assert_num_queries(at_ten):
        client.get(url)


def test_my_tasks_queries_do_not_grow_with_rows(
    client, people, alliance, liaison, django_assert_num_queries
):
    meeting = JointMeetingFactory(alliance=alliance)

    def add(n):
        for index in range(n):
            FollowUpTaskFactory(
                meeting=meeting,
                owner=liaison,
                status="done" if index % 2 else "open",
                done_at=timezone.now() if index % 2 else None,
            )

    log_in(client, liaison)
    url = reverse("community:my-tasks")
    add(10)
    at_ten = _count_queries(client, url)
    add(90)
    with django_assert_num_queries(at_ten):
        client.get(url)


def test_alliance_page_queries_do_not_grow_with_meetings(
    client, people, alliance, police, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            meeting = JointMeetingFactory(alliance=alliance)
            FollowUpTaskFactory(meeting=meeting)

    log_in(client, people.district_officer)
    url = reverse("community:alliance-detail", args=[alliance.pk])
    add(10)
    at_ten = _count_queries(client, url)
    add(90)
    with django_assert_num_queries(at_ten):
        client.get(url)
