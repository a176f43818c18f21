import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_is_refused(api, city):
    response = api.get(reverse("api:school-list"))
    assert response.status_code in (401, 403)


def test_token_authentication_works(api, people):
    token = Token.objects.create(user=people.head_teacher)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json()["username"] == "huang"
    assert response.json()["roles"][0]["role"] == "head_teacher"


def test_wrong_token_is_refused(api, people):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(reverse("api:me")).status_code == 401


def test_me_masks_the_phone(api, people):
    people.parent.phone = "13812345678"
    people.parent.save()
    api.force_authenticate(people.parent)
    assert api.get(reverse("api:me")).json()["phone"] == "138****5678"


def test_school_list_is_scoped(api, people, city):
    api.force_authenticate(people.other_district_officer)
    names = [row["name"] for row in api.get(reverse("api:school-list")).json()["results"]]
    assert names == ["西乡塘区滨江小学"]


def test_school_out_of_scope_is_404(api, people, city):
    api.force_authenticate(people.other_district_officer)
    response = api.get(reverse("api:school-detail", args=[city.school.pk]))
    assert response.status_code == 404
    response = api.get(reverse("api:school-detail", args=[city.other_school.pk]))
    assert response.status_code == 200


def test_parent_sees_no_schools_or_classes(api, people, city):
    api.force_authenticate(people.parent)
    assert api.get(reverse("api:school-list")).json()["results"] == []
    assert api.get(reverse("api:class-list")).json()["results"] == []


def test_notifications_are_ones_own_and_read_by_their_owner_only(api, people):
    mine = notify.notify(
        kind="portal.announcement", recipient=people.parent, subject_key="x", title="通知"
    )
    api.force_authenticate(people.stranger)
    assert api.get(reverse("api:notification-list")).json()["results"] == []
    assert api.post(reverse("api:notification-read", args=[mine.pk])).status_code == 404
    api.force_authenticate(people.parent)
    assert api.get(reverse("api:notification-list")).json()["count"] == 1
    response = api.post(reverse("api:notification-read", args=[mine.pk]))
    assert response.status_code == 200 and response.json()["read_at"]


def test_schema_and_docs_are_served_locally(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/schools/" in schema.content
    docs = client.get(reverse("api:docs")).content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_a_session_user_issues_and_revokes_a_personal_token(client, people):
    client.force_login(people.head_teacher)
    first = client.post(reverse("api:token")).json()["token"]
    second = client.post(reverse("api:token")).json()["token"]
    assert first != second
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.get(reverse("api:me")).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get(reverse("api:me")).status_code == 200
    assert client.delete(reverse("api:token")).status_code == 204
    assert api.get(reverse("api:me")).status_code == 401


def test_a_token_cannot_mint_another_token(api, people):
    token = Token.objects.create(user=people.head_teacher)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.post(reverse("api:token")).status_code in (401, 403)
    assert Token.objects.get(user=people.head_teacher).key == token.key


def test_a_case_data_role_must_finish_two_factor_before_getting_a_token(client, people):
    client.force_login(people.counsellor)
    response = client.post(reverse("api:token"))
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    assert not Token.objects.filter(user=people.counsellor).exists()
