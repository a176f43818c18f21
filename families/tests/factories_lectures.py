"""Factories for parent schools, courses, lectures and registrations."""

import datetime

import factory
from django.utils import timezone

from families.models import Course, Lecture, ParentSchool, Registration, RegistrationStatus
from families.services.lectures import new_check_in_code
from portal.tests.factories import UserFactory


class LectureParentSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentSchool

    name = factory.Sequence(lambda n: f"家长学校{n}")
    level = "city"
    principal_name = "周校长"
    established_on = datetime.date(2020, 9, 1)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    parent_school = factory.SubFactory(LectureParentSchoolFactory)
    title = factory.Sequence(lambda n: f"新父母大讲堂 第{n}期")
    lectures_to_complete = 2


class LectureFactory(factory.django.DjangoModelFactory):
    """Sign-up open now; the lecture a week ahead."""

    class Meta:
        model = Lecture

    parent_school = factory.SubFactory(LectureParentSchoolFactory)
    title = factory.Sequence(lambda n: f"如何与青春期孩子沟通 {n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "青秀区第一小学报告厅"
    capacity = 30
    signup_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    signup_closes_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(hours=2))


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A row written directly (no seat counting): use the service in tests
    about sign-up; this is for lists and access."""

    class Meta:
        model = Registration

    lecture = factory.SubFactory(LectureFactory)
    user = factory.SubFactory(UserFactory)
    seats = 1
    status = RegistrationStatus.CONFIRMED
    check_in_code = factory.LazyFunction(new_check_in_code)
