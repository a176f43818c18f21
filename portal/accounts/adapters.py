"""allauth adapters: phone numbers live on the user, SMS goes through the
portal's SMS backend, self-service sign-up only ever makes a parent, and
people whose roles reach case data cannot switch their TOTP off."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts import services
from portal.accounts.fields import MobileField
from portal.models import User
from portal.sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": gettext_lazy(
            "That code is not right. Check the latest SMS or email from Tongxin and try again."
        ),
        "too_many_login_attempts": gettext_lazy(
            "Too many failed attempts. Wait a few minutes, then try again."
        ),
        "rate_limited": gettext_lazy("You are going too fast. Wait half a minute, then try again."),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The sites framework's only row says example.com unless someone edits
        # it by hand: emails name the portal and the address families know.
        site = SimpleNamespace(name=_("Tongxin"), domain=urlsplit(settings.PORTAL_BASE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def phone_form_field(self, **kwargs):
        return MobileField(**kwargs)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        # The same code format serves sign-up verification and login by code.
        minutes = min(
            account_settings.PHONE_VERIFICATION_TIMEOUT, account_settings.LOGIN_BY_CODE_TIMEOUT
        )
        send_sms(
            phone=phone,
            text=_(
                "Your Tongxin verification code is %(code)s. It expires in %(minutes)d minutes. "
                "Do not tell it to anyone."
            )
            % {"code": code, "minutes": minutes // 60},
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        send_sms(
            phone=phone,
            text=_("No Tongxin account uses this number yet. Sign up first to log in."),
        )

    def send_account_already_exists_sms(self, phone: str) -> None:
        send_sms(
            phone=phone,
            text=_(
                "Someone tried to sign up to Tongxin with this number, which already has an "
                "account. To use it, log in with an SMS code instead."
            ),
        )

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        User.objects.filter(pk=user.pk, phone=phone).update(phone_verified=True)
        user.phone_verified = True

    def get_user_by_phone(self, phone: str):
        return User.objects.filter(phone=phone).first()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.grant_parent_role(user=user)
        return user

    def get_login_redirect_url(self, request):
        return reverse("portal:after-login")

    def get_login_stages(self) -> list[str]:
        replacements = {
            "allauth.account.stages.LoginByCodeStage": (
                "portal.accounts.stages.ExpiryAwareLoginByCodeStage"
            ),
            "allauth.account.stages.PhoneVerificationStage": (
                "portal.accounts.stages.PortalPhoneVerificationStage"
            ),
        }
        return [replacements.get(path, path) for path in super().get_login_stages()]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        # A provider this deployment has not set up has no login page: a
        # 404, not the server error allauth's DoesNotExist would become.
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        services.grant_parent_role(user=user)
        return user


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Your role reaches case data, so two-factor authentication must stay on."
        ),
        "incorrect_code": gettext_lazy(
            "That code is not right. Enter the six-digit code your authenticator app shows now."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and services.requires_two_factor(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
