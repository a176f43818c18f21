"""What the families app measures about lectures, with editable targets."""

from django.utils.translation import gettext_lazy as _

from portal.targets import NOW, YEAR, register_indicator

# No seed names a rate; 80 % of the confirmed seats checked in is the
# default until the bureau sets its own.
LECTURE_ATTENDANCE = register_indicator(
    "families.lecture_attendance_rate",
    _("Confirmed lecture seats that were attended"),
    default=80,
    unit="%",
    paced=False,
)
COURSE_COMPLETIONS = register_indicator(
    "families.course_completions",
    _("Parents who completed a parent-school course (结业)"),
    default=None,
    unit=_("parents"),
    inherits=False,
)
# Yangzhou counts replay views (720,000); a total the bureau may set.
REPLAY_VIEWS = register_indicator(
    "families.lecture_replay_views_per_year",
    _("Lecture replay views in the year"),
    default=None,
    unit=_("views"),
    period=YEAR,
    inherits=False,
)
# Parent schools by level: each district (county) runs one of its own, and
# villages and communities theirs; the school level is PARENT_SCHOOL_COVERAGE.
COUNTY_PARENT_SCHOOLS = register_indicator(
    "families.county_parent_school_coverage",
    _("Districts with a district-level parent school"),
    default=100,
    unit="%",
    period=NOW,
)
VILLAGE_PARENT_SCHOOLS = register_indicator(
    "families.village_parent_school_coverage",
    _("Villages and communities with a parent school"),
    default=None,
    unit="%",
    period=NOW,
)
