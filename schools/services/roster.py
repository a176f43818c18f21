"""Writes of the roster by hand (back office, API): students, their class
and their guardians. Sheets go through roster_import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.phones import normalize_mobile
from schools.models import Guardian, Guardianship, Relation, SchoolClass, Student
from schools.selectors.roster import is_staff_of, may_change_students_of
from schools.services.errors import RosterError


@dataclass(frozen=True)
class GuardianInput:
    name: str
    phone: str
    relation: str
    lives_with_child: bool = True


def check_student_number_free(
    *, school_id: int, student_number: str, exclude_pk: int | None = None
) -> None:
    taken = Student.objects.filter(school_id=school_id, student_number=student_number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise RosterError(
            _("Student number %(number)s is already used in this school.")
            % {"number": student_number},
            field="student_number",
        )


def _check_class(by, school_class: SchoolClass) -> None:
    if not may_change_students_of(by, school_class):
        raise RosterError(
            _("You may not put students into %(class)s.") % {"class": school_class},
            field="school_class",
        )


def validate_student(*, by, student: Student) -> None:
    """Check a student built or edited elsewhere (the back office's form)
    against the roster rules, filling in what follows from the class."""
    school_class = student.school_class
    _check_class(by, school_class)
    if student.pk is not None:
        before = Student.objects.filter(pk=student.pk).values("school_id", "mentor_id").first()
        if before is None or not access.can_change(by, Student(pk=student.pk)):
            raise RosterError(_("You may not change this student."))
        moved_school = before["school_id"] != school_class.school_id
        if moved_school and student.mentor_id == before["mentor_id"]:
            # A mentor belongs to one school's staff; a move elsewhere ends it.
            student.mentor = None
    student.school_id = school_class.school_id
    student.district_id = school_class.district_id
    student.student_number = student.student_number.strip()
    student.name = student.name.strip()
    check_student_number_free(
        school_id=student.school_id, student_number=student.student_number, exclude_pk=student.pk
    )
    if student.mentor_id is not None and not is_staff_of(student.mentor, student.school_id):
        raise RosterError(
            _("%(person)s is not on the staff of %(school)s.")
            % {"person": student.mentor, "school": school_class.school},
            field="mentor",
        )


@transaction.atomic
def save_student(*, by, student: Student) -> Student:
    """Save a student: the school and district always follow the class."""
    validate_student(by=by, student=student)
    student.save()
    return student


def create_student(
    *,
    by,
    school_class: SchoolClass,
    student_number: str,
    name: str,
    gender: str,
    birth_date: datetime.date,
) -> Student:
    if birth_date > timezone.localdate():
        raise RosterError(_("The birth date is in the future."), field="birth_date")
    student = Student(
        school_class=school_class,
        student_number=student_number,
        name=name,
        gender=gender,
        birth_date=birth_date,
    )
    return save_student(by=by, student=student)


def update_student(*, by, student: Student, **changes) -> Student:
    allowed = {"student_number", "name", "gender", "birth_date", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_student cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(student, name, value)
    return save_student(by=by, student=student)


def move_student(*, by, student: Student, school_class: SchoolClass) -> Student:
    """Put a student into another class (another school's too, where `by`
    keeps both rosters)."""
    if not access.can_change(by, student):
        raise RosterError(_("You may not change this student."))
    student.school_class = school_class
    return save_student(by=by, student=student)


@transaction.atomic
def set_guardians(*, by, student: Student, guardians: list[GuardianInput]) -> list[Guardianship]:
    """Make `guardians`, in this order, the student's guardians; guardians
    no longer listed are unlinked from the student but kept (a sibling or a
    parent account may still refer to them)."""
    if not access.can_change(by, student):
        raise RosterError(_("You may not change this student."))
    cleaned = []
    for position, given in enumerate(guardians, start=1):
        name = given.name.strip()
        phone = normalize_mobile(given.phone)
        if not name:
            raise RosterError(_("Guardian %(k)d has no name.") % {"k": position}, field="name")
        if not phone:
            raise RosterError(
                _("Guardian %(k)d: “%(phone)s” is not an 11-digit mainland mobile number.")
                % {"k": position, "phone": given.phone},
                field="phone",
            )
        if given.relation not in Relation.values:
            raise RosterError(
                _("Guardian %(k)d: unknown relation.") % {"k": position}, field="relation"
            )
        cleaned.append((name, phone, given.relation, given.lives_with_child, position))
    if len({(name, phone) for name, phone, *_rest in cleaned}) < len(cleaned):
        raise RosterError(_("The same guardian is listed twice."))
    links = []
    keep = []
    for name, phone, relation, lives_with_child, position in cleaned:
        guardian, _created = Guardian.objects.get_or_create(name=name, phone=phone)
        link, _created = Guardianship.objects.update_or_create(
            student=student,
            guardian=guardian,
            defaults={
                "relation": relation,
                "lives_with_child": lives_with_child,
                "position": position,
            },
        )
        keep.append(link.pk)
        links.append(link)
    Guardianship.objects.filter(student=student).exclude(pk__in=keep).delete()
    return links
