"""Reads for attendance and completion: tickets, roll calls, a guardian's
completions and the public certificate check."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from families.models import Completion, Lecture, Registration, RegistrationStatus
from portal import access
from portal.models import User


def lecture_to_run(user: User, pk: int) -> Lecture:
    """A lecture the person may check families in at: its parent school's
    principal, the school's leaders and the officers above them (the
    lecture's CHANGE rule). Anyone else gets a 404."""
    return access.get_visible_or_404(
        user,
        Lecture.objects.select_related("parent_school", "course").annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            checked_in_count=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
        ),
        access.CHANGE,
        pk=pk,
    )


def lectures_to_run(user: User) -> QuerySet[Lecture]:
    """Lectures from a week ago onwards that the person may take attendance at."""
    since = timezone.now() - timedelta(days=7)
    return (
        access.visible(user, Lecture, access.CHANGE)
        .filter(ends_at__gte=since)
        .select_related("parent_school")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            checked_in_count=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
        )
        .order_by("starts_at", "pk")
    )


def roll_call(lecture: Lecture) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(lecture=lecture, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "checked_in_by")
        .order_by("user__name", "pk")
    )


def ticket_for(user: User, pk: int) -> Registration:
    """The person's own registration only; anyone else's is a 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Registration.objects.select_related(
            "lecture__parent_school", "lecture__course", "lecture__speaker"
        ).get(pk=pk, user=user)
    except Registration.DoesNotExist as error:
        raise Http404 from error


def my_completions(user: User) -> QuerySet[Completion]:
    return Completion.objects.filter(user=user).select_related("course__parent_school")


def completion_for_owner(user: User, pk: int) -> Completion:
    try:
        return my_completions(user).select_related("user").get(pk=pk)
    except Completion.DoesNotExist as error:
        raise Http404 from error


def certificate_by_number(number: str) -> Completion | None:
    """Public: anyone may check a certificate number (an employer, a school)."""
    number = (number or "").strip().upper()
    if not number:
        return None
    return (
        Completion.objects.select_related("course__parent_school", "user")
        .filter(certificate_number=number)
        .first()
    )


def mask_name(name: str) -> str:
    """王小华 → 王*华, 王华 → 王*, so a public check confirms without exposing."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"


def public_name(user: User) -> str:
    """A certificate holder's name as anyone may see it."""
    return mask_name(user.name) if user.name else user.masked_phone
