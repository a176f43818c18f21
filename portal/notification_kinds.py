"""The portal's own notification kinds; each app registers its own likewise."""

from django.utils.translation import gettext_lazy as _

from portal.notify import DIGEST_KIND, DISTRICT_DIGEST_KIND, register_kind

register_kind(DIGEST_KIND, _("Daily summary"), system=True)
register_kind("portal.account", _("Changes to my account and roles"))
register_kind("portal.safety", _("Urgent safety notices"), urgent=True)
register_kind("portal.announcement", _("Announcements from the education bureau"))
register_kind("portal.report", _("My monthly reports are ready or failed"))
register_kind(DISTRICT_DIGEST_KIND, _("Weekly summary of my district's indicators"))
