"""The care programs' entries in the portal's navigation."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.navigation import add_entry

# Network heads are teachers; cadres hold community-partner accounts; school
# leaders and the district keep the networks. Each sees only their own.
NETWORK_PEOPLE = {
    Role.DISTRICT_OFFICER,
    Role.SCHOOL_LEADER,
    Role.HEAD_TEACHER,
    Role.TEACHER,
    Role.COMMUNITY_PARTNER,
}
add_entry(_("Care networks"), "programs:networks", NETWORK_PEOPLE, order=73)
add_entry(
    _("Set up a care network"),
    "programs:network-new",
    {Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER},
    order=74,
)
add_entry(
    _("Care networks by town"), "programs:network-districts", {Role.DISTRICT_OFFICER}, order=75
)

# Cases, alerts and referrals: the case roles work on them; every teacher
# reports concerns and sees how they stand; receivers answer referrals.
CASE_PEOPLE = {Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER, Role.COUNSELLOR, Role.CASE_WORKER}
add_entry(_("Care work"), "programs:home", CASE_PEOPLE, order=70, primary=True)
add_entry(_("Alerts"), "programs:alerts", CASE_PEOPLE - {Role.CASE_WORKER}, order=71)
add_entry(
    _("Concerns I reported"),
    "programs:my-alerts",
    {Role.TEACHER, Role.HEAD_TEACHER, Role.COUNSELLOR},
    order=72,
)
add_entry(_("Referrals"), "programs:referrals", CASE_PEOPLE | {Role.COMMUNITY_PARTNER}, order=76)
