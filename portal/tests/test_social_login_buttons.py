"""WeChat and DingTalk buttons appear once the bureau configures them."""

import pytest
from allauth.core import context
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sites.models import Site
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.adapters import SocialAccountAdapter
from portal.models import Role, RoleAssignment, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def configure(provider: str, name: str) -> SocialApp:
    app = SocialApp.objects.create(
        provider=provider, name=name, client_id=f"{provider}-id", secret="s3cret"
    )
    app.sites.add(Site.objects.get_current())
    return app


def login_page(client) -> str:
    return client.get(reverse("account_login")).content.decode()


def test_no_buttons_until_the_bureau_configures_a_provider(client):
    text = login_page(client)

    assert "Log in with WeChat" not in text
    assert "Log in with DingTalk" not in text
    assert 'id="social-login"' not in text


@pytest.mark.parametrize("provider", ["weixin", "dingtalk"])
def test_a_provider_not_set_up_has_no_login_page(client, provider):
    """Not a server error: the provider's pages do not exist here yet."""
    assert client.get(f"/accounts/{provider}/login/").status_code == 404
    assert client.get(f"/accounts/{provider}/login/callback/").status_code == 404


def test_a_configured_wechat_app_shows_its_button(client):
    configure("weixin", "微信")

    text = login_page(client)

    assert "Log in with WeChat" in text
    assert "/accounts/weixin/login/?process=login" in text
    assert "Log in with DingTalk" not in text


def test_both_buttons_show_on_login_and_signup_pages(client):
    configure("weixin", "微信")
    configure("dingtalk", "钉钉")

    for url in (reverse("account_login"), reverse("account_signup")):
        text = client.get(url).content.decode()
        assert "Log in with WeChat" in text
        assert "Log in with DingTalk" in text


def test_an_app_for_another_site_shows_no_button(client):
    other = Site.objects.create(domain="other.example.cn", name="other")
    app = SocialApp.objects.create(provider="weixin", name="微信", client_id="x", secret="y")
    app.sites.add(other)

    assert "Log in with WeChat" not in login_page(client)


def test_the_button_leads_to_the_provider(client):
    configure("weixin", "微信")
    configure("dingtalk", "钉钉")

    confirm = client.get("/accounts/weixin/login/?process=login")
    assert "Log in with WeChat" in confirm.content.decode()

    response = client.post("/accounts/weixin/login/?process=login")
    assert response.status_code == 302
    assert response["Location"].startswith("https://open.weixin.qq.com/")
    assert "appid=weixin-id" in response["Location"]

    response = client.post("/accounts/dingtalk/login/?process=login")
    assert response["Location"].startswith("https://login.dingtalk.com/oauth2/auth")


def test_the_city_officer_configures_wechat_in_the_back_office(client, people):
    TOTP.activate(people.city_officer, generate_totp_secret())
    client.force_login(people.city_officer)

    response = client.post(
        reverse("admin:socialaccount_socialapp_add"),
        {
            "provider": "weixin",
            "provider_id": "",
            "name": "微信登录",
            "client_id": "wx0123456789",
            "secret": "s3cret",
            "key": "",
            "settings": "{}",
            "sites": [Site.objects.get_current().pk],
        },
    )

    assert response.status_code == 302
    client.logout()
    assert "Log in with WeChat" in login_page(client)


def test_a_school_leader_cannot_configure_social_logins(client, people):
    TOTP.activate(people.school_leader, generate_totp_secret())
    client.force_login(people.school_leader)

    response = client.get(reverse("admin:socialaccount_socialapp_add"))

    assert response.status_code == 403
    assert not SocialApp.objects.exists()


def test_a_first_wechat_login_makes_a_parent_and_nothing_more(people):
    request = RequestFactory().get("/accounts/weixin/login/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    sociallogin = SocialLogin(
        user=User(name="微信用户"), account=SocialAccount(provider="weixin", uid="oWx123")
    )

    with context.request_context(request):
        user = SocialAccountAdapter().save_user(request, sociallogin)

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.has_usable_password()
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.PARENT
    ]
    assert SocialAccount.objects.get(user=user).uid == "oWx123"
