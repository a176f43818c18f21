"""Trend charts drawn on the server as SVG: no script, nothing from a CDN,
readable on a phone and in a printout."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 320, 120
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 34, 8, 10, 22


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    month: datetime.date
    value: Decimal | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[str]  # polyline "x,y x,y" runs; a month without data breaks the line
    target_line: str
    points: list[Point]
    ticks: list[tuple[float, str]]  # (y, label) for the value axis
    baseline: float

    @property
    def empty(self) -> bool:
        return not any(point.value is not None for point in self.points)


def trend_chart(trend, *, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    values = [p.value for p in trend if p.value is not None]
    targets = [p.target for p in trend if p.target is not None]
    top = max([Decimal(1), *values, *targets]) * Decimal("1.1")
    inner_w = width - PAD_LEFT - PAD_RIGHT
    inner_h = height - PAD_TOP - PAD_BOTTOM
    step = inner_w / max(len(trend) - 1, 1)

    def y_of(value) -> float:
        return round(PAD_TOP + inner_h * (1 - float(value) / float(top)), 1)

    points, lines, run, target_run = [], [], [], []
    for index, point in enumerate(trend):
        x = round(PAD_LEFT + index * step, 1)
        y = y_of(point.value) if point.value is not None else y_of(0)
        points.append(Point(x=x, y=y, month=point.month, value=point.value))
        if point.value is None:
            lines, run = _close(lines, run), []
        else:
            run.append(f"{x},{y}")
        if point.target is not None:
            target_run.append(f"{x},{y_of(point.target)}")
    lines = _close(lines, run)
    ticks = [(y_of(v), _short(v)) for v in (Decimal(0), top / 2, top / Decimal("1.1"))]
    return Chart(
        width=width,
        height=height,
        lines=lines,
        target_line=" ".join(target_run),
        points=points,
        ticks=ticks,
        baseline=y_of(0),
    )


def _close(lines: list[str], run: list[str]) -> list[str]:
    return [*lines, " ".join(run)] if run else lines


def _short(value: Decimal) -> str:
    if value >= 10000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
