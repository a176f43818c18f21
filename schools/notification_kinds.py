"""The schools app's notification kinds."""

from django.utils.translation import gettext_lazy as _

from portal.notify import register_kind

UNVISITED_STUDENTS = register_kind(
    "schools.unvisited_students",
    _("Reminders of my students not yet visited at home this semester"),
)
ACTIVITIES_BEHIND = register_kind(
    "schools.activities_behind",
    _("Reminders that my school is short of guidance activities this semester"),
)
LAW_HOURS_BEHIND = register_kind(
    "schools.law_hours_behind",
    _("Reminders that I am short of law-education class hours this year"),
)
