"""Factories for binding and parent schools; other areas keep theirs in
factories_<area>.py."""

import datetime

import factory
from django.utils import timezone

from families.models import BindingCode, FamilyLink, ParentSchool, ParentSchoolLevel
from portal.tests.factories import UserFactory
from schools.tests.factories import GuardianFactory, GuardianshipFactory, SchoolFactory


class ParentSchoolFactory(factory.django.DjangoModelFactory):
    """A school-level parent school serving one school."""

    class Meta:
        model = ParentSchool

    name = factory.Sequence(lambda n: f"第{n}家长学校")
    level = ParentSchoolLevel.SCHOOL
    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    principal_name = "王校长"
    star_rating = 3
    established_on = datetime.date(2020, 9, 1)


class BindingCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BindingCode

    student = None
    code = factory.Sequence(lambda n: f"TESTC{n:03d}"[:8].ljust(8, "A"))
    issued_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class FamilyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyLink

    user = factory.SubFactory(UserFactory)
    student = None
    guardian = factory.SubFactory(GuardianFactory)
    method = FamilyLink.Method.CODE


def guardian_with_phone(student, phone: str, **kwargs):
    """Put a guardian with this mobile number on the student's roster."""
    return GuardianshipFactory(
        student=student, guardian=GuardianFactory(phone=phone), **kwargs
    ).guardian


def give_phone(user, phone: str, *, verified: bool = True):
    user.phone = phone
    user.phone_verified = verified
    user.save(update_fields=["phone", "phone_verified"])
    return user
