"""Which reports a person sees: those whose area is in their reach."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.dashboard.selectors import reach_of
from portal.models import AreaLevel, Report


def reports_for(user) -> QuerySet[Report]:
    """`may_see` as a filter: the city sees all; a district officer their
    district's reports and its schools'; a school leader their school's."""
    reach = reach_of(user)
    reports = Report.objects.select_related("district", "school", "requested_by")
    if reach.city:
        return reports
    in_reach = Q(
        level__in=[AreaLevel.DISTRICT, AreaLevel.SCHOOL], district_id__in=reach.districts
    ) | Q(level=AreaLevel.SCHOOL, school_id__in=reach.schools)
    return reports.filter(in_reach)


def report_for(user, pk: int) -> Report:
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
