"""The bureau's dashboard: an area's indicators against their targets, an
indicator's trend and its places, and the monthly reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.dashboard import selectors
from portal.dashboard.charts import trend_chart
from portal.dashboard.measures import get_measure
from portal.dashboard.periods import months_back, parse_month, window_for
from portal.models import AreaLevel, ReportKind, ReportStatus
from portal.reports import selectors as report_selectors
from portal.reports import services as report_services

# A district has hundreds of schools: its glance table shows them a page at a time.
GLANCE_PAGE_SIZE = 30

LEVEL_OF_CHILDREN = {
    AreaLevel.CITY: gettext_lazy("District"),
    AreaLevel.DISTRICT: gettext_lazy("School"),
}


@login_required
def home(request):
    area = selectors.home_area(request.user)
    if area is not None:
        return redirect(area_url(area))
    areas = selectors.areas_in_reach(request.user)
    if not areas:
        raise PermissionDenied(_("The dashboard is for bureau officers and school leaders."))
    return render(request, "dashboard/choose.html", {"areas": areas})


@login_required
def area_page(request, level: str, pk: int | None = None):
    area = selectors.area_for(request.user, level, pk)
    window = window_for(parse_month(request.GET.get("month")))
    places = Paginator(selectors.children_of(area), GLANCE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    data = selectors.figures_for(area, window, children=list(places))
    trends = selectors.trends_for(area, window, data.figures)
    cards = [
        {
            "figure": figure,
            "chart": trend_chart(trends[figure.key]),
            "detail": indicator_url(area, figure.key, window.month),
            "missing": missing_url(figure.measure, area),
        }
        for figure in data.figures
    ]
    children = [
        {
            "area": child.area,
            "url": area_url(child.area, window.month),
            "cells": [child.figures[figure.key] for figure in data.figures],
        }
        for child in data.children
    ]
    return render(
        request,
        "dashboard/area.html",
        {
            **_frame(request, area, window),
            "cards": cards,
            "children": children,
            "places": places,
            "child_label": LEVEL_OF_CHILDREN.get(area.level),
            "columns": [card["figure"] for card in cards],
            "recent_reports": report_selectors.reports_for(request.user).filter(
                **_report_area(area)
            )[:5],
        },
    )


@login_required
def indicator_page(request, level: str, key: str, pk: int | None = None):
    area = selectors.area_for(request.user, level, pk)
    try:
        measure = get_measure(key)
    except KeyError:
        raise Http404 from None
    window = window_for(parse_month(request.GET.get("month")))
    data = selectors.figures_for(area, window, keys=[key])
    figure = data.figures[0]
    trend = selectors.trends_for(area, window, [figure])[key]
    rows = sorted(
        (
            {
                "area": child.area,
                "figure": child.figures[key],
                "url": indicator_url(child.area, key, window.month),
                "missing": missing_url(measure, child.area),
            }
            for child in data.children
        ),
        key=_behind_first,
    )
    return render(
        request,
        "dashboard/indicator.html",
        {
            **_frame(request, area, window),
            "figure": figure,
            "chart": trend_chart(trend, width=640, height=220),
            "trend": trend,
            "rows": rows,
            "child_label": LEVEL_OF_CHILDREN.get(area.level),
            "missing": missing_url(measure, area),
            "overview": area_url(area, window.month),
        },
    )


STATUS_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}


def _behind_first(row) -> tuple:
    figure = row["figure"]
    value = figure.value if figure.value is not None else 0
    lower_first = value if figure.measure.indicator.higher_is_better else -value
    return (STATUS_ORDER[figure.status], lower_first, row["area"].name)


def _frame(request, area, window) -> dict:
    """What every dashboard page shows around its content."""
    month = window.month
    months = months_back(parse_month(None), 24)
    return {
        "area": area,
        "window": window,
        "month": month,
        "months": months[::-1],
        "up": _up_url(request.user, area, month),
        "crumbs": _crumbs(request.user, area, month),
    }


def _crumbs(user, area, month) -> list[tuple[str, str]]:
    reach = selectors.reach_of(user)
    crumbs = []
    if reach.city:
        crumbs.append((_("City"), area_url(selectors.Area(AreaLevel.CITY), month)))
    if area.district is not None and selectors.may_see(
        reach, AreaLevel.DISTRICT, district_id=area.district.pk
    ):
        district = selectors.Area(AreaLevel.DISTRICT, district=area.district)
        crumbs.append((area.district.name, area_url(district, month)))
    if area.school is not None:
        crumbs.append((area.school.name, area_url(area, month)))
    return crumbs


def _up_url(user, area, month) -> str | None:
    crumbs = _crumbs(user, area, month)
    return crumbs[-2][1] if len(crumbs) > 1 else None


def _with_month(url: str, month) -> str:
    return f"{url}?month={month:%Y-%m}" if month else url


def area_url(area, month=None) -> str:
    if area.level == AreaLevel.CITY:
        url = reverse("dashboard:city")
    elif area.level == AreaLevel.DISTRICT:
        url = reverse("dashboard:district", args=[area.district.pk])
    else:
        url = reverse("dashboard:school", args=[area.school.pk])
    return _with_month(url, month)


def indicator_url(area, key: str, month=None) -> str:
    if area.level == AreaLevel.CITY:
        url = reverse("dashboard:city-indicator", args=[key])
    elif area.level == AreaLevel.DISTRICT:
        url = reverse("dashboard:district-indicator", args=[area.district.pk, key])
    else:
        url = reverse("dashboard:school-indicator", args=[area.school.pk, key])
    return _with_month(url, month)


def missing_url(measure, area) -> str | None:
    """The page that lists what is missing behind an indicator, if any."""
    missing = measure.missing or {}
    if "any" in missing:
        return reverse(missing["any"])
    if area.level == AreaLevel.SCHOOL and "school" in missing:
        return reverse(missing["school"], args=[area.school.pk])
    if area.level == AreaLevel.DISTRICT and "district" in missing:
        return reverse(missing["district"], args=[area.district.pk])
    return None


def _report_area(area) -> dict:
    return {"level": area.level, "district": area.district, "school": area.school}


# --- Reports --------------------------------------------------------------
@login_required
def report_list(request):
    if not selectors.reach_of(request.user).any:
        raise PermissionDenied(_("Reports are for bureau officers and school leaders."))
    page = Paginator(report_selectors.reports_for(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "dashboard/reports.html", {"page": page})


@login_required
@require_POST
def report_request(request):
    level = request.POST.get("level")
    if not level:
        raise Http404
    area = selectors.area_from_params(request.user, level, request.POST.get("id") or None)
    month = parse_month(request.POST.get("month"))
    kind = request.POST.get("kind") or ReportKind.INDICATORS
    try:
        report = report_services.request_report(
            user=request.user, area=area, month=month, kind=kind
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(area_url(area))
    return redirect("dashboard:report", pk=report.pk)


@login_required
def report_detail(request, pk: int):
    report = report_selectors.report_for(request.user, pk)
    building = report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
    return render(request, "dashboard/report.html", {"report": report, "building": building})


@login_required
@require_POST
def report_retry(request, pk: int):
    report = report_selectors.report_for(request.user, pk)
    try:
        report_services.retry_report(user=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("dashboard:report", pk=report.pk)


@login_required
def report_download(request, pk: int, fmt: str):
    report = report_selectors.report_for(request.user, pk)
    stored = {"xlsx": report.xlsx, "csv": report.csv}.get(fmt)
    if report.status != ReportStatus.DONE or not stored:
        raise Http404
    name = _("Tongxin report")
    area = report.school or report.district or _("City")
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"{name} {area} {report.month:%Y-%m}.{fmt}",
    )
