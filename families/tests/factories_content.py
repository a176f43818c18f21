"""Factories for reading lists, tips and the counselling station."""

import datetime

import factory
from django.utils import timezone

from families.models import (
    Channel,
    CounsellingRequest,
    CounsellingStation,
    CounsellingTopic,
    FamilyLink,
    ForWhom,
    HotlineCall,
    ReaderAge,
    ReadingItem,
    Tip,
    TipAudience,
)
from portal.tests.factories import UserFactory
from schools.tests.factories import GuardianFactory, StudentFactory


class ParentLinkFactory(factory.django.DjangoModelFactory):
    """A parent's account bound to a child (kept here so this area's tests
    do not depend on the binding area's factories)."""

    class Meta:
        model = FamilyLink

    user = factory.SubFactory(UserFactory)
    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory)
    method = FamilyLink.Method.CODE


class ReadingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingItem

    title = factory.Sequence(lambda n: f"好妈妈胜过好老师{n}")
    author = "尹建莉"
    age_group = ReaderAge.PRIMARY
    why = "讲家庭教育的日常细节。"


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    title = factory.Sequence(lambda n: f"假期安全提示{n}")
    body = "暑假期间请看护好孩子，注意防溺水。"
    audience = TipAudience.ALL_PARENTS
    published_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)


class CounsellingStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellingStation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"润心工作站{n}")
    district = None
    lead = factory.SubFactory(UserFactory)
    hotline = "0771-12355"

    @factory.post_generation
    def counsellors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.counsellors.set(extracted)


class CounsellingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellingRequest

    station = factory.SubFactory(CounsellingStationFactory)
    requester = factory.SubFactory(UserFactory)
    topic = CounsellingTopic.PSYCHOLOGY
    for_whom = ForWhom.CHILD
    preferred_channel = Channel.PHONE
    preferred_time = "工作日晚上"
    description = "孩子最近不愿意上学，晚上睡不好。"


class HotlineCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HotlineCall

    station = factory.SubFactory(CounsellingStationFactory)
    counsellor = factory.SelfAttribute("station.lead")
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    ended_at = factory.LazyAttribute(lambda call: call.started_at + datetime.timedelta(minutes=30))
    topic = CounsellingTopic.FAMILY_GUIDANCE
    caller = ForWhom.MYSELF
    summary = "家长询问亲子沟通方法。"
