"""What the community app measures, with a target the bureau can edit."""

from django.utils.translation import gettext_lazy as _

from portal.targets import register_indicator

# Nanning counts "双馆双进" study visits in student-visits (over a million for
# 1.756 million students); one visit per student per semester, two a year,
# is the default until the bureau sets its own.
STUDY_VISITS = register_indicator(
    "community.study_visits_per_student",
    _("Study visits per student per semester (双馆双进)"),
    default=1,
    unit=_("visits per student"),
)
