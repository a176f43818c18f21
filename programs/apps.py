from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Care programs")

    def ready(self):
        from portal import concerns

        from . import access_rules, indicators, navigation  # noqa: F401

        # Each area registers its notification kinds on import.
        from .services import alerts, cases, referrals, reminders  # noqa: F401

        concerns.on_concern(alerts.handle_concern)
