"""What a report contains: its sheets, the areas on each, and one row per
area and indicator. Counted once for the whole city, then summed per area."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from portal import targets
from portal.dashboard.figures import AMBER, GREEN, RED, Figure, figure_for, roll_up
from portal.dashboard.measures import measures
from portal.dashboard.periods import Window
from portal.dashboard.selectors import Area, RolledTotals
from portal.models import AreaLevel
from schools.models import District, School

# The bureau's column names: fixed, like the roster template's.
HEADERS = [
    "区域", "指标", "单位", "数值", "目标", "应达进度", "状态",
    "达标单位", "单位总数", "分子", "分母",
]  # fmt: skip
CITY_NAME = "全市"
STATUS_LABELS = {GREEN: "绿", AMBER: "黄", RED: "红"}
SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass
class Sheet:
    name: str
    areas: list[Area]


def sheets_for(area: Area) -> list[Sheet]:
    """A city report: the city with every district, then one sheet per
    district with its schools; a district report: that district's sheet;
    a school report: one sheet."""
    if area.level == AreaLevel.SCHOOL:
        sheets = [(area.school.name, [area])]
    else:
        districts = (
            list(District.objects.order_by("code"))
            if area.level == AreaLevel.CITY
            else [area.district]
        )
        schools: dict[int, list[School]] = {}
        for school in School.objects.filter(district__in=districts).order_by("code"):
            schools.setdefault(school.district_id, []).append(school)
        sheets = [
            (
                district.name,
                [Area(level=AreaLevel.DISTRICT, district=district)]
                + [
                    Area(level=AreaLevel.SCHOOL, district=district, school=school)
                    for school in schools.get(district.pk, [])
                ],
            )
            for district in districts
        ]
        if area.level == AreaLevel.CITY:
            city = [Area(level=AreaLevel.CITY)] + [sheet[1][0] for sheet in sheets]
            sheets.insert(0, (CITY_NAME, city))
    used: set[str] = set()
    return [Sheet(name=_sheet_name(name, used), areas=areas) for name, areas in sheets]


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\; names must not repeat."""
    base = name.translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LIMIT] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def area_name(area: Area) -> str:
    return area.name or CITY_NAME


class Figures:
    """Each indicator's figures for any area, from one month's rolled-up
    totals; every target is read in one query."""

    def __init__(self, totals: RolledTotals, window: Window, areas: list[Area]):
        self.window = window
        self.measures = measures()
        empty = roll_up({})
        self.rolled = {m.key: totals.get(m.key, empty) for m in self.measures}
        places = list({area.place for area in areas})
        self.goals = targets.targets_for_many(
            {m.key: window.period_code(m.indicator.period) for m in self.measures}, places
        )

    def for_area(self, area: Area) -> Iterator[Figure]:
        for measure in self.measures:
            yield figure_for(
                measure,
                self.rolled[measure.key].of(area.place),
                area.place,
                self.window,
                self.goals[measure.key][area.place],
            )


def row_for(area: Area, figure: Figure) -> list:
    indicator = figure.measure.indicator
    status = STATUS_LABELS.get(figure.status, "无目标" if figure.target is None else "无数据")
    return [
        area_name(area),
        str(indicator.label),
        str(indicator.unit),
        figure.value,
        figure.target,
        figure.expected,
        status,
        figure.totals.units_met,
        figure.totals.units,
        figure.totals.numerator,
        figure.totals.denominator,
    ]
