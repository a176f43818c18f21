"""Reads for home visits: a teacher's students with their visit status this
semester, siblings, colleagues, and visits in scope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from portal import access
from portal.models import Role, ScopeLevel
from schools.models import HomeVisit, Semester, Student, VisitedStudent

TEACHING_ROLES = (Role.HEAD_TEACHER, Role.TEACHER)


def visited_in(semester: Semester) -> Exists:
    """Whether the outer student was visited at least once in `semester`."""
    return Exists(VisitedStudent.objects.filter(student=OuterRef("pk"), semester=semester))


def with_visit_status(students: QuerySet, semester: Semester) -> QuerySet:
    last_visit = (
        VisitedStudent.objects.filter(student=OuterRef("pk"), semester=semester)
        .order_by("-visit__visited_on")
        .values("visit__visited_on")[:1]
    )
    return students.annotate(visited=visited_in(semester), last_visited_on=Subquery(last_visit))


def my_students(user, semester: Semester, *, unvisited_only: bool = False) -> QuerySet:
    """The students of the classes the person teaches and their mentees, the
    not-yet-visited first, then by class and student number."""
    scope = access.scope_for(user)
    class_ids = set()
    for role in TEACHING_ROLES:
        class_ids |= scope.ids(role, ScopeLevel.CLASS)
    students = (
        access.visible(user, Student)
        .filter(Q(school_class_id__in=sorted(class_ids)) | Q(mentor_id=user.pk), is_active=True)
        .select_related("school_class__school")
    )
    students = with_visit_status(students, semester)
    if unvisited_only:
        students = students.filter(visited=False)
    return students.order_by(
        "visited",
        "school_class__school__code",
        "school_class__grade",
        "school_class__number",
        "student_number",
    )


def siblings_of(user, student: Student) -> QuerySet:
    """Students who share a guardian with `student` and whom the person sees."""
    return (
        access.visible(user, Student)
        .filter(
            is_active=True,
            guardianships__guardian__in=student.guardianships.values("guardian_id"),
        )
        .exclude(pk=student.pk)
        .select_related("school_class__school")
        .distinct()
        .order_by("school_class__grade", "name")
    )


def visits_in_scope(user, *, semester=None, school=None) -> QuerySet:
    visits = access.visible(user, HomeVisit)
    if semester is not None:
        visits = visits.filter(semester=semester)
    if school is not None:
        visits = visits.filter(school=school)
    return visits.select_related("author", "school", "semester").prefetch_related(
        "teachers", "visited__student__school_class"
    )


def my_visits(user, *, semester=None) -> QuerySet:
    return (
        visits_in_scope(user, semester=semester)
        .filter(Q(author=user) | Q(teachers=user))
        .distinct()
    )


def visit_for(user, pk: int) -> HomeVisit:
    """One visit the person may see, with who and whom; 404 otherwise."""
    return access.get_visible_or_404(
        user,
        HomeVisit.objects.select_related(
            "author", "school", "district", "semester"
        ).prefetch_related("teachers", "visited__student__school_class__school"),
        pk=pk,
    )
