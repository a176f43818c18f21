"""The back office for partners and alliances: every page opens, phones
are masked where the person may not change the row, hours keep the rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import VolunteerHours
from community.tests.factories_partners import (
    AllianceFactory,
    DepartmentFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
    LecturerFactory,
    MeetingAttendeeFactory,
    OrganisationFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MODELS = [
    "organisation",
    "volunteer",
    "volunteerhours",
    "lecturergroup",
    "lecturer",
    "department",
    "alliance",
    "jointmeeting",
    "meetingattendee",
    "followuptask",
]


def officer_client(client, user):
    client.force_login(user)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


@pytest.fixture
def rows(city):
    volunteer = VolunteerFactory(districts=[city.qingxiu], phone="13912345678")
    entry = VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu)
    police = DepartmentFactory(district=city.qingxiu)
    alliance = AllianceFactory(district=city.qingxiu, departments=[police], schools=[city.school])
    meeting = JointMeetingFactory(alliance=alliance)
    MeetingAttendeeFactory(meeting=meeting, department=police)
    task = FollowUpTaskFactory(meeting=meeting)
    LecturerFactory()
    OrganisationFactory(district=city.xixiangtang, contact_phone="13900002222")
    return {"volunteer": volunteer, "entry": entry, "meeting": meeting, "task": task}


@pytest.mark.parametrize("model", MODELS)
def test_city_officer_opens_every_list(client, people, rows, model):
    client = officer_client(client, people.city_officer)
    assert client.get(reverse(f"admin:community_{model}_changelist")).status_code == 200


def test_change_pages_with_inlines_open(client, people, rows):
    client = officer_client(client, people.city_officer)
    for url in (
        reverse("admin:community_volunteer_change", args=[rows["volunteer"].pk]),
        reverse("admin:community_jointmeeting_change", args=[rows["meeting"].pk]),
        reverse("admin:community_followuptask_change", args=[rows["task"].pk]),
    ):
        assert client.get(url).status_code == 200


def test_phones_are_in_full_only_on_rows_one_may_change(client, people, rows):
    LecturerFactory(name="市级讲师", phone="13600009999")
    client = officer_client(client, people.city_officer)
    page = client.get(reverse("admin:community_organisation_changelist")).content.decode()
    assert "13900002222" in page
    client = officer_client(client, people.district_officer)
    page = client.get(reverse("admin:community_volunteer_changelist")).content.decode()
    assert "13912345678" in page
    # A city-level lecturer is public, but only the city may change them.
    page = client.get(reverse("admin:community_lecturer_changelist")).content.decode()
    assert "136****9999" in page and "13600009999" not in page


def test_admin_hours_keep_the_days_rules(client, people, city, rows):
    client = officer_client(client, people.district_officer)
    response = client.post(
        reverse("admin:community_volunteerhours_add"),
        {
            "volunteer": rows["volunteer"].pk,
            "served_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "hours": "3",
            "activity": "辅导",
            "district": city.qingxiu.pk,
        },
    )
    assert response.status_code == 200
    assert "future date" in response.content.decode()
    assert VolunteerHours.objects.count() == 1


def test_admin_logs_and_verifies_hours_through_the_service(client, people, city, rows):
    client = officer_client(client, people.district_officer)
    response = client.post(
        reverse("admin:community_volunteerhours_add"),
        {
            "volunteer": rows["volunteer"].pk,
            "served_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
            "hours": "3",
            "activity": "家长课堂",
            "district": city.qingxiu.pk,
        },
    )
    assert response.status_code == 302
    entry = VolunteerHours.objects.get(activity="家长课堂")
    assert entry.recorded_by == people.district_officer
    client.post(
        reverse("admin:community_volunteerhours_changelist"),
        {"action": "verify", "_selected_action": [entry.pk]},
    )
    entry.refresh_from_db()
    assert entry.verified_by == people.district_officer


def test_other_district_officer_gets_404_for_the_meeting(client, people, rows):
    client = officer_client(client, people.other_district_officer)
    url = reverse("admin:community_jointmeeting_change", args=[rows["meeting"].pk])
    assert client.get(url).status_code == 404
