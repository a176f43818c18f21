"""The student roster export: every active student a report's area covers
and its requester may see, in the bureau's roster template columns (so the
file goes back in through the roster import), read in chunks from a
server-side cursor so memory stays flat for a whole city."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max

from portal import access
from portal.dashboard.selectors import Area
from schools.models import Grade, Guardianship, Student
from schools.services.roster_import.sheet import (
    GENDERS,
    MAX_GUARDIANS,
    RELATIONS,
    TEMPLATE_GUARDIANS,
    YES_NO,
    template_header,
)

CHUNK = 5000
GRADE_NAMES = {
    Grade.NURSERY_SMALL: "小班",
    Grade.NURSERY_MIDDLE: "中班",
    Grade.NURSERY_LARGE: "大班",
    **{Grade(n): f"{w}年级" for n, w in enumerate("一二三四五六", start=1)},
    **{Grade(n + 6): f"初{w}" for n, w in enumerate("一二三", start=1)},
    **{Grade(n + 9): f"高{w}" for n, w in enumerate("一二三", start=1)},
}
GENDER_NAMES = {value: name for name, value in GENDERS.items()}
RELATION_NAMES = {value: name for name, value in reversed(RELATIONS.items())}
YES_NO_NAMES = {value: name for name, value in YES_NO.items()}
COLUMNS = (
    "pk",
    "district__name",
    "school__name",
    "school_class__grade",
    "school_class__number",
    "student_number",
    "name",
    "gender",
    "birth_date",
)

GUARDIAN_COLUMNS = (
    "student_id",
    "guardian__name",
    "relation",
    "guardian__phone",
    "lives_with_child",
)


@dataclass
class RosterSheet:
    name: str
    students: object  # a queryset of values_list rows, in roster order


def students_in(user, area: Area):
    students = access.visible(user, Student).filter(is_active=True, school_class__is_active=True)
    if area.school is not None:
        return students.filter(school=area.school)
    if area.district is not None:
        return students.filter(district=area.district)
    return students


def guardian_groups(students) -> int:
    """As many guardian column groups as the most guardians any student has."""
    most = (
        Guardianship.objects.filter(student__in=students.values("pk"))
        .values("student_id")
        .annotate(n=Count("pk"))
        .aggregate(most=Max("n"))["most"]
    )
    return min(MAX_GUARDIANS, max(TEMPLATE_GUARDIANS, most or 0))


def sheets(user, area: Area) -> list[RosterSheet]:
    students = (
        students_in(user, area)
        .order_by(
            "district__code",
            "school__code",
            "school_class__grade",
            "school_class__number",
            "student_number",
        )
        .values_list(*COLUMNS)
    )
    if area.district is not None or area.school is not None:
        return [RosterSheet("学生名册", students)]
    districts = students.order_by().values_list("district__code", "district__name").distinct()
    return [
        RosterSheet(name, students.filter(district__code=code)) for code, name in sorted(districts)
    ]


def rows(sheet: RosterSheet, groups: int) -> Iterator[list]:
    """The sheet's roster rows, one chunk of students and their guardians at a time."""
    chunk = []
    for student in sheet.students.iterator(chunk_size=CHUNK):
        chunk.append(student)
        if len(chunk) == CHUNK:
            yield from _with_guardians(chunk, groups)
            chunk = []
    if chunk:
        yield from _with_guardians(chunk, groups)


def header(groups: int) -> list[str]:
    return template_header(groups)


def _with_guardians(chunk: list[tuple], groups: int) -> Iterator[list]:
    guardians: dict[int, list] = {}
    found = (
        Guardianship.objects.filter(student_id__in=[row[0] for row in chunk])
        .order_by("student_id", "position", "pk")
        .values_list(
            "student_id", "guardian__name", "relation", "guardian__phone", "lives_with_child"
        )
    )
    for student_id, name, relation, phone, lives in found:
        guardians.setdefault(student_id, []).extend(
            [name, RELATION_NAMES.get(relation, relation), phone, YES_NO_NAMES[lives]]
        )
    for pk, district, school, grade, number, student_number, name, gender, born in chunk:
        people = guardians.get(pk, [])[: groups * 4]
        yield [
            district,
            school,
            GRADE_NAMES.get(grade, grade),
            f"{number}班",
            student_number,
            name,
            GENDER_NAMES.get(gender, gender),
            born,
            *people,
            *[None] * (groups * 4 - len(people)),
        ]
