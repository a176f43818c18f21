"""allauth's login stages, adjusted to the portal.

allauth quietly sends someone whose SMS code expired back to the start; a
grandparent then cannot tell a late code from a wrong one, so these stages
add the reason as a message on the way out. And the phone is required at
sign-up, which allauth reads as "every account has a phone": staff accounts
made by the bureau may have none and must still log in.
"""

import time

from allauth.account import app_settings
from allauth.account.stages import LoginByCodeStage, PhoneVerificationStage
from django.contrib import messages
from django.utils.translation import gettext as _


def _tell_if_expired(request, state: dict, timeout: int) -> None:
    started = state.get("at")
    if started is not None and time.time() - started > timeout:
        messages.error(
            request,
            _(
                "Your code has expired. Ask for a new one; each code is valid for "
                "%(minutes)d minutes."
            )
            % {"minutes": timeout // 60},
        )


class PortalPhoneVerificationStage(PhoneVerificationStage):
    def handle(self):
        if self.login.user is not None and not self.login.user.phone:
            return None, True
        return super().handle()

    def abort(self):
        _tell_if_expired(self.request, self.state, app_settings.PHONE_VERIFICATION_TIMEOUT)
        return super().abort()


class ExpiryAwareLoginByCodeStage(LoginByCodeStage):
    def __init__(self, controller, request, login) -> None:
        super().__init__(controller, request, login)
        # The confirm view drops an expired login without calling the stage
        # back; the stage is built from the stale state just before, and a
        # fresh login starts with an empty state, so this fires only then.
        _tell_if_expired(request, self.state, app_settings.LOGIN_BY_CODE_TIMEOUT)
