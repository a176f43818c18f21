from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.models import (
    ApprovalRecord,
    ApprovalStatus,
    EducationResource,
    ResourceCategory,
    StudyTourProvider,
)
from community.services import resources as services
from community.services.errors import ResourceError
from community.tests.factories import (
    EducationResourceFactory,
    StudyTourProviderFactory,
)
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def new_place(city, **changes):
    values = {
        "name": "朱自清故居",
        "category": ResourceCategory.FAMILY_TRADITION,
        "district": city.qingxiu,
        "address": "青秀区安乐巷27号",
        "latitude": Decimal("22.817000"),
        "longitude": Decimal("108.366000"),
        "description": "家教家风故事。",
    }
    values.update(changes)
    return EducationResource(**values)


def test_a_new_place_starts_as_applied_with_its_history(city, people):
    place = services.save_resource(resource=new_place(city), by=people.district_officer)
    assert place.approval_status == ApprovalStatus.APPLIED
    assert not place.open_for_bookings
    [record] = place.approval_history.all()
    assert record.status == ApprovalStatus.APPLIED
    assert record.decided_by == people.district_officer


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("32.394000", "119.412000", "Latitude 32.394000 is outside the city"),  # Yangzhou
        ("22.817000", "118.366000", "Longitude 118.366000 is outside the city"),
        ("108.366000", "22.817000", "latitude and longitude are not swapped"),
    ],
)
def test_coordinates_outside_the_city_are_refused(city, people, latitude, longitude, message):
    place = new_place(city, latitude=Decimal(latitude), longitude=Decimal(longitude))
    with pytest.raises(ResourceError) as refused:
        services.save_resource(resource=place, by=people.city_officer)
    assert message in refused.value.message
    assert not EducationResource.objects.exists()
    assert not ApprovalRecord.objects.exists()


def test_district_officer_cannot_place_a_resource_in_another_district(city, people):
    with pytest.raises(ResourceError):
        services.save_resource(
            resource=new_place(city, district=city.xixiangtang), by=people.district_officer
        )
    assert not EducationResource.objects.exists()


def test_approve_then_suspend_writes_history_and_closes_bookings(city, people):
    place = services.save_resource(resource=new_place(city), by=people.district_officer)
    services.set_resource_status(
        resource=place, status=ApprovalStatus.APPROVED, by=people.district_officer
    )
    services.set_open_for_bookings(resource=place, is_open=True, by=people.district_officer)
    place = services.set_resource_status(
        resource=place, status=ApprovalStatus.SUSPENDED, by=people.city_officer, note="整改"
    )
    assert place.approval_status == ApprovalStatus.SUSPENDED
    assert not place.open_for_bookings
    statuses = list(place.approval_history.values_list("status", "note"))
    assert statuses == [("suspended", "整改"), ("approved", ""), ("applied", "")]


def test_only_an_approved_place_opens_for_bookings(city, people):
    place = services.save_resource(resource=new_place(city), by=people.city_officer)
    with pytest.raises(ResourceError, match="Only an approved place"):
        services.set_open_for_bookings(resource=place, is_open=True, by=people.city_officer)
    place.refresh_from_db()
    assert not place.open_for_bookings


def test_the_database_refuses_a_bookable_place_that_is_not_approved(city):
    place = EducationResourceFactory(district=city.qingxiu)
    with pytest.raises(IntegrityError), transaction.atomic():
        EducationResource.objects.filter(pk=place.pk).update(
            approval_status=ApprovalStatus.SUSPENDED
        )


def test_saving_cannot_change_the_status_behind_the_services_back(city, people):
    place = services.save_resource(resource=new_place(city), by=people.city_officer)
    place.approval_status = ApprovalStatus.APPROVED
    place = services.save_resource(resource=place, by=people.city_officer)
    place.refresh_from_db()
    assert place.approval_status == ApprovalStatus.APPLIED


def test_star_rating_is_one_to_five(city, people):
    with pytest.raises(ResourceError, match="from 1 to 5"):
        services.save_resource(resource=new_place(city, star_rating=6), by=people.city_officer)


def test_a_teacher_cannot_curate(city, people):
    place = EducationResourceFactory(district=city.qingxiu)
    with pytest.raises(ResourceError, match="Only the education bureau"):
        services.set_resource_status(
            resource=place, status=ApprovalStatus.SUSPENDED, by=people.head_teacher
        )


def test_other_district_officer_cannot_suspend(city, people):
    place = EducationResourceFactory(district=city.qingxiu)
    with pytest.raises(ResourceError):
        services.set_resource_status(
            resource=place, status=ApprovalStatus.SUSPENDED, by=people.other_district_officer
        )


