"""The all-staff mentor system (全员育人导师制): every student has a mentor
from the staff of their school."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from schools.models import SchoolClass, Student
from schools.selectors.roster import is_staff_of
from schools.services.errors import RosterError


def _check_mentor(mentor, school) -> None:
    if mentor is None:
        return
    if not mentor.is_active or not is_staff_of(mentor, school.pk):
        raise RosterError(
            _(
                "%(person)s is not on the staff of %(school)s; a mentor must be a "
                "teacher, head teacher, counsellor or school leader there."
            )
            % {"person": mentor, "school": school},
            field="mentor",
        )


@transaction.atomic
def assign_mentor(*, by, student: Student, mentor) -> Student:
    """Make `mentor` (or nobody, with None) the student's mentor."""
    if not access.can_change(by, student):
        raise RosterError(_("You may not change this student."))
    _check_mentor(mentor, student.school)
    new_id = mentor.pk if mentor is not None else None
    if student.mentor_id != new_id:
        student.mentor = mentor
        student.save(update_fields=["mentor"])
    return student


@transaction.atomic
def assign_mentor_to_students(*, by, students, mentor, only_unmentored: bool = False) -> int:
    """One mentor for several students of one school (an admin action, a
    whole class); returns how many students changed."""
    chosen = list(
        access.visible(by, Student, access.CHANGE)
        .filter(pk__in=[s.pk for s in students])
        .select_related("school")
    )
    if len(chosen) != len({s.pk for s in students}):
        raise RosterError(_("You may not change some of these students."))
    school_ids = {student.school_id for student in chosen}
    if len(school_ids) > 1:
        raise RosterError(_("Choose students of one school: a mentor belongs to one school."))
    if not chosen:
        return 0
    _check_mentor(mentor, chosen[0].school)
    new_id = mentor.pk if mentor is not None else None
    pending = [s.pk for s in chosen if s.mentor_id != new_id]
    if only_unmentored:
        pending = [s.pk for s in chosen if s.mentor_id is None and new_id is not None]
    return Student.objects.filter(pk__in=pending).update(mentor=mentor)


def assign_mentor_to_class(
    *, by, school_class: SchoolClass, mentor, only_unmentored: bool = True
) -> int:
    """Give every active student of a class (by default only those still
    without one) this mentor."""
    students = list(
        access.visible(by, Student, access.CHANGE).filter(school_class=school_class, is_active=True)
    )
    if not students:
        raise RosterError(_("You may not change the students of this class, or it has none."))
    return assign_mentor_to_students(
        by=by, students=students, mentor=mentor, only_unmentored=only_unmentored
    )
