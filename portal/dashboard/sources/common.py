"""Shapes shared by the measures."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count

from portal.dashboard import memo
from portal.dashboard.measures import Row
from schools.models import School, Student


def all_schools() -> list[tuple[int, int]]:
    return list(School.objects.order_by("pk").values_list("pk", "district_id"))


def per_school(counts: dict[int, Decimal | int], denominators=None) -> list[Row]:
    """One row per school of the city, zero where nothing was counted, so a
    school that did nothing is behind rather than missing."""
    rows = []
    for school_id, district_id in all_schools():
        denominator = 1 if denominators is None else denominators.get(school_id, 0)
        rows.append(
            Row(
                district_id=district_id,
                school_id=school_id,
                numerator=Decimal(counts.get(school_id, 0)),
                denominator=Decimal(denominator),
            )
        )
    return rows


def active_students_by_school() -> dict[int, int]:
    """Two indicators divide by it: counted once a minute per worker, not
    once per indicator (a scan of every student of the city)."""
    return memo.get_or_compute("active-students-by-school", 60, _count_active_students)


def _count_active_students() -> dict[int, int]:
    rows = (
        Student.objects.filter(is_active=True, school_class__is_active=True)
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
    )
    return {row["school_id"]: row["n"] for row in rows}


def grouped(queryset, district: str, school: str | None, total) -> list[Row]:
    """Rows grouped by place from a queryset, with `total` an aggregate."""
    fields = [district] + ([school] if school else [])
    rows = queryset.order_by().values(*fields).annotate(total=total)
    return [
        Row(
            district_id=row[district],
            school_id=row[school] if school else None,
            numerator=Decimal(row["total"] or 0),
        )
        for row in rows
    ]
