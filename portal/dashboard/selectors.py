"""Reads for the dashboard, the reports and the API: who sees which area,
and every indicator's figures there for a month.

A month's figures are counted once for the whole city (a fixed number of
grouped queries, whatever the number of schools) and kept: the current
month in the cache for a few minutes, earlier months as snapshot rows.
Every area is then a sum over those totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone

from portal import access, targets
from portal.dashboard import memo
from portal.dashboard.figures import Figure, RolledUp, Totals, figure_for, roll_up, unit_totals
from portal.dashboard.measures import measures
from portal.dashboard.periods import Window, months_back, window_for, windows_for
from portal.models import AreaLevel, IndicatorSnapshot, Role, ScopeLevel
from schools.models import District, School

CACHE_SECONDS = 300
# Changes with the shape of what is cached, so a deploy never reads the old one.
CACHE_FORMAT = "rolled-v1"
# Each worker keeps the month's totals this long before asking Redis again.
IN_PROCESS_SECONDS = 30
PlaceTotals = dict[str, dict[tuple, Totals]]
RolledTotals = dict[str, RolledUp]


@dataclass(frozen=True)
class Area:
    level: str
    district: District | None = None
    school: School | None = None

    @property
    def name(self) -> str:
        if self.school is not None:
            return self.school.name
        if self.district is not None:
            return self.district.name
        return ""

    @property
    def place(self) -> tuple:
        if self.school is not None:
            return (self.school.district_id, self.school.pk)
        return (self.district.pk if self.district else None, None)


# --- Who sees which area ---------------------------------------------------
@dataclass
class Reach:
    city: bool = False
    districts: set[int] = field(default_factory=set)
    schools: set[int] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return self.city or bool(self.districts or self.schools)


def reach_of(user) -> Reach:
    scope = access.scope_for(user)
    if scope.superuser or Role.CITY_OFFICER in scope.roles:
        return Reach(city=True)
    return Reach(
        districts=set(scope.ids(Role.DISTRICT_OFFICER, ScopeLevel.DISTRICT)),
        schools=set(scope.ids(Role.SCHOOL_LEADER, ScopeLevel.SCHOOL)),
    )


def may_see(reach: Reach, level: str, district_id=None, school_id=None) -> bool:
    if reach.city:
        return True
    if level == AreaLevel.DISTRICT:
        return district_id in reach.districts
    if level == AreaLevel.SCHOOL:
        return district_id in reach.districts or school_id in reach.schools
    return False


def area_for(user, level: str, pk: int | None = None) -> Area:
    """The area, or 404 when it is out of the person's reach."""
    reach = reach_of(user)
    if level == AreaLevel.CITY and reach.city:
        return Area(level=AreaLevel.CITY)
    if level == AreaLevel.DISTRICT and pk is not None:
        district = District.objects.filter(pk=pk).first()
        if district and may_see(reach, level, district_id=pk):
            return Area(level=level, district=district)
    if level == AreaLevel.SCHOOL and pk is not None:
        school = School.objects.select_related("district").filter(pk=pk).first()
        if school and may_see(reach, level, school.district_id, school.pk):
            return Area(level=level, district=school.district, school=school)
    raise Http404


def area_from_params(user, level: str | None, pk) -> Area:
    """The area a request names by `level` and `id` (the person's home area
    when no level is given), or 404 when malformed or out of reach."""
    if not level:
        area = home_area(user)
        if area is None:
            raise Http404
        return area
    if level not in AreaLevel.values or (pk is not None and not str(pk).isdigit()):
        raise Http404
    return area_for(user, level, int(pk) if pk else None)


def home_area(user) -> Area | None:
    """Where a person's dashboard opens: the widest area they see."""
    reach = reach_of(user)
    if reach.city:
        return Area(level=AreaLevel.CITY)
    if len(reach.districts) == 1 and not reach.schools:
        return area_for(user, AreaLevel.DISTRICT, next(iter(reach.districts)))
    if len(reach.schools) == 1 and not reach.districts:
        return area_for(user, AreaLevel.SCHOOL, next(iter(reach.schools)))
    return None


def areas_in_reach(user) -> list[Area]:
    """Every district and school area the person sees, for a chooser."""
    reach = reach_of(user)
    if reach.city:
        return [Area(level=AreaLevel.CITY)]
    districts = District.objects.filter(pk__in=reach.districts).order_by("code")
    schools = School.objects.filter(pk__in=reach.schools).select_related("district")
    return [Area(level=AreaLevel.DISTRICT, district=d) for d in districts] + [
        Area(level=AreaLevel.SCHOOL, district=s.district, school=s)
        for s in schools.order_by("code")
    ]


# --- A month's totals ----------------------------------------------------
def compute_totals(window: Window) -> PlaceTotals:
    rows = {m.key: list(m.compute(window)) for m in measures()}
    places = list({(r.district_id, r.school_id) for found in rows.values() for r in found})
    goals = targets.targets_for_many(
        {m.key: window.period_code(m.indicator.period) for m in measures()}, places
    )
    return {m.key: unit_totals(m, rows[m.key], window, goals[m.key]) for m in measures()}


def _cache_key(window: Window) -> str:
    stamp = targets_stamp()
    return f"dashboard:{CACHE_FORMAT}:{window.month:%Y-%m}:{window.as_of}:{stamp}"


def targets_stamp() -> str:
    """Changes whenever a target row does, so an edited target shows at once."""
    from portal.models import Target

    latest = Target.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    count = Target.objects.count()
    return f"{count}-{latest.timestamp() if latest else 0}"


