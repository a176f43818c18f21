"""Factories for the care programs."""

import datetime

import factory
from django.utils import timezone

from portal.models import Role
from portal.tests.factories import UserFactory, assign
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from schools.models import Town
from schools.tests.factories import SchoolFactory, StudentFactory, VillageFactory


def teacher_of(school, **kwargs):
    """A teacher on the school's staff, who may head a network there."""
    user = UserFactory(**kwargs)
    assign(user, Role.TEACHER, school=school)
    return user


def cadre_in(district, **kwargs):
    """A village cadre (community-partner account) in the district, in a new
    village of the district's first town (so that towns stay as a test made them)."""
    town = Town.objects.filter(district=district).order_by("pk").first()
    village = VillageFactory(town=town) if town else VillageFactory(town__district=district)
    user = UserFactory(**kwargs)
    assign(user, Role.COMMUNITY_PARTNER, village=village)
    return user


class CareNetworkFactory(factory.django.DjangoModelFactory):
    """A network written directly, as the seed would; the rules of setting
    one up are tested through `set_up_network`."""

    class Meta:
        model = CareNetwork

    name = factory.Sequence(lambda n: f"第{n}关爱网络")
    school = factory.SubFactory(SchoolFactory)
    district = factory.SelfAttribute("school.district")
    town = factory.SelfAttribute("school.town")
    head = factory.LazyAttribute(lambda network: teacher_of(network.school))
    cadre = factory.LazyAttribute(lambda network: cadre_in(network.district))
    contact_every_days = 30


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    network = factory.SubFactory(CareNetworkFactory)
    student = factory.SubFactory(
        StudentFactory, school_class__school=factory.SelfAttribute("...network.school")
    )
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class NetworkContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkContact

    network = factory.SubFactory(CareNetworkFactory)
    student = factory.LazyAttribute(
        lambda contact: NetworkMemberFactory(network=contact.network).student
    )
    by = factory.SelfAttribute("network.head")
    contacted_on = factory.LazyFunction(timezone.localdate)
    kind = ContactKind.PHONE
    note = ""
