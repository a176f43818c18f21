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

    def login(self, request, extra_context=None):
        """One login for everyone, so allauth's rate limits and TOTP apply."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        if request.user.is_authenticated:
            raise PermissionDenied(_("The back office is for bureau and school staff."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
