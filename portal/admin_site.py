"""The back office: branded, in Chinese, behind the same login (and TOTP)
as the rest of the portal, showing each person only their role's pages."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class TongxinAdminSite(admin.AdminSite):
    site_header = _("Tongxin · School–Family–Society Co-education Platform")
    site_title = _("Tongxin back office")
    index_title = _("Back office")
    enable_nav_sidebar = True

    # Third-party models that ship no translatable verbose name.
    model_names = {("mfa", "authenticator"): _("Authenticators (two-factor)")}

    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        apps = [app_dict] if label else app_dict.values()
        for app in apps:
            for model in app.get("models", []):
                key = (model["model"]._meta.app_label, model["model"]._meta.model_name)
                if key in self.model_names:
                    model["name"] = self.model_names[key]
        return app_dict

    def login(self, request, extra_context=None):
        """One login for everyone, so allauth's rate limits and TOTP apply."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        if request.user.is_authenticated:
            raise PermissionDenied(_("The back office is for bureau and school staff."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
