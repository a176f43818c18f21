import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import VolunteerHours
from community.tests.factories_partners import (
    LecturerFactory,
    OrganisationFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def volunteer(city):
    return VolunteerFactory(name="韦志愿", phone="13912345678", districts=[city.qingxiu])


def test_officer_logs_hours_through_the_api(api, people, city, volunteer):
    api.force_authenticate(people.district_officer)
    response = api.post(
        reverse("api:volunteer-hours-list"),
        {
            "volunteer": volunteer.pk,
            "served_on": YESTERDAY.isoformat(),
            "hours": "3.5",
            "activity": "课业辅导",
            "district": city.qingxiu.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["hours"] == "3.5" and response.json()["verified"] is False
    entry_id = response.json()["id"]
    response = api.post(reverse("api:volunteer-hours-verify", args=[entry_id]))
    assert response.status_code == 200 and response.json()["verified"] is True


def test_hours_over_a_day_are_a_400_and_save_nothing(api, people, city, volunteer):
    api.force_authenticate(people.district_officer)
    response = api.post(
        reverse("api:volunteer-hours-list"),
        {
            "volunteer": volunteer.pk,
            "served_on": YESTERDAY.isoformat(),
            "hours": "25",
            "activity": "课业辅导",
            "district": city.qingxiu.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert not VolunteerHours.objects.exists()


def test_logging_hours_out_of_reach_is_a_404(api, people, city, volunteer):
    api.force_authenticate(people.other_district_officer)
    response = api.post(
        reverse("api:volunteer-hours-list"),
        {
            "volunteer": volunteer.pk,
            "served_on": YESTERDAY.isoformat(),
            "hours": "2",
            "activity": "课业辅导",
            "district": city.xixiangtang.pk,
        },
        format="json",
    )
    assert response.status_code == 404
    assert not VolunteerHours.objects.exists()


def test_volunteer_list_has_totals_and_masks_phones_it_may_not_change(api, people, city):
    mine = VolunteerFactory(name="青秀志愿者", phone="13900000001", districts=[city.qingxiu])
    VolunteerHoursFactory(volunteer=mine, district=city.qingxiu, hours=2, served_on=YESTERDAY)
    api.force_authenticate(people.city_officer)
    rows = api.get(reverse("api:volunteer-list")).json()["results"]
    assert rows[0]["phone"] == "13900000001"
    assert rows[0]["hours_this_year"] == (
        "2.0" if YESTERDAY.year == timezone.localdate().year else "0.0"
    )
    api.force_authenticate(people.other_district_officer)
    assert api.get(reverse("api:volunteer-list")).json()["results"] == []
    url = reverse("api:volunteer-detail", args=[mine.pk])
    assert api.get(url).status_code == 404


def test_volunteer_reads_only_their_own_hours(api, people, city, volunteer):
    volunteer.account = people.stranger
    volunteer.save()
    VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu, activity="我的")
    VolunteerHoursFactory(activity="别人的")
    api.force_authenticate(people.stranger)
    rows = api.get(reverse("api:volunteer-hours-list")).json()["results"]
    assert [row["activity"] for row in rows] == ["我的"]


def test_lecturers_are_public_and_organisations_are_for_staff(api, people, city):
    LecturerFactory(name="黄教授")
    LecturerFactory(name="退休讲师", is_active=False)
    OrganisationFactory(name="青秀社工", district=city.qingxiu, contact_phone="13900001111")
    api.force_authenticate(people.parent)
    names = [row["name"] for row in api.get(reverse("api:lecturer-list")).json()["results"]]
    assert names == ["黄教授"]
    assert api.get(reverse("api:organisation-list")).json()["results"] == []
    api.force_authenticate(people.city_officer)
    rows = api.get(reverse("api:organisation-list")).json()["results"]
    assert rows[0]["contact_phone"] == "13900001111"


def test_partner_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/volunteers/",
        "/api/volunteer-hours/",
        "/api/lecturers/",
        "/api/organisations/",
    ):
        assert path in schema


def test_volunteer_api_list_queries_do_not_grow(api, people, city, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            volunteer = VolunteerFactory(districts=[city.qingxiu])
            VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu)

    api.force_authenticate(people.district_officer)
    url = reverse("api:volunteer-list")
    add(10)
    api.get(url)  # the person's scope is then cached on the user object
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    add(90)
    with django_assert_num_queries(len(queries)):
        api.get(url)
