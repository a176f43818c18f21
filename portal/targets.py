"""Targets as data. Apps register the indicators they measure with the
default from the seeds; the city-wide row of each is created after
migrations, and the bureau edits rows (city, district or school, every
period or one year or semester) in the back office.

The most specific row wins: a school's row over its district's over the
city's, and within one place a row for the period over the every-period
row. A total (hotline hours a year) is a target for the place its row names
only; a rate (coverage, hours per vice principal) applies to every school
under the row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from portal.models import Target

SEMESTER, YEAR, NOW = "semester", "year", "now"
PERIOD_FORMATS = {SEMESTER: re.compile(r"^\d{4}-[12]$"), YEAR: re.compile(r"^\d{4}$")}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    default: Decimal | None
    unit: str
    # What one period of the indicator is: a semester, a calendar year, or
    # `NOW` for a count at one moment (open plans).
    period: str = SEMESTER
    higher_is_better: bool = True
    # Whether a city or district row also applies to each place under it.
    inherits: bool = True
    # Whether the figure builds up over its period (visits, hours), so that
    # the target is paced; a rate such as attendance is judged whole.
    paced: bool = True


_indicators: dict[str, Indicator] = {}


def register_indicator(
    key: str,
    label,
    *,
    default,
    unit,
    period: str = SEMESTER,
    higher_is_better: bool = True,
    inherits: bool = True,
    paced: bool = True,
) -> Indicator:
    _indicators[key] = Indicator(
        key=key,
        label=label,
        default=None if default is None else Decimal(str(default)),
        unit=unit,
        period=period,
        higher_is_better=higher_is_better,
        inherits=inherits,
        paced=paced,
    )
    return _indicators[key]


def indicators() -> list[Indicator]:
    return list(_indicators.values())


def get_indicator(key: str) -> Indicator:
    try:
        return _indicators[key]
    except KeyError:
        raise LookupError(f"Unknown indicator {key!r}; register it first") from None


def period_error(indicator: Indicator, period: str) -> str | None:
    """Why `period` cannot name a period of this indicator, or `None`."""
    if not period:
        return None
    pattern = PERIOD_FORMATS.get(indicator.period)
    if pattern is None:
        return "now"
    if not pattern.match(period):
        return indicator.period
    return None


def ensure_city_defaults() -> int:
    """Create the city-wide row of every registered indicator that has a
    default and no row yet."""
    created = 0
    for indicator in indicators():
        if indicator.default is None:
            continue
        _row, was_created = Target.objects.get_or_create(
            indicator=indicator.key,
            district=None,
            school=None,
            period="",
            defaults={"value": indicator.default, "note": "default"},
        )
        created += was_created
    return created


def target_for(
    key: str,
    *,
    district_id: int | None = None,
    school_id: int | None = None,
    period: str = "",
) -> Decimal | None:
    """The value that applies to one school (or district, or the city)."""
    place = (district_id, school_id)
    return targets_for(key, [place], period=period)[place]


def targets_for(key: str, places: list[tuple[int | None, int | None]], *, period: str = "") -> dict:
    """Values for many (district_id, school_id) places in one query; `None`
    where no row applies."""
    return targets_for_many({key: period}, places)[key]


def targets_for_many(periods: dict[str, str], places: list[tuple[int | None, int | None]]) -> dict:
    """{key: {place: value}} for several indicators, each in its own period
    ({key: period}), in one query."""
    districts = {d for d, _s in places if d is not None}
    schools = {s for _d, s in places if s is not None}
    wanted = Q(pk__in=[])
    for key, period in periods.items():
        wanted |= Q(indicator=key, period__in={"", period})
    rows = (
        Target.objects.filter(wanted)
        .filter(
            Q(district__isnull=True, school__isnull=True)
            | Q(district_id__in=districts, school__isnull=True)
            | Q(school_id__in=schools)
        )
        .order_by("period")  # the every-period row first, so the period's row overwrites it
        .values("indicator", "district_id", "school_id", "value")
    )
    found = {key: ({}, {}, [get_indicator(key).default]) for key in periods}
    for row in rows:
        by_school, by_district, city = found[row["indicator"]]
        if row["school_id"] is not None:
            by_school[row["school_id"]] = row["value"]
        elif row["district_id"] is not None:
            by_district[row["district_id"]] = row["value"]
        else:
            city[0] = row["value"]
    return {
        key: {
            place: _pick(get_indicator(key), place, by_school, by_district, city[0])
            for place in places
        }
        for key, (by_school, by_district, city) in found.items()
    }


def _pick(indicator: Indicator, place, by_school, by_district, city):
    district_id, school_id = place
    if school_id is not None and school_id in by_school:
        return by_school[school_id]
    if school_id is None and district_id is not None and district_id in by_district:
        return by_district[district_id]
    if school_id is None and district_id is None:
        return city
    if not indicator.inherits:
        return None
    return by_district.get(district_id, city)
