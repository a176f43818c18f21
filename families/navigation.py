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
