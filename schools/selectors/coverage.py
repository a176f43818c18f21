"""Home-visit coverage: the share of active students visited at least once in
a semester, per district, school or class, against the target.

A place's coverage is shown to those who see its whole roster (the roles the
Student access rule grants at that place's level or above), so a head
teacher sees their class and a district officer their district's schools.
Every page is a fixed handful of queries: the places, one aggregate over the
students, one for the targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from portal import access, targets
from portal.models import ScopeLevel
from schools.indicators import HOME_VISIT_COVERAGE
from schools.models import District, School, SchoolClass, Semester, Student, VisitedStudent
from schools.selectors.visits import with_visit_status

SORT_KEYS = ("coverage", "name", "unvisited")


@dataclass
class CoverageRow:
    place: object
    name: str
    total: int = 0
    visited: int = 0
    target: Decimal = Decimal("100")
    order: tuple = field(default=())

    @property
    def unvisited(self) -> int:
        return self.total - self.visited

    @property
    def coverage(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(self.visited * 100) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool:
        return self.coverage is None or self.coverage >= self.target


@dataclass
class CoverageReport:
    level: str  # what the rows are: "district", "school" or "class"
    place: object | None  # the place the rows belong to; None for the city or one's classes
    semester: Semester
    rows: list[CoverageRow]
    summary: CoverageRow


def roster_reach(user) -> dict[ScopeLevel, set[int]] | None:
    """The districts, schools and classes whose whole roster the person
    sees, by level; `None` means the whole city."""
    scope = access.scope_for(user)
    if scope.user_id is None:
        return {}
    if scope.superuser:
        return None
    reach: dict[ScopeLevel, set[int]] = {}
    for role, level in access.rule_for(Student).roles_for(access.VIEW).items():
        if role not in scope.roles:
            continue
        if level == ScopeLevel.CITY:
            return None
        reach.setdefault(level, set()).update(scope.ids(role, level))
    return reach


def _ids(reach, level) -> list[int]:
    return sorted(reach.get(level, ()))


def districts_in_reach(user) -> QuerySet:
    reach = roster_reach(user)
    districts = access.visible(user, District)
    if reach is None:
        return districts
    return districts.filter(pk__in=_ids(reach, ScopeLevel.DISTRICT))


def schools_in_reach(user) -> QuerySet:
    reach = roster_reach(user)
    schools = access.visible(user, School)
    if reach is None:
        return schools
    return schools.filter(
        Q(district_id__in=_ids(reach, ScopeLevel.DISTRICT))
        | Q(pk__in=_ids(reach, ScopeLevel.SCHOOL))
    )


def classes_in_reach(user) -> QuerySet:
    reach = roster_reach(user)
    classes = access.visible(user, SchoolClass).filter(is_active=True)
    if reach is None:
        return classes
    return classes.filter(
        Q(district_id__in=_ids(reach, ScopeLevel.DISTRICT))
        | Q(school_id__in=_ids(reach, ScopeLevel.SCHOOL))
        | Q(pk__in=_ids(reach, ScopeLevel.CLASS))
    )


def home_level(user) -> str | None:
    """Where the person's coverage page starts: "city", "district",
    "school" or "classes"; `None` when they see no roster at all."""
    reach = roster_reach(user)
    if reach is None:
        return "city"
    for level, name in (
        (ScopeLevel.DISTRICT, "district"),
        (ScopeLevel.SCHOOL, "school"),
        (ScopeLevel.CLASS, "classes"),
    ):
        if reach.get(level):
            return name
    return None


def _counts(user, semester: Semester, group: str, **filters) -> dict[int, tuple[int, int]]:
    visited = Exists(VisitedStudent.objects.filter(student=OuterRef("pk"), semester=semester))
    rows = (
        access.visible(user, Student)
        .filter(is_active=True, school_class__is_active=True, **filters)
        .order_by()
        .values(group)
        .annotate(total=Count("pk"), visited=Count("pk", filter=visited))
    )
    return {row[group]: (row["total"], row["visited"]) for row in rows}


def _report(
    *, level, place, semester, places, counts, name, place_key, summary_name, summary_key
) -> CoverageReport:
    places = list(places)
    keys = [place_key(p) for p in places]
    wanted = [*keys, summary_key] if summary_key is not None else keys
    values = targets.targets_for(
        HOME_VISIT_COVERAGE.key, list(dict.fromkeys(wanted)), period=semester.period
    )
    rows = []
    # The places come in their natural order (division code, school code,
    # grade and class number), which sorting "by name" keeps.
    for position, (item, key) in enumerate(zip(places, keys, strict=True)):
        total, visited = counts.get(item.pk, (0, 0))
        rows.append(
            CoverageRow(
                place=item,
                name=name(item),
                total=total,
                visited=visited,
                target=values[key],
                order=(position,),
            )
        )
    summary_target = (
        values[summary_key]
        if summary_key is not None
        else (rows[0].target if rows else HOME_VISIT_COVERAGE.default)
    )
    summary = CoverageRow(
        place=place,
        name=summary_name,
        total=sum(r.total for r in rows),
        visited=sum(r.visited for r in rows),
        target=summary_target,
    )
    return CoverageReport(level=level, place=place, semester=semester, rows=rows, summary=summary)


def city_coverage(user, semester: Semester) -> CoverageReport:
    return _report(
        level="district",
        place=None,
        semester=semester,
        places=districts_in_reach(user),
        counts=_counts(user, semester, "district_id"),
        name=str,
        place_key=lambda d: (d.pk, None),
        summary_name=_("The whole city"),
        summary_key=(None, None),
    )


def district_coverage(user, district_id: int, semester: Semester) -> CoverageReport:
    district = _get_or_404(districts_in_reach(user), district_id)
    return _report(
        level="school",
        place=district,
        semester=semester,
        places=schools_in_reach(user).filter(district=district),
        counts=_counts(user, semester, "school_id", district_id=district.pk),
        name=str,
        place_key=lambda s: (s.district_id, s.pk),
        summary_name=str(district),
        summary_key=(district.pk, None),
    )


def school_coverage(user, school_id: int, semester: Semester) -> CoverageReport:
    school = _get_or_404(schools_in_reach(user).select_related("district"), school_id)
    return _report(
        level="class",
        place=school,
        semester=semester,
        places=classes_in_reach(user).filter(school=school),
        counts=_counts(user, semester, "school_class_id", school_id=school.pk),
        name=lambda c: c.label,
        place_key=lambda c: (c.district_id, c.school_id),
        summary_name=str(school),
        summary_key=(school.district_id, school.pk),
    )


def my_schools_coverage(user, semester: Semester) -> CoverageReport:
    """For a person whose reach is several schools (but no whole district)."""
    schools = schools_in_reach(user)
    return _report(
        level="school",
        place=None,
        semester=semester,
        places=schools,
        counts=_counts(user, semester, "school_id", school__in=schools.values("pk")),
        name=str,
        place_key=lambda s: (s.district_id, s.pk),
        summary_name=_("My schools"),
        summary_key=None,
    )


def my_classes_coverage(user, semester: Semester) -> CoverageReport:
    classes = classes_in_reach(user).select_related("school")
    return _report(
        level="class",
        place=None,
        semester=semester,
        places=classes,
        counts=_counts(user, semester, "school_class_id", school_class__in=classes.values("pk")),
        name=str,
        place_key=lambda c: (c.district_id, c.school_id),
        summary_name=_("My classes"),
        summary_key=None,
    )


def home_report(user, semester: Semester) -> CoverageReport | None:
    """The report a person starts from: the city's districts, their
    district's schools, their school's classes or their own classes."""
    level = home_level(user)
    if level == "city":
        return city_coverage(user, semester)
    if level == "district":
        districts = list(districts_in_reach(user)[:2])
        if len(districts) == 1:
            return district_coverage(user, districts[0].pk, semester)
        return city_coverage(user, semester)
    if level == "school":
        schools = list(schools_in_reach(user)[:2])
        if len(schools) == 1:
            return school_coverage(user, schools[0].pk, semester)
        return my_schools_coverage(user, semester)
    if level == "classes":
        return my_classes_coverage(user, semester)
    return None


def class_in_reach_or_404(user, class_id: int) -> SchoolClass:
    return _get_or_404(classes_in_reach(user).select_related("school"), class_id)


def class_students(user, school_class: SchoolClass, semester: Semester) -> QuerySet:
    """The class's active students, each marked visited or not."""
    students = access.visible(user, Student).filter(school_class=school_class, is_active=True)
    return with_visit_status(students, semester).order_by("student_number")


def sort_rows(rows: list[CoverageRow], key: str, descending: bool) -> list[CoverageRow]:
    if key == "name":
        return sorted(rows, key=lambda r: r.order, reverse=descending)
    if key == "unvisited":
        return sorted(rows, key=lambda r: (r.unvisited, r.order), reverse=descending)
    # Places without students sort after those with, either way.
    with_students = [r for r in rows if r.coverage is not None]
    without = [r for r in rows if r.coverage is None]
    return sorted(with_students, key=lambda r: (r.coverage, r.order), reverse=descending) + without


def _get_or_404(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
