"""Factories for attendance, completion and certificate tests. They write
parent schools, lectures and registrations directly (not through the
sign-up service), so attendance tests do not depend on sign-up rules."""

import datetime

import factory
from django.db.models import F
from django.utils import timezone

from families.models import (
    Completion,
    Course,
    Lecture,
    ParentSchool,
    ParentSchoolLevel,
    Registration,
    RegistrationStatus,
)
from portal.tests.factories import UserFactory


class ParentSchoolFactory(factory.django.DjangoModelFactory):
    """An online parent school by default; pass `school=` (and the level)
    for one a school runs."""

    class Meta:
        model = ParentSchool

    name = factory.Sequence(lambda n: f"同心家长学校{n}")
    level = ParentSchoolLevel.ONLINE
    principal_name = "周校长"
    established_on = datetime.date(2020, 9, 1)


class SchoolParentSchoolFactory(ParentSchoolFactory):
    level = ParentSchoolLevel.SCHOOL
    name = factory.LazyAttributeSequence(lambda o, n: f"{o.school.name}家长学校{n}")
    district = factory.SelfAttribute("school.district")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    parent_school = factory.SubFactory(ParentSchoolFactory)
    title = factory.Sequence(lambda n: f"新父母大讲堂第{n}期")
    lectures_to_complete = 1


class LectureFactory(factory.django.DjangoModelFactory):
    """Starts in three days, two hours long, at a venue; `online=True` gives
    an online lecture with a replay instead."""

    class Meta:
        model = Lecture

    class Params:
        online = factory.Trait(
            venue="",
            online_url="https://live.example.cn/room/1",
            replay_url="https://replay.example.cn/v/1",
        )

    parent_school = factory.SubFactory(ParentSchoolFactory)
    course = None
    title = factory.Sequence(lambda n: f"如何陪伴孩子成长（{n}）")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    signup_opens_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=14))
    signup_closes_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(hours=1))
    venue = "学校报告厅"
    online_url = ""
    replay_url = ""
    capacity = 100


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    lecture = factory.SubFactory(LectureFactory)
    user = factory.SubFactory(UserFactory)
    seats = 1
    status = RegistrationStatus.CONFIRMED
    check_in_code = factory.Sequence(lambda n: f"TXC{n:06d}")

    @factory.post_generation
    def take_seats(registration, create, extracted, **kwargs):
        """A confirmed seat is counted on its lecture, as `register` does,
        so that cancelling it gives back what it took."""
        if create and registration.status == RegistrationStatus.CONFIRMED:
            Lecture.objects.filter(pk=registration.lecture_id).update(
                seats_taken=F("seats_taken") + registration.seats
            )
            registration.lecture.refresh_from_db(fields=["seats_taken"])


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    certificate_number = factory.Sequence(lambda n: f"TX2026-{n + 1:06d}")
