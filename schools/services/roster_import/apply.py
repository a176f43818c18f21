"""Resolving a parsed sheet's places within the importer's scope, and
writing it in one transaction, only what differs from the roster."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from schools.models import District, Grade, Guardian, Guardianship, SchoolClass, Student
from schools.selectors.roster import importable_schools

from .sheet import RowError, StudentRow


@dataclass
class ImportCounts:
    students_created: int = 0
    students_updated: int = 0
    students_unchanged: int = 0
    classes_created: int = 0
    guardians_created: int = 0
    guardianships_created: int = 0
    guardianships_updated: int = 0
    guardianships_unchanged: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.students_created,
                self.students_updated,
                self.classes_created,
                self.guardians_created,
                self.guardianships_created,
                self.guardianships_updated,
            )
        )


# 3. Places and scope (database reads) ---------------------------------------


def check_places(rows: list[StudentRow], *, by) -> list[RowError]:
    """Resolve each row's district and school within `by`'s scope. A school
    out of scope reads exactly like one that does not exist."""
    districts = dict(
        District.objects.filter(name__in={row.district for row in rows}).values_list("name", "pk")
    )
    schools = {
        (district_id, name): (pk, stage_grades)
        for pk, name, district_id, stage_grades in _schools_in_scope(by, rows)
    }
    errors = []
    for row in rows:
        district_id = districts.get(row.district)
        if district_id is None:
            message = _("no district named “%(name)s”") % {"name": row.district}
            errors.append(RowError(row.row, "区县", message))
            continue
        found = schools.get((district_id, row.school))
        if found is None:
            errors.append(
                RowError(
                    row.row,
                    "学校",
                    _("no school named “%(name)s” in %(district)s within your scope")
                    % {"name": row.school, "district": row.district},
                )
            )
            continue
        school_id, grades = found
        if row.grade not in grades:
            errors.append(
                RowError(
                    row.row,
                    "年级",
                    _("%(school)s does not teach %(grade)s")
                    % {"school": row.school, "grade": Grade(row.grade).label},
                )
            )
            continue
        row.district_id, row.school_id = district_id, school_id
    return errors


def _schools_in_scope(by, rows: list[StudentRow]):
    names = {row.school for row in rows}
    for school in (
        importable_schools(by).filter(name__in=names).only("pk", "name", "district_id", "stage")
    ):
        yield school.pk, school.name, school.district_id, school.grades


# 4. Writing (one transaction, only what differs) ------------------------------


STUDENT_FIELDS = ("school_class_id", "district_id", "name", "gender", "birth_date", "is_active")


@transaction.atomic
def apply_rows(rows: list[StudentRow]) -> ImportCounts:
    counts = ImportCounts()
    classes = _ensure_classes(rows, counts)
    students = _save_students(rows, classes, counts)
    guardians = _ensure_guardians(rows, counts)
    _save_guardianships(rows, students, guardians, counts)
    return counts


def _ensure_classes(rows, counts) -> dict[tuple[int, int, int], int]:
    school_ids = {row.school_id for row in rows}
    classes = {
        (school_id, grade, number): pk
        for pk, school_id, grade, number in SchoolClass.objects.filter(
            school_id__in=school_ids
        ).values_list("pk", "school_id", "grade", "number")
    }
    missing = {}
    for row in rows:
        key = (row.school_id, row.grade, row.class_number)
        if key not in classes and key not in missing:
            missing[key] = SchoolClass(
                school_id=row.school_id,
                district_id=row.district_id,
                grade=row.grade,
                number=row.class_number,
            )
    for created in SchoolClass.objects.bulk_create(missing.values()):
        classes[(created.school_id, created.grade, created.number)] = created.pk
    counts.classes_created = len(missing)
    return classes


def _save_students(rows, classes, counts) -> dict[tuple[int, str], int]:
    existing = {
        (student.school_id, student.student_number): student
        for student in Student.objects.filter(
            school_id__in={row.school_id for row in rows},
            student_number__in={row.student_number for row in rows},
        ).only("pk", "school_id", "student_number", *STUDENT_FIELDS)
    }
    to_create, to_update = [], []
    for row in rows:
        wanted = {
            "school_class_id": classes[(row.school_id, row.grade, row.class_number)],
            "district_id": row.district_id,
            "name": row.name,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "is_active": True,
        }
        student = existing.get((row.school_id, row.student_number))
        if student is None:
            to_create.append(
                Student(school_id=row.school_id, student_number=row.student_number, **wanted)
            )
            continue
        if all(getattr(student, name) == value for name, value in wanted.items()):
            counts.students_unchanged += 1
            continue
        for name, value in wanted.items():
            setattr(student, name, value)
        to_update.append(student)
    for student in Student.objects.bulk_create(to_create, batch_size=1000):
        existing[(student.school_id, student.student_number)] = student
    Student.objects.bulk_update(
        to_update, [name.removesuffix("_id") for name in STUDENT_FIELDS], batch_size=1000
    )
    counts.students_created = len(to_create)
    counts.students_updated = len(to_update)
    return {key: student.pk for key, student in existing.items()}


def _ensure_guardians(rows, counts) -> dict[tuple[str, str], int]:
    wanted = {(person.name, person.phone) for row in rows for person in row.guardians}
    found = {}
    phones = sorted({phone for _name, phone in wanted})
    for start in range(0, len(phones), 5000):
        for pk, name, phone in Guardian.objects.filter(
            phone__in=phones[start : start + 5000]
        ).values_list("pk", "name", "phone"):
            found[(name, phone)] = pk
    missing = [Guardian(name=name, phone=phone) for name, phone in sorted(wanted - found.keys())]
    for guardian in Guardian.objects.bulk_create(missing, batch_size=1000):
        found[(guardian.name, guardian.phone)] = guardian.pk
    counts.guardians_created = len(missing)
    return found


def _save_guardianships(rows, students, guardians, counts) -> None:
    student_ids = [students[(row.school_id, row.student_number)] for row in rows]
    existing = {}
    for start in range(0, len(student_ids), 5000):
        for link in Guardianship.objects.filter(
            student_id__in=student_ids[start : start + 5000]
        ).only("pk", "student_id", "guardian_id", "relation", "lives_with_child", "position"):
            existing[(link.student_id, link.guardian_id)] = link
    to_create, to_update = [], []
    for row, student_id in zip(rows, student_ids, strict=True):
        for person in row.guardians:
            guardian_id = guardians[(person.name, person.phone)]
            wanted = {
                "relation": person.relation,
                "lives_with_child": person.lives_with_child,
                "position": person.position,
            }
            link = existing.get((student_id, guardian_id))
            if link is None:
                to_create.append(
                    Guardianship(student_id=student_id, guardian_id=guardian_id, **wanted)
                )
            elif all(getattr(link, name) == value for name, value in wanted.items()):
                counts.guardianships_unchanged += 1
            else:
                for name, value in wanted.items():
                    setattr(link, name, value)
                to_update.append(link)
    Guardianship.objects.bulk_create(to_create, batch_size=1000)
    Guardianship.objects.bulk_update(
        to_update, ["relation", "lives_with_child", "position"], batch_size=1000
    )
    counts.guardianships_created = len(to_create)
    counts.guardianships_updated = len(to_update)
