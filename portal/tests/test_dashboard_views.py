"""The dashboard pages as their users see them: each officer's own area,
the drill-down, the month chooser, and the reports within scope."""

import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.dashboard.measures import measures
from portal.models import Report, ReportStatus
from portal.tests.helpers import log_in
from schools.models import PersonMet, VisitTopic
from schools.services import visits
from schools.tests.factories import GuidanceActivityFactory, SemesterFactory

pytestmark = pytest.mark.django_db
COVERAGE = "schools.home_visit_coverage"


@pytest.fixture
def autumn(db):
    return SemesterFactory()


@pytest.fixture
def visited(city, people, autumn):
    visits.log_visit(
        author=people.head_teacher,
        students=[city.student_1],
        visited_on=datetime.date(2026, 10, 12),
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="了解学习情况。",
    )
    GuidanceActivityFactory(school=city.school, semester=autumn)


def page(client, user, url):
    return log_in(client, user).get(url)


@pytest.mark.parametrize(
    ("persona", "lands_on"),
    [
        ("city_officer", "/dashboard/city/"),
        ("district_officer", "district"),
        ("school_leader", "school"),
    ],
)
def test_each_officer_lands_on_their_own_area(client, city, people, persona, lands_on):
    expected = {
        "district": reverse("dashboard:district", args=[city.qingxiu.pk]),
        "school": reverse("dashboard:school", args=[city.school.pk]),
    }.get(lands_on, lands_on)
    response = page(client, getattr(people, persona), "/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("persona", ["teacher", "parent", "stranger", "partner"])
def test_people_without_an_area_are_refused(client, people, persona):
    assert page(client, getattr(people, persona), "/dashboard/").status_code == 403


def test_the_city_page_shows_every_indicator_and_each_district(
    client, city, people, visited, english
):
    response = page(client, people.city_officer, "/dashboard/city/?month=2026-11")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Students visited at home this semester" in html
    assert html.count('class="card indicator') == len(measures())
    assert city.qingxiu.name in html and city.xixiangtang.name in html
    assert "33.33%" in html  # 1 of the city's 3 students visited
    assert "<svg" in html and "<script" not in html.split("<main")[-1].split("</main>")[0]
    district_link = reverse("dashboard:district", args=[city.qingxiu.pk]) + "?month=2026-11"
    assert district_link in html
    assert reverse("schools:law") in html  # law hours link to the vice principals' report


def test_drill_down_reaches_the_list_of_what_is_missing(client, city, people, visited, english):
    url = reverse("dashboard:district-indicator", args=[city.qingxiu.pk, COVERAGE])
    response = page(client, people.district_officer, url + "?month=2026-11")
    html = response.content.decode()
    assert response.status_code == 200
    assert city.school.name in html
    assert reverse("dashboard:school-indicator", args=[city.school.pk, COVERAGE]) in html
    assert reverse("schools:coverage-district", args=[city.qingxiu.pk]) in html


def test_a_district_officer_cannot_open_another_district_or_its_schools(client, city, people):
    log_in(client, people.district_officer)
    assert client.get(reverse("dashboard:district", args=[city.xixiangtang.pk])).status_code == 404
    assert client.get(reverse("dashboard:school", args=[city.other_school.pk])).status_code == 404
    assert client.get(reverse("dashboard:city")).status_code == 404
    assert client.get(reverse("dashboard:school", args=[city.school.pk])).status_code == 200


def test_a_school_leader_sees_only_their_school(client, city, people):
    log_in(client, people.school_leader)
    assert client.get(reverse("dashboard:school", args=[city.school.pk])).status_code == 200
    assert client.get(reverse("dashboard:district", args=[city.qingxiu.pk])).status_code == 404


def test_an_unknown_indicator_is_not_found(client, people):
    log_in(client, people.city_officer)
    assert client.get("/dashboard/city/no.such_indicator/").status_code == 404


def test_a_malformed_or_future_month_shows_this_month(client, people, english):
    log_in(client, people.city_officer)
    for month in ("2026-13", "abc", "2999-01"):
        response = client.get(f"/dashboard/city/?month={month}")
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)