def totals_for(window: Window, *, today: datetime.date | None = None) -> RolledTotals:
    """Each indicator's totals for the month, already summed per school,
    district and city: cached (in the worker, then in Redis), so a page
    looks its areas up instead of adding thousands of unit rows."""
    today = today or timezone.localdate()
    key = _cache_key(window)

    def shared() -> RolledTotals:
        found = cache.get(key)
        if found is None:
            unit_rows = snapshot_totals(window.month) if window.as_of < today else None
            found = {
                measure_key: roll_up(rows)
                for measure_key, rows in (unit_rows or compute_totals(window)).items()
            }
            cache.set(key, found, CACHE_SECONDS)
        return found

    return memo.get_or_compute(cache.make_key(key), IN_PROCESS_SECONDS, shared)


def snapshot_totals(month: datetime.date) -> PlaceTotals:
    out: PlaceTotals = {}
    rows = IndicatorSnapshot.objects.filter(month=month).values_list(
        "indicator", "district_id", "school_id", "numerator", "denominator", "units", "units_met"
    )
    for key, district_id, school_id, numerator, denominator, units, met in rows.iterator():
        out.setdefault(key, {})[(district_id, school_id)] = Totals(
            numerator, denominator, units, met
        )
    return out


@transaction.atomic
def take_snapshot(month: datetime.date, *, today: datetime.date | None = None) -> int:
    """Count the month afresh and keep its totals; run nightly for the
    current month, so the last run of a month freezes it."""
    window = window_for(month, today=today)
    totals = compute_totals(window)
    IndicatorSnapshot.objects.filter(month=window.month).delete()
    IndicatorSnapshot.objects.bulk_create(
        IndicatorSnapshot(
            month=window.month,
            indicator=key,
            district_id=place[0],
            school_id=place[1],
            numerator=t.numerator,
            denominator=t.denominator,
            units=t.units,
            units_met=t.units_met,
        )
        for key, places in totals.items()
        for place, t in places.items()
    )
    return sum(len(places) for places in totals.values())


# --- Figures for an area -------------------------------------------------
@dataclass
class ChildFigures:
    area: Area
    figures: dict[str, Figure]


@dataclass
class AreaFigures:
    area: Area
    window: Window
    figures: list[Figure]
    children: list[ChildFigures]


def figures_for(
    area: Area,
    window: Window,
    *,
    children: list[Area] | None = None,
    keys: list[str] | None = None,
) -> AreaFigures:
    """The area's figures and, for `children` (by default every district
    or school in it), theirs; only the indicators in `keys` if given."""
    totals = totals_for(window)
    empty = roll_up({})
    children = children_of(area) if children is None else children
    wanted = [m for m in measures() if keys is None or m.key in keys]
    figures, child_figures = [], {child.place: {} for child in children}
    all_goals = targets.targets_for_many(
        {m.key: window.period_code(m.indicator.period) for m in wanted},
        [area.place, *child_figures],
    )
    for measure in wanted:
        rolled = totals.get(measure.key, empty)
        goals = all_goals[measure.key]
        figures.append(
            figure_for(measure, rolled.of(area.place), area.place, window, goals[area.place])
        )
        for child in children:
            child_figures[child.place][measure.key] = figure_for(
                measure, rolled.of(child.place), child.place, window, goals[child.place]
            )
    return AreaFigures(
        area=area,
        window=window,
        figures=figures,
        children=[ChildFigures(area=c, figures=child_figures[c.place]) for c in children],
    )


def children_of(area: Area) -> list[Area]:
    if area.level == AreaLevel.CITY:
        return [
            Area(level=AreaLevel.DISTRICT, district=d) for d in District.objects.order_by("code")
        ]
    if area.level == AreaLevel.DISTRICT:
        schools = School.objects.filter(district=area.district).order_by("code")
        return [Area(level=AreaLevel.SCHOOL, district=area.district, school=s) for s in schools]
    return []


# --- Trends --------------------------------------------------------------
@dataclass
class TrendPoint:
    month: datetime.date
    value: Decimal | None
    target: Decimal | None


def trends_for(
    area: Area, window: Window, current: list[Figure], *, months: int = 12
) -> dict[str, list[TrendPoint]]:
    """Every indicator month by month for the area: earlier months from
    their snapshots in one query, the chosen month from `current`. Past
    months are paced against the target in force now."""
    wanted = months_back(window.month, months)
    stored: dict[tuple, Totals] = {}
    rows = (
        IndicatorSnapshot.objects.filter(month__in=wanted[:-1], **_area_filter(area))
        .values("indicator", "month")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), u=Sum("units"), m=Sum("units_met"))
        .order_by()
    )
    for row in rows:
        stored[row["indicator"], row["month"]] = Totals(row["n"], row["d"], row["u"], row["m"])
    windows = windows_for(wanted[:-1])
    trends = {}
    for figure in current:
        points = []
        for month in wanted[:-1]:
            totals = stored.get((figure.key, month))
            if totals is None:
                points.append(TrendPoint(month=month, value=None, target=None))
                continue
            past = figure_for(figure.measure, totals, area.place, windows[month], figure.target)
            points.append(TrendPoint(month=month, value=past.value, target=past.expected))
        points.append(TrendPoint(month=window.month, value=figure.value, target=figure.expected))
        trends[figure.key] = points
    return trends


def _area_filter(area: Area) -> dict:
    if area.school is not None:
        return {"school_id": area.school.pk}
    if area.district is not None:
        return {"district_id": area.district.pk}
    return {}
