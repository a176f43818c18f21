"""Staff whose roles reach case data log in with a password plus TOTP."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD = "correct horse battery"


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_code(secret: str) -> str:
    valid = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def reauthenticate(client, password=PASSWORD):
    """allauth asks for the password again before TOTP is switched on or off."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def log_in(client, username, password=PASSWORD):
    return client.post(
        reverse("account_login"), {"login": username, "password": password}, follow=True
    )


@pytest.fixture
def counsellor_secret(people):
    secret = generate_totp_secret()
    TOTP.activate(people.counsellor, secret)
    return secret


def test_a_counsellor_without_totp_is_sent_to_set_it_up(client, people):
    response = log_in(client, "lu")

    assert response.wsgi_request.user == people.counsellor
    assert [url for url, _status in response.redirect_chain][1:] == [
        "/accounts/2fa/totp/activate/?next=%2Fafter-login%2F",
        "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F%3Fnext%3D%252Fafter-login%252F",
    ]
    assert "Your role reaches case data" in response.content.decode()

    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)

    text = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))
    assert "Set up two-factor authentication" in text
    assert 'src="data:image/svg+xml;base64,' in text


@pytest.mark.parametrize("url", ["/workbench/", "/inbox/", "/admin/"])
def test_every_page_leads_a_counsellor_without_totp_to_the_setup(client, people, url):
    client.force_login(people.counsellor)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert f"next={url.replace('/', '%2F')}" in response["Location"]


def test_setting_up_totp_lets_the_counsellor_in(client, people):
    client.force_login(people.counsellor)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=people.counsellor, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(reverse("portal:workbench")).status_code == 200


def test_a_wrong_code_does_not_set_up_totp(client, people):
    client.force_login(people.counsellor)
    reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not Authenticator.objects.filter(user=people.counsellor).exists()
    assert client.get(reverse("portal:workbench")).status_code == 302


def test_with_totp_the_login_asks_for_the_code(client, people, counsellor_secret):
    response = log_in(client, "lu")

    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert not response.wsgi_request.user.is_authenticated
    assert "Two-Factor Authentication" in response.content.decode()

    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(counsellor_secret)}, follow=True
    )

    assert response.wsgi_request.user == people.counsellor
    assert response.redirect_chain[-1][0] == reverse("portal:workbench")


def test_a_wrong_totp_code_is_refused(client, people, counsellor_secret):
    log_in(client, "lu")

    response = client.post(
        reverse("mfa_authenticate"), {"code": wrong_code(counsellor_secret)}, follow=True
    )

    assert not response.wsgi_request.user.is_authenticated
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("portal:workbench")).status_code == 302


def test_a_totp_code_works_only_once(client, people, counsellor_secret):
    code = current_code(counsellor_secret)
    log_in(client, "lu")
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))

    log_in(client, "lu")
    response = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)

    assert not response.wsgi_request.user.is_authenticated


def test_the_wrong_password_never_reaches_the_code_step(client, people, counsellor_secret):
    response = log_in(client, "lu", "wrong password")

    assert response.redirect_chain == []
    assert "not correct" in response.content.decode()


def test_a_counsellor_cannot_switch_totp_off(client, people, counsellor_secret):
    client.force_login(people.counsellor)
    client.post(
        reverse("mfa_reauthenticate"), {"code": current_code(counsellor_secret)}, follow=True
    )

    response = client.post(reverse("mfa_deactivate_totp"), follow=True)

    assert Authenticator.objects.filter(
        user=people.counsellor, type=Authenticator.Type.TOTP
    ).exists()
    assert "two-factor authentication must stay on" in response.content.decode()


def test_a_teacher_may_switch_their_optional_totp_off(client, people):
    TOTP.activate(people.teacher, generate_totp_secret())
    client.force_login(people.teacher)
    reauthenticate(client)

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=people.teacher).exists()


@pytest.mark.parametrize("persona", ["teacher", "head_teacher", "partner", "parent"])
def test_roles_without_case_data_are_not_forced_to_set_up_totp(client, people, persona):
    client.force_login(getattr(people, persona))

    response = client.get(reverse("portal:inbox"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "persona", ["city_officer", "district_officer", "school_leader", "case_worker"]
)
def test_every_case_data_role_must_set_up_totp(client, people, persona):
    client.force_login(getattr(people, persona))

    response = client.get(reverse("portal:inbox"))

    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_superuser_must_set_up_totp(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response["Location"].startswith(reverse("mfa_activate_totp"))
