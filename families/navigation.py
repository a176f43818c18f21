"""The families app's entries in the portal's navigation. The binding-code
pages are reached from the workbench and the class lists, not the top bar."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.navigation import add_entry

add_entry(_("My family"), "families:home", {Role.PARENT}, order=15, primary=True)
add_entry(_("Parent schools"), "families:parent-schools", order=60, public=True)
add_entry(
    _("Binding codes"),
    "families:binding-code-classes",
    {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER, Role.HEAD_TEACHER},
    order=52,
)
add_entry(
    _("Parent-school coverage"),
    "families:parent-school-coverage",
    {Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
    order=53,
)

PARENT = {Role.PARENT}
STATION = {Role.COUNSELLOR}
add_entry(_("Lectures"), "families:lectures", order=16, primary=True, public=True)
add_entry(_("My registrations"), "families:my-registrations", PARENT, order=17)
add_entry(_("My certificates"), "families:my-completions", PARENT, order=18)
add_entry(_("Tips for parents"), "families:tips", PARENT, order=19)
add_entry(_("Reading list"), "families:reading", order=61, public=True)
add_entry(_("Ask the counselling station"), "families:counselling-new", PARENT, order=20)
add_entry(_("My counselling requests"), "families:my-counselling", PARENT, order=21)
add_entry(_("Counselling queue"), "families:counselling-queue", STATION, order=54)
add_entry(_("Hotline hours"), "families:hotline-hours", STATION, order=55)
add_entry(
    _("Lecture attendance"),
    "families:attendance-lectures",
    {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER},
    order=56,
)
add_entry(
    _("Publish a tip"),
    "families:tip-new",
    {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER},
    order=57,
)