def test_provider_is_recommended_only_when_approved(city, people):
    provider = services.save_provider(
        provider=StudyTourProvider(
            name="广西研学旅行社",
            credit_code="91450100MA5K000001",
            district=city.qingxiu,
            contact_name="黄经理",
            contact_phone="13800000000",
        ),
        by=people.city_officer,
    )
    with pytest.raises(ResourceError, match="Only an approved provider"):
        services.recommend_provider(provider=provider, recommended=True, by=people.city_officer)
    services.set_provider_status(
        provider=provider, status=ApprovalStatus.APPROVED, by=people.city_officer
    )
    provider = services.recommend_provider(
        provider=provider, recommended=True, by=people.city_officer
    )
    assert provider.is_recommended
    provider = services.set_provider_status(
        provider=provider, status=ApprovalStatus.SUSPENDED, by=people.city_officer, note="投诉"
    )
    assert not provider.is_recommended
    history = list(provider.approval_history.values_list("status", flat=True))
    assert history == ["suspended", "approved", "applied"]


def test_provider_check_constraint_backs_the_rule(city):
    provider = StudyTourProviderFactory(district=city.qingxiu)
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyTourProvider.objects.filter(pk=provider.pk).update(is_recommended=True)


# --- Back office -------------------------------------------------------------
def admin_form(city, **changes):
    values = {
        "name": "扬州清曲传习所",
        "category": "intangible_heritage",
        "themes": ["heritage"],
        "age_groups": ["family"],
        "description": "非遗进校园。",
        "district": city.qingxiu.pk,
        "address": "青秀区1号",
        "latitude": "22.81",
        "longitude": "108.36",
        "courses-TOTAL_FORMS": "1",
        "courses-INITIAL_FORMS": "0",
        "courses-0-title": "清曲入门",
        "courses-0-duration_minutes": "60",
        "courses-0-is_active": "on",
        "approval_history-TOTAL_FORMS": "0",
        "approval_history-INITIAL_FORMS": "0",
    }
    values.update(changes)
    return values


def test_admin_adds_a_place_with_courses_through_the_service(client, city, people):
    log_in(client, people.district_officer)
    response = client.post(reverse("admin:community_educationresource_add"), admin_form(city))
    assert response.status_code == 302, response.content.decode()[:3000]
    place = EducationResource.objects.get()
    assert place.approval_status == ApprovalStatus.APPLIED
    assert [c.title for c in place.courses.all()] == ["清曲入门"]
    assert place.approval_history.count() == 1


def test_admin_refuses_coordinates_outside_the_city_with_a_message(client, city, people):
    log_in(client, people.district_officer)
    response = client.post(
        reverse("admin:community_educationresource_add"),
        admin_form(city, latitude="32.39", longitude="119.41"),
    )
    assert response.status_code == 200
    assert "outside the city" in response.content.decode()
    assert not EducationResource.objects.exists()


def test_admin_refuses_to_open_a_place_that_is_not_approved(client, city, people):
    log_in(client, people.district_officer)
    response = client.post(
        reverse("admin:community_educationresource_add"),
        admin_form(city, open_for_bookings="on"),
    )
    assert "Only an approved place" in response.content.decode()
    assert not EducationResource.objects.exists()


def test_admin_approve_action_calls_the_service(client, city, people):
    place = EducationResourceFactory(
        district=city.qingxiu, approval_status=ApprovalStatus.APPLIED, open_for_bookings=False
    )
    log_in(client, people.district_officer)
    response = client.post(
        reverse("admin:community_educationresource_changelist"),
        {"action": "approve", "_selected_action": [place.pk]},
        follow=True,
    )
    assert "1 places approved." in response.content.decode()
    place.refresh_from_db()
    assert place.approval_status == ApprovalStatus.APPROVED
    assert place.approval_history.get().decided_by == people.district_officer


def test_admin_changelist_is_scoped_to_the_district(client, city, people):
    EducationResourceFactory(name="青秀的基地", district=city.qingxiu)
    EducationResourceFactory(
        name="西乡塘未批准的基地",
        district=city.xixiangtang,
        approval_status=ApprovalStatus.APPLIED,
        open_for_bookings=False,
    )
    log_in(client, people.district_officer)
    page = client.get(reverse("admin:community_educationresource_changelist")).content.decode()
    assert "青秀的基地" in page
    assert "西乡塘未批准的基地" not in page


def test_admin_recommend_action_refuses_an_unapproved_provider(client, city, people):
    provider = StudyTourProviderFactory(district=city.qingxiu)
    log_in(client, people.city_officer)
    response = client.post(
        reverse("admin:community_studytourprovider_changelist"),
        {"action": "recommend", "_selected_action": [provider.pk]},
        follow=True,
    )
    assert "Only an approved provider" in response.content.decode()
    provider.refresh_from_db()
    assert not provider.is_recommended
