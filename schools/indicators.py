"""What the schools app measures, with the seeds' targets as defaults."""

from django.utils.translation import gettext_lazy as _

from portal.notify import register_kind
from portal.targets import NOW, YEAR, register_indicator

HOME_VISIT_COVERAGE = register_indicator(
    "schools.home_visit_coverage",
    _("Students visited at home this semester"),
    default=100,
    unit="%",
)
GUIDANCE_ACTIVITIES = register_indicator(
    "schools.guidance_activities_per_semester",
    _("Family-education guidance activities per school per semester"),
    default=2,
    unit=_("activities"),
)
# Nanning: "2,500+ guidance events a year" across the city; a total, so the
# city's row applies to the city alone.
GUIDANCE_EVENTS = register_indicator(
    "schools.guidance_events_per_year",
    _("Family-education guidance events in the year"),
    default=2500,
    unit=_("events"),
    period=YEAR,
    inherits=False,
)
LAW_HOURS = register_indicator(
    "schools.law_class_hours_per_year",
    _("Law-education class hours per vice principal per year"),
    default=4,
    unit=_("class hours"),
    period=YEAR,
)
LAW_COVERAGE = register_indicator(
    "schools.law_vice_principal_coverage",
    _("Schools with a rule-of-law vice principal"),
    default=100,
    unit="%",
    period=NOW,
)

VISIT_SHARED = register_kind("schools.visit_shared", _("Home visits a colleague logged with me"))
