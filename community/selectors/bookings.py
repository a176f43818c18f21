"""Reads for study-trip bookings: which classes a person books for, which
slots they can book, whose bookings they see, and participation ("双馆双进":
student-visits per semester) per school and district."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.indicators import STUDY_VISITS
from community.models import (
    Booking,
    BookingSlot,
    BookingStatus,
    EducationResource,
)
from portal import access, targets
from portal.models import Role, ScopeLevel, User
from schools.models import District, School, SchoolClass, Semester, Student


def slot_start(slot: BookingSlot) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(slot.date, slot.starts_at))


def bookable_classes(user: User) -> QuerySet[SchoolClass]:
    """Classes a person books trips for: a school leader any class of the
    school, a head teacher or teacher their own classes. Bookings are the
    school's to make, so the levels come from the booking rule's school and
    class roles; the bureau curates but does not book."""
    classes = access.visible(user, SchoolClass).filter(is_active=True)
    return (
        access.places_to_create(
            user,
            Booking,
            classes,
            paths={ScopeLevel.SCHOOL: "school_id", ScopeLevel.CLASS: "pk"},
            levels=(ScopeLevel.SCHOOL, ScopeLevel.CLASS),
        )
        .select_related("school")
        .order_by("school__code", "grade", "number")
    )


def may_book(user: User) -> bool:
    scope = access.scope_for(user)
    return bool(scope.roles & {Role.SCHOOL_LEADER, Role.HEAD_TEACHER, Role.TEACHER})


def is_manager(user: User, resource: EducationResource) -> bool:
    if not user.is_authenticated:
        return False
    return resource.managers.filter(pk=user.pk).exists()


def may_manage_base(user: User, resource: EducationResource) -> bool:
    """The base's own managers answer its bookings; the bureau may too."""
    if not user.is_authenticated:
        return False
    return is_manager(user, resource) or access.can_change(user, resource)


def managed_bases(user: User) -> QuerySet[EducationResource]:
    if not user.is_authenticated:
        return EducationResource.objects.none()
    return access.visible(user, EducationResource).filter(managers=user).order_by("name")


def upcoming_slots(user: User, resource: EducationResource) -> QuerySet[BookingSlot]:
    """Slots of an open base from today on, full or not (a form posted
    after the last places went is answered by the service's message)."""
    return (
        access.visible(user, BookingSlot)
        .filter(resource=resource, resource__open_for_bookings=True, date__gte=timezone.localdate())
        .order_by("date", "starts_at")
    )


def free_slots(user: User, resource: EducationResource) -> QuerySet[BookingSlot]:
    """Future slots of an open base that still have places."""
    return upcoming_slots(user, resource).exclude(booked_students__gte=F("capacity"))


def slots_of_base(user: User, resource: EducationResource) -> QuerySet[BookingSlot]:
    """Every upcoming slot of a base, for its managers."""
    return (
        access.visible(user, BookingSlot)
        .filter(resource=resource, date__gte=timezone.localdate() - datetime.timedelta(days=30))
        .annotate(
            live_bookings=Count(
                "bookings",
                filter=Q(bookings__status__in=[BookingStatus.REQUESTED, BookingStatus.CONFIRMED]),
            )
        )
        .order_by("date", "starts_at")
    )


def bookings_for(user: User) -> QuerySet[Booking]:
    """The bookings a person sees: their school's or class's, their base's,
    or their district's."""
    return (
        access.visible(user, Booking)
        .select_related(
            "slot__resource",
            "school",
            "school_class__school",
            "course",
            "requested_by",
        )
        .order_by("-slot__date", "-slot__starts_at", "-pk")
    )


def get_booking_for(user: User, pk: int, action: str = access.VIEW) -> Booking:
    return access.get_visible_or_404(
        user,
        Booking.objects.select_related(
            "slot__resource", "school", "school_class__school", "course", "requested_by"
        ),
        action,
        pk=pk,
    )


@dataclass
class Participation:
    pk: int
    name: str
    visits: int
    students: int
    target: Decimal

    @property
    def per_student(self) -> Decimal:
        if not self.students:
            return Decimal(0)
        return (Decimal(self.visits) / Decimal(self.students)).quantize(Decimal("0.01"))

    @property
    def met(self) -> bool:
        return self.students > 0 and self.per_student >= self.target


def _visits_by(group: str, semester: Semester, outer: str = "pk"):
    return Coalesce(
        Subquery(
            Booking.objects.filter(
                **{group: OuterRef(outer)},
                semester=semester,
                status=BookingStatus.CONFIRMED,
            )
            .order_by()
            .values(group)
            .annotate(total=Sum("students"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _students_by(group: str):
    return Coalesce(
        Subquery(
            Student.objects.filter(**{group: OuterRef("pk")}, is_active=True)
            .order_by()
            .values(group)
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def school_participation(
    user: User, semester: Semester, district: District | None = None
) -> list[Participation]:
    """Confirmed student-visits of each school the person sees, against the
    target per student; three queries for any number of schools."""
    schools = access.visible(user, School)
    if district is not None:
        schools = schools.filter(district=district)
    rows = list(
        schools.annotate(
            n_visits=_visits_by("school", semester), n_students=_students_by("school")
        ).values("pk", "name", "district_id", "n_visits", "n_students")
    )
    goal = targets.targets_for(
        STUDY_VISITS.key, [(r["district_id"], r["pk"]) for r in rows], period=semester.period
    )
    return [
        Participation(
            pk=r["pk"],
            name=r["name"],
            visits=r["n_visits"],
            students=r["n_students"],
            target=goal[(r["district_id"], r["pk"])],
        )
        for r in rows
    ]


def district_participation(user: User, semester: Semester) -> list[Participation]:
    """The same per district, for the people who see whole districts."""
    scope = access.scope_for(user)
    wide = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER}
    if not (scope.superuser or scope.roles & wide):
        return []
    districts = access.visible(user, District)
    if not scope.superuser and Role.CITY_OFFICER not in scope.roles:
        districts = districts.filter(
            pk__in=sorted(scope.ids(Role.DISTRICT_OFFICER, ScopeLevel.DISTRICT))
        )
    rows = list(
        districts.annotate(
            n_visits=_visits_by("district", semester), n_students=_students_by("district")
        ).values("pk", "name", "n_visits", "n_students")
    )
    goal = targets.targets_for(
        STUDY_VISITS.key, [(r["pk"], None) for r in rows], period=semester.period
    )
    return [
        Participation(
            pk=r["pk"],
            name=r["name"],
            visits=r["n_visits"],
            students=r["n_students"],
            target=goal[(r["pk"], None)],
        )
        for r in rows
    ]
