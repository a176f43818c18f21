import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import VolunteerHours
from community.selectors.partners import lecturers_for_choice
from community.services import partners as services
from community.services.errors import CommunityError
from community.tests.factories_partners import (
    LecturerFactory,
    LecturerGroupFactory,
    OrganisationFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


@pytest.fixture
def volunteer(city):
    return VolunteerFactory(name="韦志愿", phone="13912345678", districts=[city.qingxiu])


def log(by, volunteer, district, hours=2, served_on=None, activity="课业辅导"):
    return services.log_volunteer_hours(
        by=by,
        volunteer=volunteer,
        served_on=served_on or TODAY() - datetime.timedelta(days=1),
        hours=hours,
        activity=activity,
        district=district,
    )


# --- Services ---------------------------------------------------------------


def test_district_officer_logs_hours_unverified(people, city, volunteer):
    entry = log(people.district_officer, volunteer, city.qingxiu, hours="2.5")
    assert entry.hours == Decimal("2.5")
    assert entry.recorded_by == people.district_officer
    assert entry.verified_at is None


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (0, "more than zero"),
        (-1, "more than zero"),
        ("24.5", "no more than 24 hours"),
        ("2.25", "one decimal place"),
        ("abc", "as a number"),
    ],
)
def test_hours_out_of_a_day_are_refused(people, city, volunteer, hours, message):
    with pytest.raises(CommunityError, match=message):
        log(people.district_officer, volunteer, city.qingxiu, hours=hours)
    assert not VolunteerHours.objects.exists()


def test_hours_in_the_future_are_refused(people, city, volunteer):
    with pytest.raises(CommunityError, match="future date") as error:
        log(people.city_officer, volunteer, city.qingxiu, served_on=TODAY() + datetime.timedelta(1))
    assert error.value.field == "served_on"
    assert not VolunteerHours.objects.exists()


def test_a_volunteers_day_holds_no_more_than_24_hours(people, city, volunteer):
    day = TODAY() - datetime.timedelta(days=2)
    log(people.district_officer, volunteer, city.qingxiu, hours=20, served_on=day)
    with pytest.raises(CommunityError, match="already has 20.0 hours"):
        log(people.district_officer, volunteer, city.qingxiu, hours=5, served_on=day)
    log(people.district_officer, volunteer, city.qingxiu, hours=4, served_on=day)
    assert VolunteerHours.objects.filter(served_on=day).count() == 2


def test_empty_activity_is_refused(people, city, volunteer):
    with pytest.raises(CommunityError, match="what the service was"):
        log(people.district_officer, volunteer, city.qingxiu, activity="  ")


def test_inactive_volunteer_gets_no_new_hours(people, city, volunteer):
    volunteer.is_active = False
    volunteer.save()
    with pytest.raises(CommunityError, match="no longer active"):
        log(people.district_officer, volunteer, city.qingxiu)


def test_officer_of_another_district_cannot_log_for_the_volunteer(people, city, volunteer):
    with pytest.raises(Http404):
        log(people.other_district_officer, volunteer, city.xixiangtang)
    assert not VolunteerHours.objects.exists()


def test_officer_cannot_log_hours_in_another_district(people, city):
    both = VolunteerFactory(districts=[city.qingxiu, city.xixiangtang])
    with pytest.raises(Http404):
        log(people.district_officer, both, city.xixiangtang)
    assert not VolunteerHours.objects.exists()


def test_teacher_cannot_log_hours(people, city, volunteer):
    with pytest.raises(Http404):
        log(people.teacher, volunteer, city.qingxiu)


def test_officer_verifies_hours_once(people, city, volunteer):
    entry = log(people.district_officer, volunteer, city.qingxiu)
    services.verify_volunteer_hours(by=people.city_officer, entry=entry)
    entry.refresh_from_db()
    assert entry.verified_by == people.city_officer and entry.verified_at
    with pytest.raises(CommunityError, match="already verified"):
        services.verify_volunteer_hours(by=people.district_officer, entry=entry)


def test_other_district_officer_cannot_verify(people, city, volunteer):
    entry = log(people.district_officer, volunteer, city.qingxiu)
    with pytest.raises(Http404):
        services.verify_volunteer_hours(by=people.other_district_officer, entry=entry)
    entry.refresh_from_db()
    assert entry.verified_at is None


def test_lecturers_for_choice_are_the_active_ones(people):
    group = LecturerGroupFactory(name="市级讲师团")
    active = LecturerFactory(group=group, name="黄教授")
    LecturerFactory(group=group, name="退休讲师", is_active=False)
    assert list(lecturers_for_choice(people.parent)) == [active]
    assert list(lecturers_for_choice(people.city_officer)) == [active]


# --- Pages ------------------------------------------------------------------


def test_directory_shows_lecturers_without_their_phones(client, people):
    group = LecturerGroupFactory(name="家庭教育讲师团")
    LecturerFactory(group=group, name="黄教授", expertise="亲子沟通", phone="13600002222")
    log_in(client, people.teacher)
    page = client.get(reverse("community:partners")).content.decode()
    assert "黄教授" in page and "亲子沟通" in page and "13600002222" not in page
    assert reverse("community:volunteers") not in page


