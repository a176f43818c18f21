"""From rows to the figures a person reads: value, target, expected by
now, red/amber/green, and how many units are behind.

Green means on pace (the target times the share of the period gone by),
amber within 80 % of it, red below. For a count every unit must reach
(activities per school) the status is the share of units on pace. Where
lower is better (overdue reviews) green is at or under the target, amber
up to two or a tenth over it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat

from portal import targets
from portal.dashboard.measures import COUNT, PER_UNIT, RATIO, SHARE, Measure, Row
from portal.dashboard.periods import Window

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
AMBER_SHARE = Decimal("0.8")
HUNDRED = Decimal(100)


@dataclass
class Totals:
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    units: int = 0
    units_met: int = 0

    def add(self, other: Totals) -> None:
        self.numerator += other.numerator
        self.denominator += other.denominator
        self.units += other.units
        self.units_met += other.units_met


@dataclass
class Figure:
    measure: Measure
    totals: Totals
    value: Decimal | None
    target: Decimal | None
    expected: Decimal | None
    status: str

    @property
    def key(self) -> str:
        return self.measure.key

    @property
    def display(self) -> str:
        """The value as pages show it: "—" without data, "%" on shares.
        A property, not an included template: the district page shows
        thousands of cells."""
        if self.value is None:
            return "—"
        shown = floatformat(self.value, "-2")
        return f"{shown}%" if self.measure.indicator.unit == "%" else shown

    @property
    def behind(self) -> int:
        return self.totals.units - self.totals.units_met


def value_of(kind: str, totals: Totals) -> Decimal | None:
    if kind == COUNT:
        return totals.numerator
    if kind == PER_UNIT:
        return _round(totals.numerator / totals.units) if totals.units else None
    if not totals.denominator:
        return None
    ratio = totals.numerator / totals.denominator
    return _round(ratio * HUNDRED if kind == SHARE else ratio)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def expected_by_now(measure: Measure, target: Decimal | None, window: Window) -> Decimal | None:
    if target is None:
        return None
    if not measure.indicator.higher_is_better:
        return target
    return _round(target * window.elapsed(measure.indicator))


def meets(measure: Measure, value: Decimal | None, expected: Decimal | None) -> bool:
    if value is None or expected is None:
        return True
    if measure.indicator.higher_is_better:
        return value >= expected
    return value <= expected


def status_of(measure: Measure, totals: Totals, value, expected) -> str:
    if expected is None or value is None:
        return NONE
    if not measure.indicator.higher_is_better:
        if value <= expected:
            return GREEN
        return AMBER if value - expected <= max(Decimal(2), expected / 10) else RED
    if measure.kind == PER_UNIT:
        if not totals.units:
            return NONE
        share = Decimal(totals.units_met) / Decimal(totals.units)
    else:
        share = value / expected if expected else Decimal(1)
    if share >= 1:
        return GREEN
    return AMBER if share >= AMBER_SHARE else RED


def unit_totals(
    measure: Measure, rows: Iterable[Row], window: Window, goals: dict | None = None
) -> dict[tuple, Totals]:
    """Totals per (district, school) place, each unit checked against the
    target of its own place (`goals`, read here when not given)."""
    rows = list(rows)
    per_unit = measure.kind in (PER_UNIT, SHARE, RATIO)
    if goals is None:
        places = list({(row.district_id, row.school_id) for row in rows})
        goals = targets.targets_for(
            measure.key, places, period=window.period_code(measure.indicator.period)
        )
    out: dict[tuple, Totals] = {}
    for row in rows:
        place = (row.district_id, row.school_id)
        totals = out.setdefault(place, Totals())
        totals.numerator += row.numerator
        totals.denominator += row.denominator
        if not per_unit or (measure.kind != PER_UNIT and not row.denominator):
            continue
        totals.units += 1
        single = Totals(row.numerator, row.denominator, 1, 0)
        unit_value = row.numerator if measure.kind == PER_UNIT else value_of(measure.kind, single)
        totals.units_met += meets(
            measure, unit_value, expected_by_now(measure, goals[place], window)
        )
    return out


def figure_for(
    measure: Measure, totals: Totals, place: tuple, window: Window, target=...
) -> Figure:
    if target is ...:
        target = targets.target_for(
            measure.key,
            district_id=place[0],
            school_id=place[1],
            period=window.period_code(measure.indicator.period),
        )
    value = value_of(measure.kind, totals)
    expected = expected_by_now(measure, target, window)
    return Figure(
        measure=measure,
        totals=totals,
        value=value,
        target=target,
        expected=expected,
        status=status_of(measure, totals, value, expected),
    )


@dataclass
class RolledUp:
    """One measure's unit rows summed once per school, district and city, so
    that a page or report with thousands of areas looks each one up instead
    of rescanning every unit for every area."""

    city: Totals
    districts: dict[int, Totals]
    schools: dict[int, Totals]

    def of(self, place: tuple) -> Totals:
        district_id, school_id = place
        if school_id is not None:
            return self.schools.get(school_id) or Totals()
        if district_id is not None:
            return self.districts.get(district_id) or Totals()
        return self.city


def roll_up(unit_rows: dict[tuple, Totals]) -> RolledUp:
    rolled = RolledUp(city=Totals(), districts={}, schools={})
    for (district_id, school_id), totals in unit_rows.items():
        rolled.city.add(totals)
        rolled.districts.setdefault(district_id, Totals()).add(totals)
        if school_id is not None:
            rolled.schools.setdefault(school_id, Totals()).add(totals)
    return rolled
