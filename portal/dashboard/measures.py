"""How each indicator is counted. A measure turns a window of time into
rows, one per unit that has to reach the target (a school, a lecture, a
vice principal's appointment), each with the place it belongs to; the
figures for a school, a district or the city are sums over its rows.

SHARE is numerator / denominator as a percentage (students visited of
students); RATIO the same without the hundred (study visits per student);
PER_UNIT a count every unit must reach (activities per school), whose
place value is the average and whose status is the share of units that
reach it; COUNT a plain total (hotline hours)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from portal.targets import Indicator, get_indicator

SHARE, RATIO, PER_UNIT, COUNT = "share", "ratio", "per_unit", "count"


@dataclass(frozen=True)
class Row:
    district_id: int | None
    school_id: int | None
    numerator: Decimal
    denominator: Decimal = Decimal(1)


@dataclass(frozen=True)
class Measure:
    indicator: Indicator
    kind: str
    compute: Callable  # (Window) -> list[Row]
    # Where the list of what is missing lives, by area: a URL name and
    # whether it takes the district or the school id; `None` for counts only.
    missing: dict | None = None
    # The noun for a unit that is behind ("schools", "lectures").
    unit_label: str = ""

    @property
    def key(self) -> str:
        return self.indicator.key


_measures: dict[str, Measure] = {}


def register_measure(key: str, kind: str, *, missing=None, unit_label=""):
    def decorate(compute):
        _measures[key] = Measure(
            indicator=get_indicator(key),
            kind=kind,
            compute=compute,
            missing=missing,
            unit_label=unit_label,
        )
        return compute

    return decorate


# Cards and report rows follow the work: school, family, society, care.
APP_ORDER = ["schools", "families", "community", "programs"]


def _rank(measure: Measure) -> int:
    app = measure.key.split(".")[0]
    return APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER)


def measures() -> list[Measure]:
    from portal.dashboard import sources  # noqa: F401 — registers the measures

    return sorted(_measures.values(), key=_rank)


def get_measure(key: str) -> Measure:
    measures()
    return _measures[key]
