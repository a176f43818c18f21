import gzip

import pytest
from django.urls import reverse

from community.models import ApprovalStatus, ResourceCategory, Theme
from community.tests.factories import (
    EducationResourceFactory,
    ResourceCourseFactory,
    StudyTourProviderFactory,
)
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def places(city):
    museum = EducationResourceFactory(
        name="广西民族博物馆",
        category=ResourceCategory.MUSEUM,
        district=city.qingxiu,
        address="南宁市青秀区青环路11号",
        themes=[Theme.HERITAGE],
        age_groups=["family"],
        open_for_bookings=False,
    )
    base = EducationResourceFactory(
        name="南宁市青少年综合实践学校",
        district=city.xixiangtang,
        description="九十六个课程主题,可同时容纳1300名学生。",
    )
    applied = EducationResourceFactory(
        name="尚在遴选的基地",
        district=city.qingxiu,
        approval_status=ApprovalStatus.APPLIED,
        open_for_bookings=False,
    )
    ResourceCourseFactory(resource=base, title="无人机编程")
    return museum, base, applied


def test_anonymous_parent_sees_approved_places_on_the_map_page(client, places):
    response = client.get(reverse("community:map"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "广西民族博物馆" in page and "南宁市青少年综合实践学校" in page
    assert "尚在遴选的基地" not in page
    assert "2 places" in page
    assert 'src="/static/leaflet/leaflet.js"' in page
    assert 'src="/static/js/map.js"' in page


def test_map_page_has_no_inline_script(client, places):
    page = client.get(reverse("community:map")).content.decode()
    assert "<script>" not in page
    for chunk in page.split("<script")[1:]:
        assert chunk.lstrip().startswith("src=")


def test_leaflet_is_served_by_the_portal(client):
    response = client.get("/static/leaflet/leaflet.js")
    assert response.status_code == 200
    assert client.get("/static/leaflet/leaflet.css").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ({"category": "museum"}, "广西民族博物馆", "综合实践学校"),
        ({"theme": "heritage"}, "广西民族博物馆", "综合实践学校"),
        ({"age_group": "junior"}, "综合实践学校", "广西民族博物馆"),
        ({"open": "1"}, "综合实践学校", "广西民族博物馆"),
        ({"q": "1300名"}, "综合实践学校", "广西民族博物馆"),
        ({"q": "青环路"}, "广西民族博物馆", "综合实践学校"),
    ],
)
def test_map_list_filters(client, places, query, expected, absent):
    page = client.get(reverse("community:map"), query).content.decode()
    assert expected in page
    assert absent not in page


def test_map_filters_by_district(client, places, city):
    page = client.get(reverse("community:map"), {"district": city.xixiangtang.pk}).content.decode()
    assert "综合实践学校" in page and "广西民族博物馆" not in page


def test_bad_filter_values_are_ignored(client, places):
    response = client.get(reverse("community:map"), {"category": "zoo", "district": "x"})
    assert response.status_code == 200
    assert "2 places" in response.content.decode()


def test_geojson_is_a_feature_collection_of_filtered_places(client, places):
    museum, base, _applied = places
    response = client.get(reverse("community:resources-geojson"), {"open": "1"})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [base.pk]
    feature = data["features"][0]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [float(base.longitude), float(base.latitude)],
    }
    assert feature["properties"]["courses"] == ["无人机编程"]
    assert feature["properties"]["url"] == reverse("community:resource-detail", args=[base.pk])


@pytest.mark.parametrize("count", [10, 100])
def test_geojson_answers_in_constant_queries(client, city, django_assert_num_queries, count):
    for resource in EducationResourceFactory.create_batch(count, district=city.qingxiu):
        ResourceCourseFactory(resource=resource)
    with django_assert_num_queries(2):
        data = client.get(reverse("community:resources-geojson")).json()
    assert len(data["features"]) == count


@pytest.mark.parametrize("count", [10, 100])
def test_geojson_for_a_logged_in_officer_in_constant_queries(
    client, people, city, django_assert_num_queries, count
):
    EducationResourceFactory.create_batch(count, district=city.qingxiu)
    log_in(client, people.district_officer)
    # session, user, role assignments, places, courses
    with django_assert_num_queries(5):
        data = client.get(reverse("community:resources-geojson")).json()
    assert len(data["features"]) == count


def test_the_public_map_data_is_built_once_a_minute_and_sent_compressed(
    client, city, people, django_assert_num_queries
):
    EducationResourceFactory.create_batch(30, district=city.qingxiu)
    url = reverse("community:resources-geojson")
    first = client.get(url)
    EducationResourceFactory(district=city.qingxiu)  # shows within the minute, not at once

    with django_assert_num_queries(0):
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip"
    assert len(again.content) < len(first.content) / 3
    assert gzip.decompress(again.content) == first.content
    assert len(client.get(url + "?district=" + str(city.qingxiu.pk)).json()["features"]) == 31

    log_in(client, people.district_officer)  # a signed-in person's is built afresh
    assert len(client.get(url).json()["features"]) == 31


def test_resource_page_shows_what_a_visit_needs(client, places):
    _museum, base, _applied = places
    base.accessibility = "无障碍坡道和电梯"
    base.save()
    page = client.get(reverse("community:resource-detail", args=[base.pk])).content.decode()
    expected = ["南宁市青少年综合实践学校", "九十六个课程主题", "无人机编程", "无障碍坡道"]
    expected += ["周二至周日", "300 students", "0771-5550000", "Study and practice base"]
    for text in expected:
        assert text in page


def test_a_place_not_yet_approved_is_a_404_for_the_public(client, places, people):
    _museum, _base, applied = places
    url = reverse("community:resource-detail", args=[applied.pk])
    assert client.get(url).status_code == 404
    log_in(client, people.parent)
    assert client.get(url).status_code == 404
    log_in(client, people.district_officer)
    assert client.get(url).status_code == 200


def test_public_api_returns_the_geojson_and_one_place(client, places):
    museum, base, applied = places
    data = client.get(reverse("api:map-resource-list"), {"category": "museum"}).json()
    assert [f["id"] for f in data["features"]] == [museum.pk]
    detail = client.get(reverse("api:map-resource-detail", args=[base.pk])).json()
    assert detail["name"] == base.name
    assert [c["title"] for c in detail["courses"]] == ["无人机编程"]
    assert client.get(reverse("api:map-resource-detail", args=[applied.pk])).status_code == 404


def test_recommended_providers_are_public(client, city):
    StudyTourProviderFactory(
        name="推荐机构", approval_status=ApprovalStatus.APPROVED, is_recommended=True
    )
    StudyTourProviderFactory(name="未推荐机构")
    names = [row["name"] for row in client.get(reverse("api:map-provider-list")).json()["results"]]
    assert names == ["推荐机构"]


def test_map_api_is_in_the_schema(client, people):
    log_in(client, people.city_officer)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path in (
        "/api/map/resources/",
        "/api/map/resources/{id}/",
        "/api/map/hsds/",
        "/api/map/resources/{id}/slots/",
        "/api/bookings/",
        "/api/bookings/{id}/confirm/",
        "/api/bookings/participation/",
    ):
        assert path in schema["paths"], path
