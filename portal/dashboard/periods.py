"""Which stretch of time a month's figures cover. A month's figures are
cumulative to its last day (or to today in the current month): coverage in
November is the semester so far, law hours the calendar year so far."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from portal.targets import NOW, SEMESTER, YEAR, Indicator
from schools.models import Semester
from schools.services.semesters import semester_on


@dataclass(frozen=True)
class Window:
    month: datetime.date  # the first day of the month
    as_of: datetime.date  # the last day counted
    semester: Semester

    @property
    def year_start(self) -> datetime.date:
        return self.as_of.replace(month=1, day=1)

    @property
    def semester_start(self) -> datetime.date:
        return self.semester.starts_on

    def start(self, period: str) -> datetime.date | None:
        return {SEMESTER: self.semester_start, YEAR: self.year_start}.get(period)

    def period_code(self, period: str) -> str:
        return {SEMESTER: self.semester.period, YEAR: str(self.as_of.year)}.get(period, "")

    def elapsed(self, indicator: Indicator) -> Decimal:
        """The share of the indicator's period gone by at `as_of`, so that a
        target is paced: half-way through a semester, half the visits."""
        if indicator.period == NOW or not indicator.paced:
            return Decimal(1)
        start = self.start(indicator.period)
        end = (
            self.semester.ends_on
            if indicator.period == SEMESTER
            else start.replace(month=12, day=31)
        )
        total = (end - start).days + 1
        done = min(max((self.as_of - start).days + 1, 0), total)
        return Decimal(done) / Decimal(total)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def window_for(month: datetime.date, *, today: datetime.date | None = None) -> Window:
    today = today or timezone.localdate()
    month = first_of_month(month)
    as_of = _as_of(month, today)
    return Window(month=month, as_of=as_of, semester=semester_on(as_of))


def windows_for(months: list[datetime.date], *, today=None) -> dict[datetime.date, Window]:
    """`window_for` for many months, reading their semesters in one query."""
    today = today or timezone.localdate()
    ends = {m: _as_of(first_of_month(m), today) for m in months}
    if not ends:
        return {}
    semesters = list(
        Semester.objects.filter(starts_on__lte=max(ends.values()), ends_on__gte=min(ends.values()))
    )
    windows = {}
    for month, as_of in ends.items():
        found = next((s for s in semesters if s.starts_on <= as_of <= s.ends_on), None)
        windows[month] = Window(
            month=first_of_month(month), as_of=as_of, semester=found or semester_on(as_of)
        )
    return windows


def _as_of(month: datetime.date, today: datetime.date) -> datetime.date:
    return min(month_end(month), today) if month <= today else month_end(month)


def months_back(month: datetime.date, count: int) -> list[datetime.date]:
    """`count` months ending with `month`, oldest first."""
    months, current = [], first_of_month(month)
    for _ in range(count):
        months.append(current)
        current = (current - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def parse_month(value: str | None, *, today: datetime.date | None = None) -> datetime.date:
    """A "2026-11" from a query string; this month when empty or malformed,
    and never a month after this one."""
    today = today or timezone.localdate()
    try:
        month = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return first_of_month(today)
    return min(month, first_of_month(today))
