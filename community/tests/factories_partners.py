"""Factories for partners (organisations, volunteers, hours, lecturers) and
for departments, alliances, meetings and tasks."""

import datetime

import factory

from community.models import (
    Alliance,
    Department,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    LecturerGroup,
    MeetingAttendee,
    Organisation,
    Volunteer,
    VolunteerHours,
)
from portal.tests.factories import UserFactory
from schools.tests.factories import DistrictFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"同心社工服务中心{n}")
    kind = Organisation.Kind.SOCIAL_ORGANISATION
    district = factory.SubFactory(DistrictFactory)
    services = "家庭教育指导、亲子活动"
    contact_name = "覃主任"
    contact_phone = factory.Sequence(lambda n: f"1390000{n:04d}")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"志愿者{n}")
    phone = factory.Sequence(lambda n: f"1370000{n:04d}")
    organisation = None
    skills = factory.LazyFunction(lambda: ["心理辅导", "课业辅导"])
    joined_on = datetime.date(2020, 1, 1)

    @factory.post_generation
    def districts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.districts.set(extracted)


class VolunteerHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerHours

    volunteer = factory.SubFactory(VolunteerFactory)
    served_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    hours = 2
    activity = "周末课业辅导"
    district = factory.SubFactory(DistrictFactory)
    recorded_by = factory.SubFactory(UserFactory)


class LecturerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LecturerGroup

    name = factory.Sequence(lambda n: f"家庭教育讲师团{n}")
    district = None


class LecturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecturer

    group = factory.SubFactory(LecturerGroupFactory)
    name = factory.Sequence(lambda n: f"讲师{n}")
    title = "副教授"
    expertise = "亲子沟通"
    phone = factory.Sequence(lambda n: f"1360000{n:04d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"公安分局{n}")
    kind = Department.Kind.PUBLIC_SECURITY
    district = None
    contact_phone = factory.Sequence(lambda n: f"1350000{n:04d}")

    @factory.post_generation
    def liaisons(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.liaisons.set(extracted)


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"警教协同联盟{n}")
    kind = Alliance.Kind.POLICE_EDUCATION
    purpose = "校园安全与法治教育"
    district = factory.SubFactory(DistrictFactory)
    established_on = datetime.date(2023, 9, 1)

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departments.set(extracted)

    @factory.post_generation
    def schools(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.schools.set(extracted)


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    alliance = factory.SubFactory(AllianceFactory)
    district = factory.SelfAttribute("alliance.district")
    held_on = datetime.date(2024, 3, 1)
    location = "区教育局三楼会议室"
    minutes = "通报本学期校园安全情况。"
    recorded_by = factory.SubFactory(UserFactory)


class MeetingAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendee

    meeting = factory.SubFactory(JointMeetingFactory)
    name = factory.Sequence(lambda n: f"参会人{n}")
    department = factory.SubFactory(DepartmentFactory)


class FollowUpTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpTask

    meeting = factory.SubFactory(JointMeetingFactory)
    title = factory.Sequence(lambda n: f"跟进事项{n}")
    owner = factory.SubFactory(UserFactory)
    due_on = datetime.date(2024, 4, 1)
