import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.models import Target
from portal.tests.helpers import log_in
from schools.models import ActivityKind, GuidanceActivity
from schools.services.activities import record_guidance_activity
from schools.services.errors import SchoolsError
from schools.services.semesters import current_semester, semester_on
from schools.tests.factories import GuidanceActivityFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record(school, by, **overrides):
    values = {
        "school": school,
        "recorded_by": by,
        "kind": ActivityKind.PARENT_MEETING,
        "title": "期中家长会",
        "held_on": timezone.localdate(),
        "audience": "三年级家长",
        "attendance": 38,
        "invited": 40,
    }
    values.update(overrides)
    return record_guidance_activity(**values)


def this_semester_activity(school, **kwargs):
    semester = current_semester()
    return GuidanceActivityFactory(
        school=school, semester=semester, held_on=timezone.localdate(), **kwargs
    )


# --- the service ------------------------------------------------------------


def test_leader_records_an_activity_in_the_semester_of_its_date(people, city):
    activity = record(city.school, people.school_leader)
    assert activity.semester == current_semester()
    assert activity.district == city.qingxiu
    assert activity.recorded_by == people.school_leader


def test_activity_of_last_semester_goes_to_that_semester(people, city):
    earlier = current_semester().starts_on - datetime.timedelta(days=1)
    activity = record(city.school, people.school_leader, held_on=earlier)
    assert activity.semester.starts_on <= earlier <= activity.semester.ends_on
    assert activity.semester != current_semester()


def test_future_date_is_refused(people, city):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(SchoolsError, match="cannot be in the future") as caught:
        record(city.school, people.school_leader, held_on=tomorrow)
    assert caught.value.field == "held_on"
    assert not GuidanceActivity.objects.exists()


def test_attendance_above_invited_is_refused(people, city):
    with pytest.raises(SchoolsError, match=r"Attendance \(41\) cannot be more than .* \(40\)"):
        record(city.school, people.school_leader, attendance=41, invited=40)
    assert not GuidanceActivity.objects.exists()


