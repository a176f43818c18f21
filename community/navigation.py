"""The community app's entries in the portal's navigation."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.navigation import STAFF_ROLES, add_entry

OFFICERS = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
SCHOOL_STAFF = {Role.SCHOOL_LEADER, Role.HEAD_TEACHER, Role.TEACHER, Role.COUNSELLOR}

add_entry(_("Education map"), "community:map", order=15, primary=True, public=True)
add_entry(
    _("Study-trip bookings"),
    "community:bookings",
    SCHOOL_STAFF | OFFICERS | {Role.COMMUNITY_PARTNER},
    order=60,
)
add_entry(_("Partners"), "community:partners", STAFF_ROLES | {Role.COMMUNITY_PARTNER}, order=70)
add_entry(
    _("Alliances and joint meetings"), "community:alliances", SCHOOL_STAFF | OFFICERS, order=71
)
add_entry(
    _("My follow-up tasks"), "community:my-tasks", STAFF_ROLES | {Role.COMMUNITY_PARTNER}, order=72
)
