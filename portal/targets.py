"""Targets as data. Apps register the indicators they measure with the
default from the seeds; the city-wide row of each is created after
migrations, and the bureau edits rows (city, district or school) in the
back office. The most specific row wins."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from portal.models import Target


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    default: Decimal
    unit: str


_indicators: dict[str, Indicator] = {}


def register_indicator(key: str, label, *, default, unit) -> Indicator:
    _indicators[key] = Indicator(key=key, label=label, default=Decimal(str(default)), unit=unit)
    return _indicators[key]


def indicators() -> list[Indicator]:
    return list(_indicators.values())


def get_indicator(key: str) -> Indicator:
    try:
        return _indicators[key]
    except KeyError:
        raise LookupError(f"Unknown indicator {key!r}; register it first") from None


def ensure_city_defaults() -> int:
    """Create the city-wide row of every registered indicator that has none."""
    created = 0
    for indicator in indicators():
        _row, was_created = Target.objects.get_or_create(
            indicator=indicator.key,
            district=None,
            school=None,
            defaults={"value": indicator.default, "note": "default"},
        )
        created += was_created
    return created


def target_for(
    key: str, *, district_id: int | None = None, school_id: int | None = None
) -> Decimal:
    """The value that applies to one school (or district, or the city)."""
    return targets_for(key, [(district_id, school_id)])[(district_id, school_id)]


def targets_for(key: str, places: list[tuple[int | None, int | None]]) -> dict:
    """Values for many (district_id, school_id) places in one query."""
    indicator = get_indicator(key)
    districts = {d for d, _s in places if d is not None}
    schools = {s for _d, s in places if s is not None}
    rows = Target.objects.filter(indicator=key).filter(
        Q(district__isnull=True, school__isnull=True)
        | Q(district_id__in=districts, school__isnull=True)
        | Q(school_id__in=schools)
    )
    by_school, by_district, city = {}, {}, indicator.default
    for row in rows.values("district_id", "school_id", "value"):
        if row["school_id"] is not None:
            by_school[row["school_id"]] = row["value"]
        elif row["district_id"] is not None:
            by_district[row["district_id"]] = row["value"]
        else:
            city = row["value"]
    return {(d, s): by_school.get(s, by_district.get(d, city)) for d, s in places}
