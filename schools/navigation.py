"""The schools app's entries in the portal's navigation."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.navigation import add_entry

TEACHERS = {Role.HEAD_TEACHER, Role.TEACHER}
LEADERS = {Role.SCHOOL_LEADER, Role.COUNSELLOR}
OFFICERS = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
SCHOOL_STAFF = TEACHERS | LEADERS

add_entry(_("My students"), "schools:my-students", TEACHERS | LEADERS, order=20, primary=True)
add_entry(_("My home visits"), "schools:visit-list", SCHOOL_STAFF, order=21)
add_entry(
    _("Home-visit coverage"), "schools:coverage", SCHOOL_STAFF | OFFICERS, order=30, primary=True
)
add_entry(_("Guidance activities"), "schools:activities", SCHOOL_STAFF | OFFICERS, order=40)
add_entry(_("Parent committees"), "schools:committees", SCHOOL_STAFF | OFFICERS, order=41)
add_entry(_("Rule-of-law vice principals"), "schools:law", LEADERS | OFFICERS, order=42)
add_entry(
    _("Import the roster"),
    "schools:roster-import",
    {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER},
    order=50,
)