def test_teacher_reads_organisations_with_masked_phones(client, people, city):
    OrganisationFactory(name="青秀社工", district=city.qingxiu, contact_phone="13900001111")
    log_in(client, people.teacher)
    page = client.get(reverse("community:partners")).content.decode()
    assert "青秀社工" in page and "139****1111" in page and "13900001111" not in page


def test_officer_sees_in_full_the_phones_of_rows_they_may_change(client, people, city):
    OrganisationFactory(name="青秀社工", district=city.qingxiu, contact_phone="13900001111")
    OrganisationFactory(name="西乡塘社工", district=city.xixiangtang, contact_phone="13900002222")
    log_in(client, people.district_officer)
    page = client.get(reverse("community:partners")).content.decode()
    assert "13900001111" in page
    assert "139****2222" in page and "13900002222" not in page
    assert reverse("community:volunteers") in page


def test_volunteers_list_shows_totals_this_year(client, people, city, volunteer):
    this_year = TODAY().replace(month=1, day=1)
    VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu, hours=3, served_on=this_year)
    VolunteerHoursFactory(
        volunteer=volunteer,
        district=city.qingxiu,
        hours="1.5",
        served_on=this_year,
        verified_at=timezone.now(),
    )
    VolunteerHoursFactory(
        volunteer=volunteer, district=city.qingxiu, hours=8, served_on=this_year.replace(year=2019)
    )
    log_in(client, people.district_officer)
    response = client.get(reverse("community:volunteers"))
    row = response.context["volunteers"][0]
    assert (row.hours_this_year, row.verified_this_year) == (Decimal("4.5"), Decimal("1.5"))
    page = response.content.decode()
    assert "韦志愿" in page and "13912345678" in page


def test_partner_sees_volunteers_with_masked_phones(client, people, volunteer):
    log_in(client, people.partner)
    page = client.get(reverse("community:volunteers")).content.decode()
    assert "韦志愿" in page and "139****5678" in page and "13912345678" not in page


def test_teacher_is_sent_from_the_volunteer_list_to_their_own_page(client, people, volunteer):
    log_in(client, people.teacher)
    response = client.get(reverse("community:volunteers"))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:volunteer-account")


def test_volunteer_sees_their_own_hours(client, people, city, volunteer):
    volunteer.account = people.stranger
    volunteer.save()
    VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu, activity="周末课业辅导")
    VolunteerHoursFactory(activity="别人的服务")
    log_in(client, people.stranger)
    page = client.get(reverse("community:volunteer-account")).content.decode()
    assert "周末课业辅导" in page and "Not yet verified" in page
    assert "别人的服务" not in page


def test_account_without_volunteer_is_told_so(client, people):
    log_in(client, people.parent)
    page = client.get(reverse("community:volunteer-account")).content.decode()
    assert "not linked to a volunteer" in page


def test_officer_logs_and_verifies_hours_on_the_page(client, people, city, volunteer):
    log_in(client, people.district_officer)
    url = reverse("community:volunteer-hours", args=[volunteer.pk])
    response = client.post(
        url,
        {
            "served_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
            "hours": "3",
            "activity": "家长课堂志愿服务",
            "district": city.qingxiu.pk,
        },
    )
    assert response.status_code == 302
    entry = VolunteerHours.objects.get()
    client.post(reverse("community:verify-hours", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.verified_by == people.district_officer
    assert "家长课堂志愿服务" in client.get(url).content.decode()


def test_hours_form_shows_the_rule_and_saves_nothing(client, people, city, volunteer):
    log_in(client, people.district_officer)
    response = client.post(
        reverse("community:volunteer-hours", args=[volunteer.pk]),
        {
            "served_on": (TODAY() + datetime.timedelta(days=3)).isoformat(),
            "hours": "3",
            "activity": "家长课堂",
            "district": city.qingxiu.pk,
        },
    )
    assert response.status_code == 200
    assert "cannot be logged for a future date" in response.content.decode()
    assert not VolunteerHours.objects.exists()


def test_hours_page_of_a_volunteer_out_of_reach_is_404(client, people, volunteer):
    log_in(client, people.other_district_officer)
    url = reverse("community:volunteer-hours", args=[volunteer.pk])
    assert client.get(url).status_code == 404
    log_in(client, people.partner)
    assert client.get(url).status_code == 404


# --- Query counts -----------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_volunteer_list_queries_do_not_grow_with_rows(
    client, people, city, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            volunteer = VolunteerFactory(districts=[city.qingxiu])
            VolunteerHoursFactory(volunteer=volunteer, district=city.qingxiu)

    log_in(client, people.district_officer)
    url = reverse("community:volunteers")
    add(10)
    at_ten = _count_queries(client, url)
    add(90)
    with django_assert_num_queries(at_ten):
        client.get(url)


def test_directory_queries_do_not_grow_with_rows(client, people, city, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            OrganisationFactory(district=city.qingxiu)
            LecturerFactory(group=LecturerGroupFactory())

    log_in(client, people.district_officer)
    url = reverse("community:partners")
    add(10)
    at_ten = _count_queries(client, url)
    add(90)
    with django_assert_num_queries(at_ten):
        client.get(url)
