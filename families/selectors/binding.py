"""Reads for binding: the classes a person may issue codes for, a class's
current codes, and a parent's bound children."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from families.models import BindingCode, FamilyLink
from portal import access
from portal.models import ScopeLevel
from schools.models import SchoolClass, Student

_CLASS_PATHS = {
    ScopeLevel.DISTRICT: "district_id__in",
    ScopeLevel.SCHOOL: "school_id__in",
    ScopeLevel.CLASS: "pk__in",
}


def classes_for_codes(user) -> QuerySet[SchoolClass]:
    """Classes whose codes the person may issue: the roles that may change
    binding codes, at their level (a head teacher their class, a school
    leader their school, an officer their district or the city)."""
    classes = SchoolClass.objects.select_related("school")
    scope = access.scope_for(user)
    if scope.user_id is None:
        return classes.none()
    if scope.superuser:
        return classes
    condition = Q(pk__in=[])
    for role, level in access.rule_for(BindingCode).roles_for(access.CHANGE).items():
        if role not in scope.roles:
            continue
        if level == ScopeLevel.CITY:
            return classes
        ids = scope.ids(role, level)
        if level in _CLASS_PATHS and ids:
            condition |= Q(**{_CLASS_PATHS[level]: sorted(ids)})
    return classes.filter(condition)


def may_issue_codes(user) -> bool:
    return classes_for_codes(user).exists()


def current_codes(user, school_class: SchoolClass) -> list[Student]:
    """The class's active students, each with `code` set to their newest
    code still usable (or None), in two queries."""
    now = timezone.now()
    usable = (
        access.visible(user, BindingCode)
        .filter(used_at__isnull=True, expires_at__gt=now)
        .order_by("-issued_at")
    )
    students = list(
        Student.objects.filter(school_class=school_class, is_active=True)
        .order_by("student_number")
        .prefetch_related(Prefetch("binding_codes", queryset=usable, to_attr="usable_codes"))
    )
    for student in students:
        student.code = student.usable_codes[0] if student.usable_codes else None
    return students


def children_of(user) -> QuerySet[FamilyLink]:
    """The children bound to this account, with their school and class."""
    return (
        access.visible(user, FamilyLink)
        .filter(user=user)
        .select_related("student__school", "student__school_class", "guardian")
        .order_by("student__name")
    )
