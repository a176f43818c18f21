import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schools.models import GuidanceActivity
from schools.services.semesters import current_semester
from schools.tests.factories import GuidanceActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


def payload(school, **overrides):
    values = {"school": school.pk, "kind": "lecture", "title": "家庭教育讲座",
              "held_on": TODAY.isoformat(), "audience": "全体家长", "invited": 50,
              "attendance": 45}  # fmt: skip
    values.update(overrides)
    return values


def test_api_list_is_scoped(api, people, city):
    GuidanceActivityFactory(school=city.school, title="本校讲座")
    GuidanceActivityFactory(school=city.other_school, title="外校讲座")
    api.force_authenticate(people.teacher)
    titles = [r["title"] for r in api.get(reverse("api:guidance-activity-list")).json()["results"]]
    assert titles == ["本校讲座"]


def test_api_detail_out_of_scope_is_404(api, people, city):
    activity = GuidanceActivityFactory(school=city.school)
    api.force_authenticate(people.other_district_officer)
    url = reverse("api:guidance-activity-detail", args=[activity.pk])
    assert api.get(url).status_code == 404


def test_api_leader_records_an_activity(api, people, city):
    api.force_authenticate(people.school_leader)
    response = api.post(reverse("api:guidance-activity-list"), payload(city.school), format="json")
    assert response.status_code == 201
    assert response.json()["semester"] == current_semester().pk


def test_api_refusal_carries_the_message(api, people, city):
    api.force_authenticate(people.school_leader)
    response = api.post(
        reverse("api:guidance-activity-list"),
        payload(city.school, attendance=60),
        format="json",
    )
    assert response.status_code == 400
    assert "cannot be more than the families invited" in response.json()["detail"]
    assert not GuidanceActivity.objects.exists()


def test_api_teacher_is_refused_and_other_school_is_404(api, people, city):
    api.force_authenticate(people.teacher)
    url = reverse("api:guidance-activity-list")
    assert api.post(url, payload(city.school), format="json").status_code == 403
    assert api.post(url, payload(city.other_school), format="json").status_code == 404
    assert not GuidanceActivity.objects.exists()


def test_api_district_progress(api, people, city):
    api.force_authenticate(people.district_officer)
    rows = api.get(reverse("api:guidance-progress", args=[city.qingxiu.pk])).json()
    assert rows == [{"school": city.school.pk, "school_name": "青秀区第一小学", "count": 0,
                     "target": "2.0", "met": False}]  # fmt: skip
    other = reverse("api:guidance-progress", args=[city.xixiangtang.pk])
    assert api.get(other).status_code == 404


def test_schema_documents_the_activity_endpoints(client):
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/guidance-activities/" in schema
    assert "GuidanceActivityInput" in schema


def leader(client, people):
    client.force_login(people.school_leader)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


def test_admin_add_goes_through_the_service(client, people, city):
    leader(client, people)
    url = reverse("admin:schools_guidanceactivity_add")
    data = {"school": city.school.pk, "kind": "open_day", "title": "校园开放日",
            "held_on": TODAY.isoformat(), "audience": "新生家长", "invited": 10,
            "attendance": 11, "notes": ""}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "cannot be more than the families invited" in response.content.decode()
    assert not GuidanceActivity.objects.exists()
    data["attendance"] = 9
    assert client.post(url, data).status_code == 302
    activity = GuidanceActivity.objects.get()
    assert activity.recorded_by == people.school_leader
    assert activity.semester == current_semester()


def test_admin_list_is_scoped_and_out_of_scope_is_404(client, people, city):
    mine = GuidanceActivityFactory(school=city.school, title="本校讲座")
    theirs = GuidanceActivityFactory(school=city.other_school, title="外校讲座")
    leader(client, people)
    page = client.get(reverse("admin:schools_guidanceactivity_changelist")).content.decode()
    assert "本校讲座" in page and "外校讲座" not in page
    assert (
        client.get(reverse("admin:schools_guidanceactivity_change", args=[mine.pk])).status_code
        == 200
    )
    url = reverse("admin:schools_guidanceactivity_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
