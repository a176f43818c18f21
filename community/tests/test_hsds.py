import pytest
from django.urls import reverse

from community.models import ApprovalStatus
from community.tests.factories import EducationResourceFactory, ResourceCourseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TABLES = (
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "addresses",
    "phones",
    "schedules",
    "accessibility",
)


@pytest.fixture
def base(city):
    base = EducationResourceFactory(
        name="南宁市青少年综合实践学校",
        district=city.qingxiu,
        accessibility="无障碍通道",
        website="https://example.cn/base",
    )
    ResourceCourseFactory(resource=base, title="无人机编程")
    ResourceCourseFactory(resource=base, title="非遗剪纸")
    EducationResourceFactory(name="未批准", approval_status=ApprovalStatus.SUSPENDED,
                             open_for_bookings=False)  # fmt: skip
    return base


def test_hsds_export_has_organization_service_and_location(client, base):
    data = client.get(reverse("api:map-hsds")).json()
    assert data["hsds_version"] == "3.0"
    assert set(TABLES) <= set(data)
    [org] = data["organizations"]
    assert org["name"] == "南宁市青少年综合实践学校"
    assert org["website"] == "https://example.cn/base"
    [location] = data["locations"]
    assert location["organization_id"] == org["id"]
    assert location["location_type"] == "physical"
    assert location["latitude"] == float(base.latitude)
    assert location["longitude"] == float(base.longitude)
    # the visit itself and one service per course
    names = sorted(service["name"] for service in data["services"])
    assert names == sorted(["南宁市青少年综合实践学校", "无人机编程", "非遗剪纸"])
    assert {service["organization_id"] for service in data["services"]} == {org["id"]}
    assert {s["status"] for s in data["services"]} == {"active"}
    links = {(link["service_id"], link["location_id"]) for link in data["service_at_locations"]}
    assert links == {(service["id"], location["id"]) for service in data["services"]}
    [address] = data["addresses"]
    assert address["location_id"] == location["id"]
    assert address["address_1"] == base.address
    assert address["country"] == "CN"
    assert data["phones"][0]["number"] == base.contact_phone
    assert data["schedules"][0]["description"] == base.opening_hours
    assert data["accessibility"][0]["description"] == "无障碍通道"


def test_hsds_ids_are_unique_and_stable_between_exports(client, base):
    first = client.get(reverse("api:map-hsds")).json()
    second = client.get(reverse("api:map-hsds")).json()
    assert first == second
    ids = [row["id"] for table in TABLES for row in first[table]]
    assert len(ids) == len(set(ids))


def test_hsds_download_link_on_the_map(client, base):
    page = client.get(reverse("community:map")).content.decode()
    assert reverse("community:map-hsds") in page
    response = client.get(reverse("community:map-hsds"), {"category": "practice_base"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(response.json()["organizations"]) == 1


def test_hsds_export_takes_the_map_filters(client, base):
    data = client.get(reverse("api:map-hsds"), {"category": "museum"}).json()
    assert data["organizations"] == [] and data["services"] == []
