"""Logging in: parents by SMS code, staff by password; and what each may reach."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import notify, sms
from portal.models import Notification
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MOBILE = "13912345678"
PASSWORD = "correct horse battery"


@pytest.fixture
def grandma(people):
    """A grandparent who signed up by phone: no name, no password."""
    user = UserFactory(username="grandma", name="", email="", phone=MOBILE, phone_verified=True)
    user.set_unusable_password()
    user.save()
    return user


def last_code() -> str:
    return re.search(r"(?<!\d)(\d{6})(?!\d)", sms.outbox[-1].text).group(1)


def request_code(client, phone=MOBILE):
    return client.post(reverse("account_request_login_code"), {"phone": phone}, follow=True)


def confirm(client, code):
    return client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)


def log_in(client, login, password=PASSWORD):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, follow=True
    )


def page(response) -> str:
    return response.content.decode()


# --- Parents: SMS code ------------------------------------------------------


def test_login_page_offers_sms_code_for_families_and_password_for_staff(client):
    response = client.get(reverse("account_login"))

    text = page(response)
    assert response.status_code == 200
    assert "Parents and grandparents" in text
    assert f'action="{reverse("account_request_login_code")}"' in text
    assert "Bureau, school and partner staff" in text
    assert 'name="password"' in text


def test_parent_logs_in_with_the_sms_code(client, grandma):
    response = request_code(client)

    assert response.redirect_chain[-1][0] == reverse("account_confirm_login_code")
    assert [message.phone for message in sms.outbox] == [MOBILE]
    assert "139****5678" in page(response)
    assert MOBILE not in page(response)

    response = confirm(client, last_code())

    assert response.wsgi_request.user == grandma
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "139****5678" in page(response)
    assert MOBILE not in page(response)


def test_the_number_may_be_typed_with_spaces(client, grandma):
    request_code(client, phone="139 1234 5678")

    assert sms.outbox[-1].phone == MOBILE


def test_a_wrong_sms_code_is_refused(client, grandma):
    request_code(client)
    wrong = "000000" if last_code() != "000000" else "111111"

    response = confirm(client, wrong)

    assert "That code is not right" in page(response)
    assert not response.wsgi_request.user.is_authenticated


def test_an_expired_sms_code_is_refused_with_a_clear_message(client, grandma, clock):
    request_code(client)
    code = last_code()
    clock(11 * 60)

    response = confirm(client, code)

    assert not response.wsgi_request.user.is_authenticated
    assert response.redirect_chain[-1][0] == reverse("account_request_login_code")
    assert "Your code has expired" in page(response)


def test_after_a_resend_only_the_new_code_works(client, grandma):
    request_code(client)
    old = last_code()

    response = client.post(reverse("account_confirm_login_code"), {"action": "resend"}, follow=True)

    assert len(sms.outbox) == 2
    assert "A sign-in code has been sent to 139****5678" in page(response)
    new = last_code()
    if new == old:  # one chance in a million
        pytest.skip("the new code happened to equal the old one")
    assert "That code is not right" in page(confirm(client, old))
    assert confirm(client, new).wsgi_request.user == grandma


def test_an_unknown_number_gets_an_sms_telling_it_to_sign_up(client, people):
    response = request_code(client, phone="13700001111")

    # The page does not reveal whether the number has an account ...
    assert response.redirect_chain[-1][0] == reverse("account_confirm_login_code")
    # ... the SMS to that number does, and carries no code.
    assert sms.outbox[-1].phone == "13700001111"
    assert "Sign up first" in sms.outbox[-1].text
    assert not re.search(r"(?<!\d)\d{6}(?!\d)", sms.outbox[-1].text)
    assert not confirm(client, "123456").wsgi_request.user.is_authenticated


def test_an_unverified_number_is_verified_by_logging_in_with_its_code(client, grandma):
    grandma.phone_verified = False
    grandma.save()

    request_code(client)
    response = confirm(client, last_code())

    assert response.wsgi_request.user == grandma
    grandma.refresh_from_db()
    assert grandma.phone_verified


def test_staff_with_an_unverified_number_must_verify_it_before_getting_in(client, people):
    people.teacher.phone = "13600001111"
    people.teacher.phone_verified = False
    people.teacher.save()

    response = log_in(client, "tan")

    assert response.redirect_chain[-1][0] == reverse("account_verify_phone")
    assert "136****1111" in page(response)
    assert not response.wsgi_request.user.is_authenticated
    assert sms.outbox[-1].phone == "13600001111"

    response = client.post(reverse("account_verify_phone"), {"code": last_code()}, follow=True)

    assert response.wsgi_request.user == people.teacher
    people.teacher.refresh_from_db()
    assert people.teacher.phone_verified


def test_asking_for_codes_is_rate_limited_per_number(grandma):
    # Each request from a fresh browser, as a script hammering the number would.
    for _ in range(3):
        request_code(Client())
    assert len(sms.outbox) == 3

    response = request_code(Client())

    assert "Too many failed attempts" in page(response)
    assert len(sms.outbox) == 3


# --- Staff: password ---------------------------------------------------------


def test_staff_log_in_with_username_and_password(client, people):
    response = log_in(client, "tan")

    assert response.wsgi_request.user == people.teacher
    assert response.redirect_chain[-1][0] == reverse("portal:workbench")


def test_staff_may_use_their_email_instead_of_the_username(client, people):
    response = log_in(client, "tan@example.cn")

    assert response.wsgi_request.user == people.teacher


def test_a_wrong_password_is_refused_with_a_clear_message(client, people):
    response = log_in(client, "tan", "wrong password")

    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in page(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_password_is_required(client, people):
    response = client.post(reverse("account_login"), {"login": "tan"}, follow=True)

    assert "This field is required." in page(response)
    assert not response.wsgi_request.user.is_authenticated


def test_a_parent_without_a_password_cannot_log_in_with_one(client, grandma):
    response = log_in(client, MOBILE, "any password at all")

    assert "password you specified are not correct" in page(response)
    assert not response.wsgi_request.user.is_authenticated


def test_failed_logins_are_rate_limited_even_for_the_right_password(client, people):
    for _ in range(5):
        log_in(client, "tan", "wrong password")

    response = log_in(client, "tan")

    assert "Too many failed attempts" in page(response)
    assert not response.wsgi_request.user.is_authenticated


def test_an_inactive_account_cannot_log_in(client, people):
    people.teacher.is_active = False
    people.teacher.save()

    response = log_in(client, "tan")

    assert not response.wsgi_request.user.is_authenticated


# --- Sessions ---------------------------------------------------------------


def test_an_idle_session_expires(client, people, settings):
    client.force_login(people.teacher)
    assert client.get(reverse("portal:inbox")).status_code == 200

    idle = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=idle)
    response = client.get(reverse("portal:inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_request_a_minute_after_the_last_pushes_the_idle_expiry_forward(
    client, people, settings, monkeypatch
):
    client.force_login(people.teacher)
    soon = timezone.now() + timedelta(seconds=60)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)

    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    client.get(reverse("portal:inbox"))

    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_a_busy_session_is_written_at_most_once_a_minute(client, people, monkeypatch):
    log_in(client, "tan")
    client.get(reverse("portal:inbox"))  # stamps the refresh

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:inbox"))
    assert not [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]

    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:inbox"))
    assert [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]


def test_logging_out_ends_the_session(client, people):
    log_in(client, "tan")

    response = client.post(reverse("account_logout"), follow=True)

    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("portal:inbox")).status_code == 302


# --- Password reset by email -------------------------------------------------


def reset_link() -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)[
        1
    ]


def request_reset(client, email="tan@example.cn"):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def set_new_password(client, link, password="a brand new secret 42"):
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    return client.post(
        form_url, {"password1": password, "password2": password}, follow=True
    ), response


def test_staff_reset_their_password_by_email(client, people):
    response = request_reset(client)

    assert "We have sent you an email" in page(response)
    assert mail.outbox[-1].to == ["tan@example.cn"]
    response, _form = set_new_password(client, reset_link())

    assert "Your password is now changed." in page(response)
    client.logout()
    assert log_in(client, "tan", "a brand new secret 42").wsgi_request.user == people.teacher


def test_a_used_reset_link_no_longer_works(client, people):
    request_reset(client)
    link = reset_link()
    set_new_password(client, link)
    client.logout()

    response = client.get(link, follow=True)

    assert "This link no longer works" in page(response)
    assert 'name="password1"' not in page(response)


def test_an_expired_reset_link_no_longer_works(client, people, monkeypatch):
    request_reset(client)
    link = reset_link()
    later = PasswordResetTokenGenerator._now(PasswordResetTokenGenerator()) + timedelta(hours=3)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = client.get(link, follow=True)

    assert "This link no longer works" in page(response)
    assert "has expired or has already been used" in page(response)


def test_a_reset_for_an_unknown_email_sends_no_link(client, people):
    response = request_reset(client, email="nobody@example.cn")

    assert "We have sent you an email" in page(response)
    assert "/accounts/password/reset/key/" not in "".join(m.body for m in mail.outbox)


# --- What a parent may reach -------------------------------------------------


def test_a_parent_cannot_open_the_back_office(client, people):
    client.force_login(people.parent)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert "The back office is for bureau and school staff." in page(response)


def test_a_parent_cannot_open_the_staff_workbench(client, people):
    client.force_login(people.parent)

    response = client.get(reverse("portal:workbench"))

    assert response.status_code in (403, 404)


def test_a_parent_cannot_read_another_familys_notification(client, people):
    other = notify.notify(
        kind="portal.announcement",
        recipient=people.stranger,
        subject_key="test:other",
        title="For somebody else",
    )
    client.force_login(people.parent)

    response = client.post(reverse("portal:read-notification", args=[other.pk]))

    assert response.status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert "For somebody else" not in page(client.get(reverse("portal:inbox")))


def test_a_parent_reads_their_own_notification(client, people):
    own = notify.notify(
        kind="portal.announcement",
        recipient=people.parent,
        subject_key="test:own",
        title="For the Pan family",
    )
    client.force_login(people.parent)

    assert "For the Pan family" in page(client.get(reverse("portal:inbox")))
    response = client.post(reverse("portal:read-notification", args=[own.pk]))

    assert response.status_code == 302
    assert Notification.objects.get(pk=own.pk).read_at is not None
