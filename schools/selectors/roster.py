"""Reads of the roster: students, their guardians and mentors, and where a
person may change the roster."""

from __future__ import annotations

from django.db.models import QuerySet

from portal import access
from portal.models import Role, RoleAssignment, ScopeLevel, User
from schools.models import Guardianship, School, SchoolClass, Student
from schools.selectors.activities import schools_for_recording

# Who may mentor a student: anyone on the staff of the student's school.
MENTOR_ROLES = (Role.SCHOOL_LEADER, Role.HEAD_TEACHER, Role.TEACHER, Role.COUNSELLOR)


def importable_schools(user) -> QuerySet[School]:
    """Schools whose whole roster `user` may keep (import, create classes):
    the roles that may change a school's classes, so school leaders, the
    district and the city — not a head teacher, who keeps only one class."""
    return schools_for_recording(user, SchoolClass)


def may_import(user) -> bool:
    return importable_schools(user).exists()


def may_change_students_of(user, school_class: SchoolClass) -> bool:
    """Whether `user` may put students into (or take them from) this class."""
    return access.may_create(
        user,
        Student,
        district_id=school_class.district_id,
        school_id=school_class.school_id,
        class_id=school_class.pk,
    )


# How a class reaches each level of the tree, for access.places_to_create.
CLASS_PATHS = {
    ScopeLevel.DISTRICT: "district_id",
    ScopeLevel.SCHOOL: "school_id",
    ScopeLevel.CLASS: "pk",
}


def roster_classes(user) -> QuerySet[SchoolClass]:
    """Classes in which `user` may change students (the admin's choices)."""
    return access.places_to_create(
        user,
        Student,
        access.visible(user, SchoolClass).select_related("school"),
        paths=CLASS_PATHS,
    )


def students_for(
    user,
    *,
    school: int | None = None,
    school_class: int | None = None,
    has_mentor: bool | None = None,
) -> QuerySet[Student]:
    students = access.visible(user, Student).select_related(
        "school_class", "school", "district", "mentor"
    )
    if school is not None:
        students = students.filter(school_id=school)
    if school_class is not None:
        students = students.filter(school_class_id=school_class)
    if has_mentor is not None:
        students = students.filter(mentor__isnull=not has_mentor)
    return students.order_by("school_class__grade", "school_class__number", "student_number")


def unmentored_students(user, *, school: int | None = None) -> QuerySet[Student]:
    """Students on the roster still without a mentor ("a mentor for every
    student"), as far as `user` sees."""
    return students_for(user, school=school, has_mentor=False).filter(is_active=True)


def guardianships_of(student: Student) -> QuerySet[Guardianship]:
    return (
        Guardianship.objects.filter(student=student)
        .select_related("guardian")
        .order_by("position", "pk")
    )


def mentor_candidates(*, school_ids) -> QuerySet[User]:
    """People on the staff of these schools, who may mentor their students."""
    user_ids = RoleAssignment.objects.filter(
        role__in=MENTOR_ROLES, school_id__in=school_ids
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("name", "username")


def is_staff_of(user: User, school_id: int) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role__in=MENTOR_ROLES, school_id=school_id
    ).exists()
