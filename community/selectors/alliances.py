"""Reads of departments, alliances, joint meetings and follow-up tasks."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import Alliance, Department, FollowUpTask, JointMeeting, MeetingAttendee
from portal import access
from portal.models import Role, User

OPEN = FollowUpTask.Status.OPEN
# "open" sorts after "done", so descending puts open tasks first.
OPEN_FIRST = ("-status", "due_on", "pk")


def _count(queryset) -> Coalesce:
    return Coalesce(Subquery(queryset.values("n")[:1]), 0)


def alliances_for(user) -> QuerySet[Alliance]:
    """Alliances in reach with their counts. Counts run as subqueries so the
    access filter's joins (schools, liaisons) cannot multiply them."""
    today = timezone.localdate()
    tasks = (
        FollowUpTask.objects.filter(meeting__alliance=OuterRef("pk"), status=OPEN)
        .order_by()
        .values("meeting__alliance")
    )
    return (
        Alliance.objects.filter(pk__in=access.visible(user, Alliance).values("pk"))
        .select_related("district")
        .annotate(
            meeting_count=_count(
                JointMeeting.objects.filter(alliance=OuterRef("pk"))
                .order_by()
                .values("alliance")
                .annotate(n=Count("pk"))
            ),
            last_meeting_on=Subquery(
                JointMeeting.objects.filter(alliance=OuterRef("pk"))
                .order_by()
                .values("alliance")
                .annotate(last=Max("held_on"))
                .values("last")[:1]
            ),
            open_task_count=_count(tasks.annotate(n=Count("pk"))),
            overdue_task_count=_count(tasks.filter(due_on__lt=today).annotate(n=Count("pk"))),
        )
        .order_by("name")
    )


def alliance_for(user, pk: int, action: str = access.VIEW) -> Alliance:
    """One alliance with its members, meetings, attendees and tasks."""
    meetings = JointMeeting.objects.select_related("recorded_by").prefetch_related(
        Prefetch(
            "attendees",
            queryset=MeetingAttendee.objects.select_related("department", "school").order_by("pk"),
        ),
        Prefetch(
            "tasks",
            queryset=FollowUpTask.objects.select_related("owner", "owner_department").order_by(
                *OPEN_FIRST
            ),
        ),
    )
    return access.get_visible_or_404(
        user,
        Alliance.objects.select_related("district").prefetch_related(
            Prefetch("departments", queryset=Department.objects.order_by("kind", "name")),
            "schools",
            Prefetch("meetings", queryset=meetings.order_by("-held_on", "-pk")),
        ),
        action,
        pk=pk,
    )


def may_record_meeting(user, alliance: Alliance) -> bool:
    return access.can_change(user, alliance)


def may_record_meetings(user) -> bool:
    return access.can_access_model(user, JointMeeting, access.CHANGE, include_own=False)


def task_owner_candidates(alliance: Alliance) -> QuerySet[User]:
    """Who may own a task of this alliance: its departments' liaisons, staff
    of its schools and the education officers over it."""
    officers = Q(role_assignments__role=Role.CITY_OFFICER)
    if alliance.district_id is not None:
        officers |= Q(
            role_assignments__role=Role.DISTRICT_OFFICER,
            role_assignments__district_id=alliance.district_id,
        )
    staff_roles = [role for role in Role if role.is_staff_role]
    school_staff = Q(
        role_assignments__school__in=alliance.schools.values("pk"),
        role_assignments__role__in=staff_roles,
    )
    liaisons = Q(liaison_departments__in=alliance.departments.values("pk"))
    return User.objects.filter(
        pk__in=User.objects.filter(officers | school_staff | liaisons).values("pk"),
        is_active=True,
    ).order_by("name", "username")


def tasks_for(user) -> QuerySet[FollowUpTask]:
    return (
        FollowUpTask.objects.filter(pk__in=access.visible(user, FollowUpTask).values("pk"))
        .select_related("meeting__alliance", "owner", "owner_department")
        .order_by(*OPEN_FIRST)
    )


def overdue_tasks(user) -> QuerySet[FollowUpTask]:
    return tasks_for(user).filter(status=OPEN, due_on__lt=timezone.localdate())


def my_tasks(user) -> QuerySet[FollowUpTask]:
    return tasks_for(user).filter(owner=user)


def departments_for(user) -> QuerySet[Department]:
    return access.visible(user, Department).select_related("district").order_by("kind", "name")
