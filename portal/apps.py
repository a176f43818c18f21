from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Accounts and notifications")
    default = True

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import access_rules, notification_kinds  # noqa: F401
        from .middleware import stamp_idle_refresh

        post_migrate.connect(_create_default_targets, sender=self)
        user_logged_in.connect(stamp_idle_refresh, dispatch_uid="tongxin-idle-refresh")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.TongxinAdminSite"


def _create_default_targets(**kwargs):
    from portal.targets import ensure_city_defaults

    ensure_city_defaults()
