"""The dashboard API: figures of an area in reach, reports asked for,
followed and retried, each person seeing only their own reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.dashboard.periods import first_of_month
from portal.models import AreaLevel, Report, ReportStatus, User
from portal.tests.celery_worker import running_worker, wait_for

pytestmark = pytest.mark.django_db

MONTH = f"{timezone.localdate():%Y-%m}"


@pytest.fixture
def api():
    return APIClient()


def make_report(user, level, *, district=None, school=None, status=ReportStatus.FAILED):
    return Report.objects.create(
        level=level,
        district=district,
        school=school,
        month=first_of_month(timezone.localdate()),
        requested_by=user,
        status=status,
    )


@pytest.fixture
def reports(people, city):
    return {
        "qingxiu": make_report(people.district_officer, AreaLevel.DISTRICT, district=city.qingxiu),
        "xixiangtang": make_report(
            people.other_district_officer, AreaLevel.DISTRICT, district=city.xixiangtang
        ),
        "school": make_report(
            people.school_leader, AreaLevel.SCHOOL, district=city.qingxiu, school=city.school
        ),
        "city": make_report(people.city_officer, AreaLevel.CITY),
    }


def listed(api, user):
    api.force_authenticate(user)
    return {row["id"] for row in api.get(reverse("api:report-list")).json()["results"]}


def test_indicators_default_to_the_home_area_with_its_schools(api, people, city):
    api.force_authenticate(people.district_officer)
    body = api.get(reverse("api:indicators")).json()
    assert body["area"] == {"level": "district", "id": city.qingxiu.pk, "name": "青秀区"}
    assert body["month"] == MONTH
    figure = body["figures"][0]
    assert set(figure) == {
        "key", "label", "unit", "value", "target", "expected", "status", "units", "units_met"
    }  # fmt: skip
    assert [child["area"]["name"] for child in body["children"]] == ["青秀区第一小学"]


def test_indicators_outside_reach_are_404(api, people, city):
    api.force_authenticate(people.district_officer)
    url = reverse("api:indicators")
    assert api.get(url, {"level": "district", "id": city.xixiangtang.pk}).status_code == 404
    assert api.get(url, {"level": "city"}).status_code == 404
    api.force_authenticate(people.teacher)
    assert api.get(url).status_code == 404


def test_a_report_is_asked_for_once_and_followed(
    api, people, city, django_capture_on_commit_callbacks
):
    api.force_authenticate(people.city_officer)
    url = reverse("api:report-list")
    first = api.post(url, {"level": "district", "id": city.qingxiu.pk, "month": MONTH})
    assert first.status_code == 201 and first.json()["status"] == "queued"
    again = api.post(url, {"level": "district", "id": city.qingxiu.pk, "month": MONTH})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    pk = first.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        from portal.reports import services

        services.build_report(pk)
    body = api.get(reverse("api:report-detail", args=[pk])).json()
    assert body["status"] == "done" and body["progress"] == 100
    assert body["downloads"] == {
        "xlsx": f"/dashboard/reports/{pk}/download/xlsx/",
        "csv": f"/dashboard/reports/{pk}/download/csv/",
    }


def test_a_future_month_is_refused_with_a_reason(api, people, city):
    api.force_authenticate(people.city_officer)
    # Next month: a year past the portal's date range is refused before that.
    next_month = first_of_month(timezone.localdate()) + datetime.timedelta(days=31)
    response = api.post(
        reverse("api:report-list"), {"level": "city", "month": f"{next_month:%Y-%m}"}
    )
    assert response.status_code == 400
    assert "尚未开始" in str(response.json())
    assert not Report.objects.exists()


def test_a_district_officer_cannot_see_or_retry_another_districts_report(api, people, reports):
    assert listed(api, people.district_officer) == {
        reports["qingxiu"].pk,
        reports["school"].pk,
    }
    other = reports["xixiangtang"].pk
    assert api.get(reverse("api:report-detail", args=[other])).status_code == 404
    assert api.post(reverse("api:report-retry", args=[other])).status_code == 404
    assert Report.objects.get(pk=other).status == ReportStatus.FAILED


def test_a_school_leader_sees_only_their_schools_reports(api, people, reports):
    assert listed(api, people.school_leader) == {reports["school"].pk}
    assert listed(api, people.city_officer) == {r.pk for r in reports.values()}
    assert listed(api, people.parent) == set()


def test_retry_queues_a_failed_report_again(api, people, reports):
    api.force_authenticate(people.district_officer)
    response = api.post(reverse("api:report-retry", args=[reports["qingxiu"].pk]))
    assert response.status_code == 200 and response.json()["status"] == "queued"
    response = api.post(reverse("api:report-retry", args=[reports["qingxiu"].pk]))
    assert response.status_code == 400


# A page of reports: the person's roles, the count, the page with its joins.
LIST_QUERIES = 3


@pytest.mark.parametrize("count", [2, 10])
def test_the_report_list_queries_do_not_grow_with_rows(
    api, people, city, count, django_assert_num_queries
):
    for _ in range(count):
        make_report(people.district_officer, AreaLevel.DISTRICT, district=city.qingxiu)
    api.force_authenticate(User.objects.get(pk=people.district_officer.pk))
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(reverse("api:report-list"))
    assert response.json()["count"] == count


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_and_tells_the_requester(api, people, city, tmp_path):
    from portal.models import Notification

    api.force_authenticate(people.city_officer)
    with running_worker(tmp_path / "mail"):
        response = api.post(reverse("api:report-list"), {"level": "city", "month": MONTH})
        assert response.status_code == 201
        pk = response.json()["id"]

        def done():
            return Report.objects.filter(pk=pk, status=ReportStatus.DONE).exists()

        assert wait_for(done, 90), Report.objects.get(pk=pk).error or "not built in time"
    report = Report.objects.get(pk=pk)
    assert report.rows > 0 and report.xlsx.storage.exists(report.xlsx.name)
    notice = Notification.objects.get(recipient=people.city_officer, kind="portal.report")
    assert notice.subject_key == f"report:{pk}" and notice.url == f"/dashboard/reports/{pk}/"
