import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal.accounts.services import requires_two_factor

TWO_FACTOR_SESSION_KEY = "tongxin_two_factor_ok"
IDLE_REFRESHED_KEY = "tongxin_idle_refreshed"


class RequireTwoFactorMiddleware:
    """People whose roles reach case data must set up TOTP before anything
    else; allauth then asks for the code at every login."""

    exempt_prefixes = ("/accounts/", "/static/", "/i18n/", "/healthz", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _(
                    "Your role reaches case data, so your account needs two-factor "
                    "authentication. Set it up to continue."
                ),
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(self.exempt_prefixes):
            return False
        if request.session.get(TWO_FACTOR_SESSION_KEY):
            return False
        if not requires_two_factor(user):
            return False
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            request.session[TWO_FACTOR_SESSION_KEY] = True
            return False
        return True


class IdleSessionMiddleware:
    """Idle sessions expire SESSION_COOKIE_AGE after the last request, give
    or take a minute: the expiry is pushed forward at most once a minute, so
    a busy page does not write its session row on every request."""

    REFRESH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(IDLE_REFRESHED_KEY, 0) >= self.REFRESH_EVERY:
                session[IDLE_REFRESHED_KEY] = now
        return self.get_response(request)


def stamp_idle_refresh(sender, request, user, **kwargs):
    """Logging in saves the session anyway: the first request after it need not."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_REFRESHED_KEY] = int(time.time())


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"
        )
        return response
