"""Reads for family-education guidance activities."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from portal import access, targets
from portal.models import ScopeLevel
from schools.indicators import GUIDANCE_ACTIVITIES
from schools.models import District, GuidanceActivity, School, Semester

# How a school reaches each level of the tree, for access.places_to_create.
SCHOOL_PATHS = {
    ScopeLevel.DISTRICT: "district_id",
    ScopeLevel.SCHOOL: "pk",
    ScopeLevel.CLASS: "classes",
}


def view_levels(user, model) -> set[ScopeLevel]:
    """The levels at which `model`'s rule lets `user` read: the city, a
    district, a school… so a landing page can open at the right one."""
    scope = access.scope_for(user)
    if scope.superuser:
        return {ScopeLevel.CITY}
    rule = access.rule_for(model)
    return {level for role, level in rule.roles_for(access.VIEW).items() if role in scope.roles}


def district_ids_in_reach(user, model) -> set[int]:
    scope = access.scope_for(user)
    rule = access.rule_for(model)
    found: set[int] = set()
    for role, level in rule.roles_for(access.VIEW).items():
        if level == ScopeLevel.DISTRICT and role in scope.roles:
            found |= scope.ids(role, level)
    return found


def schools_for_recording(user, model) -> QuerySet[School]:
    """The schools in which `user` may record a new `model` row."""
    return access.places_to_create(
        user,
        model,
        access.visible(user, School).select_related("district"),
        paths=SCHOOL_PATHS,
    )


def may_record_activity(user, school: School) -> bool:
    return access.may_create(
        user, GuidanceActivity, district_id=school.district_id, school_id=school.pk
    )


def activities_of_school(user, school: School, semester: Semester) -> QuerySet[GuidanceActivity]:
    return (
        access.visible(user, GuidanceActivity)
        .filter(school=school, semester=semester)
        .select_related("recorded_by")
        .order_by("-held_on", "-pk")
    )


def activity_target(school: School, semester: Semester) -> Decimal:
    return targets.target_for(
        GUIDANCE_ACTIVITIES.key,
        district_id=school.district_id,
        school_id=school.pk,
        period=semester.period,
    )


@dataclass
class SchoolProgress:
    school: School
    count: int
    target: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(self.target - self.count, Decimal(0))

    @property
    def met(self) -> bool:
        return self.count >= self.target


SORTS = {
    # Behind ones first: the biggest shortfall, then the fewest activities.
    "behind": lambda row: (-row.shortfall, row.count, row.school.code),
    "name": lambda row: row.school.code,
    "count": lambda row: (row.count, row.school.code),
    "-count": lambda row: (-row.count, row.school.code),
}


def district_progress(
    user, district: District, semester: Semester, sort: str = "behind"
) -> list[SchoolProgress]:
    """Each school of the district the person sees, with its activities
    this semester against its target: two queries whatever the size."""
    rows = _progress(
        access.visible(user, School).filter(district=district),
        access.visible(user, GuidanceActivity).filter(semester=semester),
        semester,
    )
    return sorted(rows, key=SORTS.get(sort, SORTS["behind"]))


def schools_below_activity_target(semester: Semester) -> list[SchoolProgress]:
    """Every school of the city short of its target this semester (for
    reminders, which no one person's scope limits)."""
    rows = _progress(
        School.objects.all(), GuidanceActivity.objects.filter(semester=semester), semester
    )
    return [row for row in rows if not row.met]


def _progress(schools, activities, semester: Semester) -> list[SchoolProgress]:
    schools = list(
        schools.annotate(
            activity_count=Count(
                "guidance_activities",
                filter=Q(guidance_activities__in=activities.values("pk")),
            )
        ).only("pk", "name", "code", "district_id")
    )
    values = targets.targets_for(
        GUIDANCE_ACTIVITIES.key,
        [(school.district_id, school.pk) for school in schools],
        period=semester.period,
    )
    return [
        SchoolProgress(
            school=school,
            count=school.activity_count,
            target=values[(school.district_id, school.pk)],
        )
        for school in schools
    ]


@dataclass
class DistrictSummary:
    district: District
    schools: int
    schools_met: int


def districts_summary(user, semester: Semester) -> list[DistrictSummary]:
    """For the city: per district, how many schools reached the target."""
    activities = access.visible(user, GuidanceActivity).filter(semester=semester)
    schools = list(
        access.visible(user, School)
        .annotate(
            activity_count=Count(
                "guidance_activities",
                filter=Q(guidance_activities__in=activities.values("pk")),
            )
        )
        .select_related("district")
        .only("pk", "code", "district__name", "district__code", "district__kind")
    )
    values = targets.targets_for(
        GUIDANCE_ACTIVITIES.key,
        [(school.district_id, school.pk) for school in schools],
        period=semester.period,
    )
    by_district: dict[int, DistrictSummary] = {}
    for school in schools:
        summary = by_district.setdefault(
            school.district_id, DistrictSummary(district=school.district, schools=0, schools_met=0)
        )
        summary.schools += 1
        summary.schools_met += school.activity_count >= values[(school.district_id, school.pk)]
    return sorted(by_district.values(), key=lambda s: s.district.code)
