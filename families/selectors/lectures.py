"""Reads for lectures and registrations, each starting from the access layer."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from families.models import (
    ACTIVE_STATUSES,
    Lecture,
    ParentSchool,
    ParentSchoolLevel,
    Registration,
    RegistrationStatus,
)
from portal import access


def lectures_for(
    user,
    *,
    parent_school_id: int | None = None,
    level: str = "",
    online: bool | None = None,
    past: bool = False,
) -> QuerySet[Lecture]:
    """Upcoming lectures soonest first, or past ones latest first."""
    now = timezone.now()
    lectures = access.visible(user, Lecture).select_related("parent_school", "speaker", "course")
    if past:
        lectures = lectures.filter(ends_at__lt=now).order_by("-starts_at", "pk")
    else:
        lectures = lectures.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if parent_school_id:
        lectures = lectures.filter(parent_school_id=parent_school_id)
    if level in ParentSchoolLevel.values:
        lectures = lectures.filter(parent_school__level=level)
    if online is True:
        lectures = lectures.exclude(online_url="")
    elif online is False:
        lectures = lectures.exclude(venue="")
    return lectures


def with_my_status(lectures: QuerySet[Lecture], user) -> QuerySet[Lecture]:
    """Annotate each lecture with the family's active status ('' if none)."""
    if not user.is_authenticated:
        return lectures.annotate(my_status=Value(""))
    mine = Registration.objects.filter(
        lecture=OuterRef("pk"), user=user, status__in=ACTIVE_STATUSES
    ).values("status")[:1]
    return lectures.annotate(my_status=Coalesce(Subquery(mine), Value("")))


def get_lecture_for(user, pk: int) -> Lecture:
    return access.get_visible_or_404(
        user, Lecture.objects.select_related("parent_school", "speaker__group", "course"), pk=pk
    )


def parent_schools_with_lectures(user) -> QuerySet[ParentSchool]:
    return (
        access.visible(user, ParentSchool)
        .filter(is_active=True)
        .annotate(upcoming=Count("lectures", filter=Q(lectures__ends_at__gte=timezone.now())))
        .filter(upcoming__gt=0)
        .order_by("name")
    )


def _position_subquery():
    ahead = (
        Registration.objects.filter(
            lecture=OuterRef("lecture"),
            status=RegistrationStatus.WAITING,
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("lecture")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1


def registrations_of(user) -> QuerySet[Registration]:
    """The family's own registrations, newest lecture first, each with its
    place on the waiting list (meaningful only while waiting)."""
    return (
        access.visible(user, Registration)
        .filter(user=user)
        .select_related("lecture__parent_school")
        .annotate(waiting_position=_position_subquery())
        .order_by("-lecture__starts_at", "-pk")
    )


def active_registration(user, lecture: Lecture) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(lecture=lecture, user=user, status__in=ACTIVE_STATUSES)
        .annotate(waiting_position=_position_subquery())
        .first()
    )


def get_registration_for(user, pk: int) -> Registration:
    """One of the family's own registrations; anyone else's is a 404."""
    return access.get_visible_or_404(
        user,
        registrations_of(user) if user.is_authenticated else Registration.objects.none(),
        pk=pk,
    )


def waiting_count(lecture: Lecture) -> int:
    return Registration.objects.filter(lecture=lecture, status=RegistrationStatus.WAITING).count()


def may_manage_lecture(user, lecture: Lecture) -> bool:
    return access.can_change(user, lecture)
