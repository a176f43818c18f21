"""Study visits (双馆双进)."""

from __future__ import annotations

from django.db.models import Sum

from community.indicators import STUDY_VISITS
from community.models import Booking, BookingStatus
from portal.dashboard.measures import RATIO, Row, register_measure
from portal.dashboard.periods import Window

from .common import active_students_by_school, per_school


@register_measure(
    STUDY_VISITS.key, RATIO, missing={"any": "community:participation"}, unit_label="schools"
)
def study_visits(window: Window) -> list[Row]:
    """Students on confirmed visits held in the semester so far, per
    student on the roster."""
    visits = (
        Booking.objects.filter(
            semester=window.semester,
            status=BookingStatus.CONFIRMED,
            slot__date__lte=window.as_of,
        )
        .order_by()
        .values("school_id")
        .annotate(n=Sum("students"))
    )
    counts = {row["school_id"]: row["n"] for row in visits}
    return per_school(counts, active_students_by_school())
