import datetime

import factory

from schools.models import (
    ActivityKind,
    CommitteeLevel,
    District,
    Gender,
    Guardian,
    Guardianship,
    GuidanceActivity,
    LawAppointment,
    LawVicePrincipal,
    LegalOrganisation,
    ParentCommittee,
    Relation,
    School,
    SchoolArea,
    SchoolClass,
    SchoolStage,
    Semester,
    Student,
    Town,
    Village,
)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"第{n}区")
    code = factory.Sequence(lambda n: f"4501{n:02d}")


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}镇")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    town = factory.SubFactory(TownFactory)
    district = factory.SelfAttribute("town.district")
    name = factory.Sequence(lambda n: f"第{n}村")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}小学")
    code = factory.Sequence(lambda n: f"S{n:06d}")
    stage = SchoolStage.PRIMARY
    area = SchoolArea.URBAN


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    grade = 3
    number = factory.Sequence(lambda n: n + 1)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    district = factory.SelfAttribute("school_class.district")
    student_number = factory.Sequence(lambda n: f"2026{n:05d}")
    name = factory.Sequence(lambda n: f"学生{n}")
    gender = Gender.FEMALE
    birth_date = datetime.date(2017, 3, 14)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    name = factory.Sequence(lambda n: f"家长{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory)
    relation = Relation.MOTHER


class SemesterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Semester
        django_get_or_create = ("school_year", "term")

    school_year = 2026
    term = Semester.Term.AUTUMN
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 1, 31)


class GuidanceActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceActivity

    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    semester = factory.SubFactory(SemesterFactory)
    kind = ActivityKind.PARENT_MEETING
    title = factory.Sequence(lambda n: f"家长会{n}")
    held_on = datetime.date(2026, 10, 15)
    audience = "全体家长"
    attendance = 40
    recorded_by = factory.SubFactory("portal.tests.factories.UserFactory")


class ParentCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentCommittee

    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    level = CommitteeLevel.SCHOOL
    established_on = datetime.date(2025, 9, 10)


class LawVicePrincipalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawVicePrincipal

    name = factory.Sequence(lambda n: f"法治副校长{n}")
    organisation_kind = LegalOrganisation.POLICE
    organisation_name = "青秀分局"
    district = factory.SubFactory(DistrictFactory)


class LawAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawAppointment

    vice_principal = factory.SubFactory(LawVicePrincipalFactory)
    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    starts_on = datetime.date(2025, 9, 1)
