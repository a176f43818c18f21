import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from families.models import BindingCode, FamilyLink
from families.services import binding as services
from families.tests.factories import (
    BindingCodeFactory,
    FamilyLinkFactory,
    ParentSchoolFactory,
    give_phone,
    guardian_with_phone,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PHONE = "13800138000"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def parent(people, city):
    give_phone(people.parent, PHONE)
    guardian_with_phone(city.student_1, PHONE)
    return people.parent


def test_parent_binds_with_a_code_through_the_api(api, parent, people, city):
    BindingCodeFactory(student=city.student_1, issued_by=people.head_teacher, code="ABCD2345")
    api.force_authenticate(parent)
    response = api.post(reverse("api:family-bind"), {"code": "ABCD-2345"}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "李明"
    children = api.get(reverse("api:family-children")).json()
    assert [child["name"] for child in children] == ["李明"]


def test_parent_binds_with_the_roster_through_the_api(api, parent, city):
    api.force_authenticate(parent)
    data = {
        "class_code": f"{city.school.code}-3-1",
        "student_number": city.student_1.student_number,
    }
    assert api.post(reverse("api:family-bind"), data, format="json").status_code == 201


def test_bad_bind_requests_get_a_400_with_the_reason(api, parent):
    api.force_authenticate(parent)
    response = api.post(reverse("api:family-bind"), {"code": "ZZZZ9999"}, format="json")
    assert response.status_code == 400
    assert "This code is not right" in response.json()["detail"]
    response = api.post(reverse("api:family-bind"), {"student_number": "1"}, format="json")
    assert response.status_code == 400
    assert not FamilyLink.objects.exists()


def test_children_list_has_only_mine(api, parent, people, city):
    FamilyLinkFactory(user=people.stranger, student=city.student_2)
    api.force_authenticate(parent)
    assert api.get(reverse("api:family-children")).json() == []


def test_parent_schools_are_public_in_the_api(api, city):
    ParentSchoolFactory(school=city.school, name="青秀一小家长学校")
    response = api.get(reverse("api:parent-school-list"), {"level": "school"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["青秀一小家长学校"]


def test_coverage_api_is_for_officers(api, people, city):
    ParentSchoolFactory(school=city.school)
    api.force_authenticate(people.city_officer)
    body = api.get(reverse("api:parent-school-coverage")).json()
    assert body["total"]["schools"] == 2 and body["total"]["covered"] == 1
    assert [s["name"] for s in body["uncovered_schools"]] == ["西乡塘区滨江小学"]
    api.force_authenticate(people.parent)
    assert api.get(reverse("api:parent-school-coverage")).status_code == 403


def test_head_teacher_issues_and_lists_codes_through_the_api(api, people, city):
    api.force_authenticate(people.head_teacher)
    url = reverse("api:class-binding-codes", args=[city.class_1.pk])
    issued = api.post(url).json()
    assert [row["student_name"] for row in issued] == ["李明"]
    assert [row["code"] for row in api.get(url).json()] == [issued[0]["code"]]
    other = reverse("api:class-binding-codes", args=[city.class_2.pk])
    assert api.post(other).status_code == 404
    assert api.get(other).status_code == 404


def test_schema_documents_the_binding_api(api, people):
    api.force_authenticate(people.city_officer)
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/families/bind/" in schema["paths"]
    assert "/api/families/parent-schools/coverage/" in schema["paths"]
    bind = schema["paths"]["/api/families/bind/"]["post"]
    assert "requestBody" in bind and "201" in bind["responses"]


# --- Admin -------------------------------------------------------------------------


def test_head_teacher_reads_the_codes_of_their_class_in_the_admin(client, people, city):
    services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    BindingCodeFactory(student=city.student_2, issued_by=people.teacher, code="OTHER234")
    client.force_login(people.head_teacher)
    page = client.get(reverse("admin:families_bindingcode_changelist")).content.decode()
    assert "李明" in page and "王芳" not in page
    code = BindingCode.objects.get(student=city.student_2)
    url = reverse("admin:families_bindingcode_change", args=[code.pk])
    assert client.get(url).status_code == 404


def test_admin_action_reissues_codes_through_the_service(client, people, city):
    first = services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)
    client.force_login(people.head_teacher)
    response = client.post(
        reverse("admin:families_bindingcode_changelist"),
        {"action": "reissue_for_classes", "_selected_action": [first[0].pk]},
        follow=True,
    )
    assert "1 new code issued." in response.content.decode()
    assert BindingCode.objects.count() == 2


def test_family_links_and_parent_schools_in_the_admin(client, people, city):
    FamilyLinkFactory(user=people.parent, student=city.student_1)
    ParentSchoolFactory(school=city.school, name="青秀一小家长学校")
    client.force_login(people.head_teacher)
    page = client.get(reverse("admin:families_familylink_changelist")).content.decode()
    assert "李明" in page
    client.force_login(people.district_officer)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    page = client.get(reverse("admin:families_parentschool_changelist")).content.decode()
    assert "青秀一小家长学校" in page
