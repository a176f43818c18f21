from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Families")

    def ready(self):
        from . import access_rules, indicators, navigation  # noqa: F401

        # Each area registers its notification kinds and indicators on import.
        from .services import (  # noqa: F401
            attendance,
            binding,
            completion,
            content,
            counselling,
            lectures,
            parent_schools,
            reminders,
        )
