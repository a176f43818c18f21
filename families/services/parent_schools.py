"""Parent schools (家长学校): what the bureau measures about them. Parent
schools themselves are kept in the back office; the database checks that a
school's level matches what it serves."""

from django.utils.translation import gettext_lazy as _

from portal.targets import NOW, register_indicator

PARENT_SCHOOL_COVERAGE = register_indicator(
    "families.parent_school_coverage",
    _("Schools with a school-level parent school"),
    default=100,
    unit="%",
    period=NOW,
)