def test_the_city_page_queries_do_not_grow_with_districts(client, city, people, visited):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schools.tests.factories import DistrictFactory, SchoolFactory

    log_in(client, people.city_officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/city/?month=2026-11").status_code == 200
        return len(queries)

    count()  # fills the month's cache
    few = count()
    for number in range(4):
        SchoolFactory(district=DistrictFactory(name=f"新区{number}", code=f"4509{number}"))
    count()
    assert count() == few
    assert few <= 16  # session, scope, targets, snapshots, reports: not one per indicator


def test_a_district_officer_requests_a_report_watches_it_and_downloads_it(
    client, city, people, visited, django_capture_on_commit_callbacks
):
    log_in(client, people.district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard:report-request"),
            {"level": "district", "id": city.qingxiu.pk, "month": "2026-11"},
        )
    report = Report.objects.get()
    assert response["Location"] == reverse("dashboard:report", args=[report.pk])
    assert report.status == ReportStatus.DONE
    detail = client.get(response["Location"])
    assert reverse("dashboard:report-download", args=[report.pk, "xlsx"]) in detail.content.decode()

    download = client.get(reverse("dashboard:report-download", args=[report.pk, "xlsx"]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    path = downloaded(download)
    book = openpyxl.load_workbook(path, read_only=True)
    assert city.qingxiu.name in book.sheetnames[0]

    listing = client.get(reverse("dashboard:reports")).content.decode()
    assert reverse("dashboard:report", args=[report.pk]) in listing

    log_in(client, people.other_district_officer)
    assert client.get(reverse("dashboard:report", args=[report.pk])).status_code == 404
    url = reverse("dashboard:report-download", args=[report.pk, "csv"])
    assert client.get(url).status_code == 404
    other_listing = client.get(reverse("dashboard:reports")).content.decode()
    assert reverse("dashboard:report", args=[report.pk]) not in other_listing


def downloaded(response):
    import io

    return io.BytesIO(b"".join(response.streaming_content))


def test_requesting_a_report_for_another_district_is_refused_and_saves_nothing(
    client, city, people
):
    log_in(client, people.district_officer)
    response = client.post(
        reverse("dashboard:report-request"),
        {"level": "district", "id": city.xixiangtang.pk, "month": "2026-11"},
    )
    assert response.status_code == 404
    assert not Report.objects.exists()
    response = client.post(reverse("dashboard:report-request"), {"level": "nation", "id": "x"})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_the_report_page_refreshes_itself_while_the_report_is_built(client, city, people):
    report = Report.objects.create(
        level="district",
        district=city.qingxiu,
        month=datetime.date(2026, 11, 1),
        requested_by=people.district_officer,
        status=ReportStatus.RUNNING,
        progress=40,
    )
    html = page(client, people.district_officer, f"/dashboard/reports/{report.pk}/").content
    assert b'http-equiv="refresh"' in html and b'value="40"' in html
    assert (
        page(
            client, people.district_officer, f"/dashboard/reports/{report.pk}/download/xlsx/"
        ).status_code
        == 404
    )


def test_a_district_with_many_schools_shows_them_a_page_at_a_time(client, city, people):
    from schools.tests.factories import SchoolFactory

    for number in range(35):
        SchoolFactory(district=city.qingxiu, name=f"翻页第{number:02d}小学", code=f"P{number:04d}")
    url = reverse("dashboard:district", args=[city.qingxiu.pk])

    first = page(client, people.district_officer, url + "?month=2026-11")
    second = client.get(url + "?month=2026-11&page=2")

    shown = [child["area"].name for child in first.context["children"]]
    rest = [child["area"].name for child in second.context["children"]]
    assert len(shown) == 30
    assert not set(shown) & set(rest)
    assert len(shown) + len(rest) == 35 + 1  # and the district's own school
    assert "page=2#places" in first.content.decode()
    assert "第1/2页" in first.content.decode()


def test_a_figure_with_a_target_but_no_data_says_so(client, people, english):
    """No lecture has been held, so the attendance rate has no value yet;
    its target of 80% stands, and the card must not claim there is none."""
    html = page(client, people.city_officer, "/dashboard/city/").content.decode()
    [card] = [
        card
        for card in html.split('<li class="card indicator')[1:]
        if ">Confirmed lecture seats that were attended</a></h2>" in card
    ]
    assert "Target 80" in card
    assert "No data yet" in card and "No target" not in card
