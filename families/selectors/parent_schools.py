"""Reads for parent schools: the public list, and the bureau's coverage
(every school has an active school-level parent school)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, QuerySet

from families.models import ParentSchool, ParentSchoolLevel
from families.services.parent_schools import PARENT_SCHOOL_COVERAGE
from portal import access, targets
from portal.models import Role
from schools.models import School

COVERAGE_ROLES = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER}


def parent_schools(
    user, *, level: str | None = None, district_id: int | None = None
) -> QuerySet[ParentSchool]:
    schools = access.visible(user, ParentSchool).select_related(
        "district", "school", "village__town"
    )
    if level in ParentSchoolLevel.values:
        schools = schools.filter(level=level)
    if district_id:
        schools = schools.filter(district_id=district_id)
    return schools.order_by("level", "district__code", "name")


def district_choices(user) -> list[tuple[int, str]]:
    """The districts that have a parent school the person may see."""
    rows = (
        access.visible(user, ParentSchool)
        .filter(district__isnull=False)
        .values_list("district_id", "district__name", "district__code")
        .distinct()
        .order_by("district__code")
    )
    return [(pk, name) for pk, name, _code in rows]


def may_see_coverage(user) -> bool:
    scope = access.scope_for(user)
    return scope.has_any(COVERAGE_ROLES)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class DistrictCoverage:
    id: int | None
    name: str
    schools: int = 0
    covered: int = 0
    target: Decimal = Decimal("100")

    @property
    def uncovered(self) -> int:
        return self.schools - self.covered

    @property
    def share(self) -> Decimal | None:
        return _share(self.covered, self.schools)

    @property
    def met(self) -> bool:
        return self.share is None or self.share >= self.target


@dataclass
class CoverageReport:
    districts: list[DistrictCoverage]
    total: DistrictCoverage
    uncovered_schools: list[dict] = field(default_factory=list)


def coverage(user) -> CoverageReport:
    """Schools in the person's reach, each district's share with a
    school-level parent school, and the schools still without one: two
    queries whatever the number of schools."""
    has_parent_school = Exists(
        ParentSchool.objects.filter(
            school=OuterRef("pk"), level=ParentSchoolLevel.SCHOOL, is_active=True
        )
    )
    rows = list(
        access.visible(user, School)
        .annotate(covered=has_parent_school)
        .order_by("district__code", "code")
        .values("id", "name", "code", "district_id", "district__name", "covered")
    )
    districts: dict[int, DistrictCoverage] = {}
    total = DistrictCoverage(id=None, name="")
    uncovered = []
    for row in rows:
        district = districts.setdefault(
            row["district_id"], DistrictCoverage(id=row["district_id"], name=row["district__name"])
        )
        for place in (district, total):
            place.schools += 1
            place.covered += row["covered"]
        if not row["covered"]:
            uncovered.append(row)
    places = [(pk, None) for pk in districts] + [(None, None)]
    values = targets.targets_for(PARENT_SCHOOL_COVERAGE.key, places)
    for pk, district in districts.items():
        district.target = values[(pk, None)]
    total.target = values[(None, None)]
    return CoverageReport(
        districts=list(districts.values()), total=total, uncovered_schools=uncovered
    )
