"""The bureau edits targets in the back office; the dashboard follows."""

import datetime

import pytest
from django.urls import reverse

from portal.models import Target
from portal.tests.helpers import log_in
from schools.tests.factories import GuidanceActivityFactory, SemesterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ACTIVITIES = "schools.guidance_activities_per_semester"


def add_target(client, **fields):
    data = {"indicator": ACTIVITIES, "district": "", "school": "", "period": "", "note": ""}
    data.update(fields)
    return client.post(reverse("admin:portal_target_add"), data)


def test_a_period_that_does_not_fit_the_indicator_is_refused(client, people):
    log_in(client, people.city_officer)
    response = add_target(client, period="2026", value="3")
    assert response.status_code == 200
    assert "counts by semester" in response.content.decode()
    response = add_target(client, period="autumn", value="3")
    assert "counts by semester" in response.content.decode()
    assert not Target.objects.filter(value=3).exists()


def test_a_school_outside_the_district_chosen_is_refused(client, city, people):
    log_in(client, people.city_officer)
    response = add_target(
        client, district=city.xixiangtang.pk, school=city.school.pk, value="3", period="2026-1"
    )
    assert "not in the district chosen" in response.content.decode()
    assert not Target.objects.filter(value=3).exists()


def test_an_edited_target_shows_on_the_dashboard_at_once(client, city, people):
    autumn = SemesterFactory()
    GuidanceActivityFactory(school=city.school, semester=autumn, held_on=datetime.date(2026, 10, 9))
    log_in(client, people.city_officer)
    url = reverse("dashboard:school-indicator", args=[city.school.pk, ACTIVITIES])
    before = client.get(url + "?month=2026-11").context["figure"]
    assert (before.target, before.status) == (2, "red")

    response = add_target(client, school=city.school.pk, period="2026-1", value="1")
    assert response.status_code == 302

    after = client.get(url + "?month=2026-11").context["figure"]
    assert (after.target, after.status) == (1, "green")
    listing = client.get(reverse("admin:portal_target_changelist")).content.decode()
    assert "2026-1" in listing and "every period" in listing
