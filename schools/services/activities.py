"""Recording family-education guidance activities (家庭教育指导活动)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import ActivityKind, GuidanceActivity, School
from schools.selectors.activities import may_record_activity
from schools.services.errors import SchoolsError
from schools.services.semesters import semester_on


def check_guidance_activity(
    *,
    kind: str,
    title: str,
    held_on: datetime.date,
    audience: str,
    attendance: int,
    invited: int | None = None,
) -> None:
    """Raise the first rule the activity breaks; shared by the forms."""
    if kind not in ActivityKind.values:
        raise SchoolsError(_("Choose the kind of activity."), field="kind")
    if not (title or "").strip():
        raise SchoolsError(_("Give the activity a title."), field="title")
    if not (audience or "").strip():
        raise SchoolsError(_("Say who the activity was for."), field="audience")
    if held_on > timezone.localdate():
        raise SchoolsError(
            _("The activity date cannot be in the future: record it once it has taken place."),
            field="held_on",
        )
    if attendance is None or attendance < 0:
        raise SchoolsError(_("Attendance cannot be negative."), field="attendance")
    if invited is not None and invited < 0:
        raise SchoolsError(_("The number invited cannot be negative."), field="invited")
    if invited is not None and attendance > invited:
        raise SchoolsError(
            _("Attendance (%(attendance)d) cannot be more than the families invited (%(invited)d).")
            % {"attendance": attendance, "invited": invited},
            field="attendance",
        )


@transaction.atomic
def record_guidance_activity(
    *,
    school: School,
    recorded_by,
    kind: str,
    title: str,
    held_on: datetime.date,
    audience: str,
    attendance: int,
    invited: int | None = None,
    notes: str = "",
) -> GuidanceActivity:
    if not may_record_activity(recorded_by, school):
        raise PermissionDenied(_("You may not record activities for this school."))
    check_guidance_activity(
        kind=kind,
        title=title,
        held_on=held_on,
        audience=audience,
        attendance=attendance,
        invited=invited,
    )
    return GuidanceActivity.objects.create(
        school=school,
        district_id=school.district_id,
        semester=semester_on(held_on),
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        audience=audience.strip(),
        invited=invited,
        attendance=attendance,
        notes=notes,
        recorded_by=recorded_by,
    )