def test_attendance_without_invited_is_accepted(people, city):
    assert record(city.school, people.school_leader, invited=None, attendance=300).pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Give the activity a title"),
        ("audience", "", "Say who the activity was for"),
        ("kind", "party", "Choose the kind"),
        ("attendance", -1, "cannot be negative"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(people, city, field, value, message):
    with pytest.raises(SchoolsError, match=message):
        record(city.school, people.school_leader, **{field: value})
    assert not GuidanceActivity.objects.exists()


@pytest.mark.parametrize("persona", ["district_officer", "city_officer", "school_leader"])
def test_leaders_and_officers_may_record(people, city, persona):
    assert record(city.school, getattr(people, persona)).pk


@pytest.mark.parametrize(
    "persona", ["teacher", "head_teacher", "other_district_officer", "parent", "stranger"]
)
def test_others_may_not_record(people, city, persona):
    with pytest.raises(PermissionDenied):
        record(city.school, getattr(people, persona))
    assert not GuidanceActivity.objects.exists()


def test_counsellor_may_record(people, city):
    assert record(city.school, people.counsellor).pk


# --- the pages --------------------------------------------------------------


def test_school_page_counts_this_semester_against_the_target(client, people, city):
    this_semester_activity(city.school, title="家庭教育讲座")
    earlier = current_semester().starts_on - datetime.timedelta(days=1)
    GuidanceActivityFactory(
        school=city.school, title="上学期开放日", held_on=earlier, semester=semester_on(earlier)
    )
    log_in(client, people.teacher)
    response = client.get(reverse("schools:activities-school", args=[city.school.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "家庭教育讲座" in page
    assert "Behind target" in page
    assert "上学期开放日" not in page
    assert "Record an activity" not in page  # a teacher reads, does not record


def test_school_page_shows_target_reached(client, people, city):
    this_semester_activity(city.school)
    this_semester_activity(city.school)
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:activities-school", args=[city.school.pk])).content.decode()
    assert "Target reached" in page
    assert "Record an activity" in page


def test_target_is_read_from_the_targets_table(client, people, city):
    Target.objects.create(
        indicator="schools.guidance_activities_per_semester", school=city.school, value=1
    )
    this_semester_activity(city.school)
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:activities-school", args=[city.school.pk])).content.decode()
    assert "Target reached" in page


def test_teacher_cannot_post_an_activity(client, people, city):
    log_in(client, people.teacher)
    response = client.post(
        reverse("schools:activity-new") + f"?school={city.school.pk}",
        {"school": city.school.pk, "kind": "lecture", "title": "x", "held_on": "2026-10-01",
         "audience": "家长", "attendance": 3},
    )  # fmt: skip
    assert response.status_code == 403
    assert not GuidanceActivity.objects.exists()


def test_leader_records_through_the_form(client, people, city):
    log_in(client, people.school_leader)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("schools:activity-new") + f"?school={city.school.pk}",
        {"school": city.school.pk, "kind": "lecture", "title": "防溺水家长课堂",
         "held_on": today, "audience": "全体家长", "invited": 100, "attendance": 96},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "防溺水家长课堂" in page


def test_form_shows_the_rule_it_broke_next_to_the_field(client, people, city):
    log_in(client, people.school_leader)
    response = client.post(
        reverse("schools:activity-new") + f"?school={city.school.pk}",
        {"school": city.school.pk, "kind": "lecture", "title": "讲座",
         "held_on": timezone.localdate().isoformat(), "audience": "家长",
         "invited": 10, "attendance": 12},
    )  # fmt: skip
    assert response.status_code == 200
    assert "cannot be more than the families invited" in response.content.decode()
    assert not GuidanceActivity.objects.exists()


def test_leader_cannot_record_for_another_school(client, people, city):
    log_in(client, people.school_leader)
    response = client.get(reverse("schools:activity-new") + f"?school={city.other_school.pk}")
    assert response.status_code == 404


def test_other_district_officer_gets_404(client, people, city):
    log_in(client, people.other_district_officer)
    assert (
        client.get(reverse("schools:activities-school", args=[city.school.pk])).status_code == 404
    )
    assert (
        client.get(reverse("schools:activities-district", args=[city.qingxiu.pk])).status_code
        == 404
    )


def test_other_school_teacher_gets_404(client, people, city):
    log_in(client, people.other_school_teacher)
    url = reverse("schools:activities-school", args=[city.school.pk])
    assert client.get(url).status_code == 404


def test_district_page_lists_behind_schools_first(client, people, city):
    ahead = SchoolFactory(district=city.qingxiu, name="青秀区实验学校")
    this_semester_activity(ahead)
    this_semester_activity(ahead)
    this_semester_activity(city.school)
    log_in(client, people.district_officer)
    page = client.get(
        reverse("schools:activities-district", args=[city.qingxiu.pk])
    ).content.decode()
    assert page.index("青秀区第一小学") < page.index("青秀区实验学校")
    assert "1 of 2 schools are behind target" in page
    assert "西乡塘区滨江小学" not in page
    page = client.get(
        reverse("schools:activities-district", args=[city.qingxiu.pk]) + "?sort=-count"
    ).content.decode()
    assert page.index("青秀区实验学校") < page.index("青秀区第一小学")


def test_landing_sends_each_person_to_their_level(client, people, city):
    url = reverse("schools:activities")
    log_in(client, people.teacher)
    assert client.get(url)["Location"] == reverse(
        "schools:activities-school", args=[city.school.pk]
    )
    log_in(client, people.district_officer)
    assert client.get(url)["Location"] == reverse(
        "schools:activities-district", args=[city.qingxiu.pk]
    )
    log_in(client, people.city_officer)
    page = client.get(url).content.decode()
    assert "青秀区" in page and "西乡塘区" in page
    log_in(client, people.parent)
    assert client.get(url).status_code == 404


def _schools_with_activities(district, count):
    schools = SchoolFactory.create_batch(count, district=district)
    for school in schools:
        this_semester_activity(school)
    return schools


@pytest.mark.parametrize("count", [10, 100])
def test_district_page_query_count_is_constant(
    client, people, city, count, django_assert_num_queries
):
    _schools_with_activities(city.qingxiu, count)
    log_in(client, people.district_officer)
    current_semester()
    url = reverse("schools:activities-district", args=[city.qingxiu.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_school_page_query_count_is_constant(
    client, people, city, count, django_assert_num_queries
):
    for _ in range(count):
        this_semester_activity(city.school)
    log_in(client, people.school_leader)
    url = reverse("schools:activities-school", args=[city.school.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_city_landing_query_count_is_constant(
    client, people, city, count, django_assert_num_queries
):
    _schools_with_activities(city.xixiangtang, count)
    log_in(client, people.city_officer)
    url = reverse("schools:activities")
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
