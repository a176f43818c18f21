"""Factories for the education map and bookings (partners and alliances
keep theirs in factories_partners.py)."""

import datetime
from decimal import Decimal

import factory
from django.db.models import F
from django.utils import timezone

from community.models import (
    AgeGroup,
    ApprovalStatus,
    Booking,
    BookingSlot,
    EducationResource,
    ResourceCategory,
    ResourceCourse,
    StudyTourProvider,
    Theme,
)
from community.models.bookings import HOLDING_STATUSES
from schools.models import Student
from schools.services.semesters import semester_on
from schools.tests.factories import DistrictFactory, StudentFactory


class EducationResourceFactory(factory.django.DjangoModelFactory):
    """An approved practice base in Nanning, open for school bookings."""

    class Meta:
        model = EducationResource
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"研学实践基地{n}")
    category = ResourceCategory.PRACTICE_BASE
    themes = factory.LazyFunction(lambda: [Theme.SCIENCE, Theme.LABOUR])
    age_groups = factory.LazyFunction(lambda: [AgeGroup.PRIMARY_UPPER, AgeGroup.JUNIOR])
    district = factory.SubFactory(DistrictFactory)
    address = factory.Sequence(lambda n: f"南宁市青秀区民族大道{n}号")
    latitude = factory.Sequence(lambda n: Decimal("22.800000") + Decimal(n % 50) / 1000)
    longitude = factory.Sequence(lambda n: Decimal("108.300000") + Decimal(n % 50) / 1000)
    description = "面向中小学生的综合实践课程。"
    opening_hours = "周二至周日 9:00–17:00"
    capacity_per_visit = 300
    contact_name = "李老师"
    contact_phone = "0771-5550000"
    approval_status = ApprovalStatus.APPROVED
    star_rating = 4
    open_for_bookings = True

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.managers.add(*extracted)


class ResourceCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceCourse

    resource = factory.SubFactory(EducationResourceFactory)
    title = factory.Sequence(lambda n: f"科学探究课{n}")
    description = "动手做实验。"
    duration_minutes = 90


class StudyTourProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyTourProvider

    name = factory.Sequence(lambda n: f"研学旅行服务公司{n}")
    credit_code = factory.Sequence(lambda n: f"91450100MA{n:08d}")
    district = factory.SubFactory(DistrictFactory)
    contact_name = "黄经理"
    contact_phone = "13800000000"


def next_week() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=7)


class BookingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingSlot

    resource = factory.SubFactory(EducationResourceFactory)
    date = factory.LazyFunction(next_week)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(11, 30)
    capacity = 100


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written directly; the service's rules are tested through
    `book_slot`."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    slot = factory.SubFactory(BookingSlotFactory)
    school_class = factory.SubFactory("schools.tests.factories.SchoolClassFactory")
    school = factory.SelfAttribute("school_class.school")
    district = factory.SelfAttribute("school_class.district")
    semester = factory.LazyAttribute(lambda b: semester_on(b.slot.date))
    students = 30
    teachers = 2
    requested_by = factory.SubFactory("portal.tests.factories.UserFactory")

    @factory.post_generation
    def hold_places(booking, create, extracted, **kwargs):
        """A booking that holds places counts them on its slot, as
        `book_slot` does, so that cancelling it gives back what it took."""
        if create and booking.status in HOLDING_STATUSES:
            BookingSlot.objects.filter(pk=booking.slot_id).update(
                booked_students=F("booked_students") + booking.students
            )
            booking.slot.refresh_from_db(fields=["booked_students"])


def fill_class(school_class, count: int) -> None:
    """Put `count` active students on a class's roster in one query."""
    Student.objects.bulk_create(
        StudentFactory.build(
            school_class=school_class,
            school=school_class.school,
            district=school_class.district,
        )
        for _ in range(count)
    )
