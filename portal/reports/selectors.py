"""Which reports a person sees: the access layer's rule for reports (the
city all; a district officer their district's and its schools'; a school
leader their school's)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from portal import access
from portal.models import Report


def reports_for(user) -> QuerySet[Report]:
    reports = Report.objects.select_related("district", "school", "requested_by")
    return access.visible(user, reports)


def report_for(user, pk: int) -> Report:
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
