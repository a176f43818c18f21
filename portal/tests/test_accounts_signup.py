"""Parents and grandparents sign up with a mobile number and an SMS code."""

import re

import pytest
from django.urls import reverse

from portal import sms
from portal.models import Role, RoleAssignment, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MOBILE = "13812345678"


def last_code() -> str:
    return re.search(r"(?<!\d)(\d{6})(?!\d)", sms.outbox[-1].text).group(1)


def sign_up(client, phone=MOBILE, email=""):
    return client.post(reverse("account_signup"), {"phone": phone, "email": email}, follow=True)


def test_signup_page_asks_for_a_mobile_number_and_optional_email(client):
    response = client.get(reverse("account_signup"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="phone"' in page
    assert 'type="tel"' in page
    assert 'name="email"' in page
    assert 'name="password1"' not in page


def test_signup_sends_a_six_digit_code_through_the_sms_backend(client):
    response = sign_up(client)

    assert response.redirect_chain[-1][0] == reverse("account_verify_phone")
    assert len(sms.outbox) == 1
    assert sms.outbox[0].phone == MOBILE
    assert sms.outbox[0].text.startswith("【同心】")
    assert re.search(r"(?<!\d)\d{6}(?!\d)", sms.outbox[0].text)
    page = response.content.decode()
    assert "138****5678" in page
    assert MOBILE not in page


def test_entering_the_code_logs_the_parent_in_with_only_the_parent_role(client):
    sign_up(client, email="pan.mama@example.cn")

    response = client.post(reverse("account_verify_phone"), {"code": last_code()}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("families:home")
    user = User.objects.get(phone=MOBILE)
    assert response.context["user"] == user
    assert user.phone_verified
    assert user.email == "pan.mama@example.cn"
    assert not user.is_staff
    assert not user.is_superuser
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.PARENT
    ]


def test_the_signed_up_parent_sees_a_masked_number_not_the_full_one(client):
    sign_up(client)
    response = client.post(reverse("account_verify_phone"), {"code": last_code()}, follow=True)

    page = response.content.decode()
    assert "138****5678" in page
    assert MOBILE not in page
    assert User.objects.get(phone=MOBILE).masked_phone == "138****5678"


def test_signup_accepts_the_number_with_spaces_or_country_code(client):
    sign_up(client, phone="+86 138 1234 5678")

    assert User.objects.filter(phone=MOBILE).exists()
    assert sms.outbox[-1].phone == MOBILE


@pytest.mark.parametrize("bad", ["1381234567", "23812345678", "abc", "138123456789"])
def test_a_number_that_is_not_a_mainland_mobile_is_refused(client, bad):
    response = sign_up(client, phone=bad)

    assert response.status_code == 200
    assert "Enter an 11-digit mainland mobile number" in response.content.decode()
    assert not User.objects.exists()
    assert sms.outbox == []


def test_signup_without_a_number_is_refused(client):
    response = sign_up(client, phone="")

    assert "errorlist" in response.content.decode()
    assert not User.objects.exists()


def test_a_wrong_sms_code_is_refused_with_a_clear_message(client):
    sign_up(client)
    wrong = "000000" if last_code() != "000000" else "111111"

    response = client.post(reverse("account_verify_phone"), {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.get(phone=MOBILE).phone_verified


def test_three_wrong_codes_end_the_attempt(client):
    sign_up(client)
    code = last_code()
    for wrong in ("000001", "000002", "000003"):
        response = client.post(reverse("account_verify_phone"), {"code": wrong}, follow=True)

    assert "Too many failed attempts" in response.content.decode()
    response = client.post(reverse("account_verify_phone"), {"code": code}, follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.get(phone=MOBILE).phone_verified


def test_an_expired_code_is_refused(client, clock):
    sign_up(client)
    code = last_code()
    clock(11 * 60)

    response = client.post(reverse("account_verify_phone"), {"code": code}, follow=True)

    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.get(phone=MOBILE).phone_verified
    assert "Your code has expired" in response.content.decode()


def test_asking_again_at_once_is_refused_without_sending(client):
    sign_up(client)

    response = client.post(reverse("account_verify_phone"), {"action": "resend"}, follow=True)

    assert "Wait half a minute" in response.content.decode()
    assert len(sms.outbox) == 1


def test_a_resent_code_replaces_the_old_one(client, clock):
    sign_up(client)
    old = last_code()
    clock(31)

    client.post(reverse("account_verify_phone"), {"action": "resend"})

    assert len(sms.outbox) == 2
    new = last_code()
    if new == old:  # one chance in a million
        pytest.skip("the new code happened to equal the old one")
    response = client.post(reverse("account_verify_phone"), {"code": old})
    assert "That code is not right" in response.content.decode()
    response = client.post(reverse("account_verify_phone"), {"code": new}, follow=True)
    assert response.wsgi_request.user.is_authenticated


def test_an_unverified_signup_is_not_logged_in(client):
    sign_up(client)

    response = client.get(reverse("portal:inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not User.objects.get(phone=MOBILE).phone_verified


def test_signing_up_again_with_a_taken_number_does_not_reveal_or_reuse_it(client, people):
    people.parent.phone = MOBILE
    people.parent.phone_verified = True
    people.parent.save()

    response = sign_up(client)

    assert User.objects.filter(phone=MOBILE).count() == 1
    assert "already has an account" in sms.outbox[-1].text
    assert not re.search(r"(?<!\d)\d{6}(?!\d)", sms.outbox[-1].text)
    response = client.post(reverse("account_verify_phone"), {"code": "123456"}, follow=True)
    assert not response.wsgi_request.user.is_authenticated


def test_sign_up_rate_limit_is_configured(settings):
    assert "signup" in settings.ACCOUNT_RATE_LIMITS


def test_the_confirmation_email_names_the_portal_and_the_masked_number(client, mailoutbox):
    sign_up(client, email="pan.mama@example.cn")
    client.post(reverse("account_verify_phone"), {"code": last_code()})

    [message] = mailoutbox
    greeting, link = message.body.split("/accounts/confirm-email/")
    assert message.to == ["pan.mama@example.cn"]
    assert "Tongxin" in message.body and "localhost:8000" in message.body
    assert "138****5678" in greeting
    assert "example.com" not in message.body and "pan.mama" not in greeting
