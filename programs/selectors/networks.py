"""Reads of the "1+1+N" care networks: the networks a person works in or
keeps, a network's students with who is overdue for a contact, and the
district's networks and children covered per town.

Every read starts from the access layer: the network's head and cadre see
their own networks, school leaders their school's, district officers their
district's; nobody else, not the city bureau (which sees counts only)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from portal import access
from portal.models import Role, RoleAssignment, ScopeLevel, User
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from schools.models import District, School, SchoolClass, Student, Town

# Who may head a network: a teacher, head teacher or leader of its school.
HEAD_ROLES = (Role.SCHOOL_LEADER, Role.HEAD_TEACHER, Role.TEACHER)

# How a school reaches each level of the tree, for access.places_to_create.
SCHOOL_PATHS = {ScopeLevel.DISTRICT: "district_id", ScopeLevel.SCHOOL: "pk"}


# --- Who may do what --------------------------------------------------------


def schools_for_setting_up(user) -> QuerySet[School]:
    """The schools for which `user` may set up a network."""
    return access.places_to_create(
        user,
        CareNetwork,
        access.visible(user, School).select_related("district", "town"),
        paths=SCHOOL_PATHS,
    ).order_by("district__code", "code")


def may_set_up(user, school: School) -> bool:
    return access.may_create(user, CareNetwork, district_id=school.district_id, school_id=school.pk)


def may_keep(user, network: CareNetwork) -> bool:
    """Whether `user` keeps the network itself (renames it, changes its
    head or cadre, closes it): those who may set one up at its school."""
    return access.may_create(
        user, CareNetwork, district_id=network.district_id, school_id=network.school_id
    )


def may_keep_members(user, network: CareNetwork) -> bool:
    """The head chooses the students too; the cadre, from outside the
    school, does not see its roster."""
    return user.pk == network.head_id or may_keep(user, network)


def may_log_contacts(user, network: CareNetwork) -> bool:
    return access.can_change(user, network)


def head_candidates(school_id: int) -> QuerySet[User]:
    """The school's teachers, head teachers and leaders."""
    user_ids = RoleAssignment.objects.filter(role__in=HEAD_ROLES, school_id=school_id).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("name", "username")


def cadre_candidates(district_id: int) -> QuerySet[User]:
    """Village and community cadres (community-partner accounts) of the district."""
    user_ids = RoleAssignment.objects.filter(
        Q(district_id=district_id) | Q(village__district_id=district_id),
        role=Role.COMMUNITY_PARTNER,
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("name", "username")


def cadre_places(district_id: int) -> dict[int, str]:
    """Each cadre's village or community, to tell two cadres apart in a list."""
    rows = (
        RoleAssignment.objects.filter(
            Q(district_id=district_id) | Q(village__district_id=district_id),
            role=Role.COMMUNITY_PARTNER,
            village__isnull=False,
        )
        .select_related("village__town")
        .order_by("user_id", "pk")
    )
    places: dict[int, str] = {}
    for row in rows:
        places.setdefault(row.user_id, str(row.village))
    return places


def towns_of(district_id: int) -> QuerySet[Town]:
    """The towns of a district, read beside a school or district the person
    already keeps: the Town rule lets only district staff list them, and a
    school leader too chooses the town a network serves."""
    return Town.objects.filter(district_id=district_id).select_related("district").order_by("name")


# --- Networks ---------------------------------------------------------------


def networks_for(user, *, active: bool | None = True, town: int | None = None) -> QuerySet:
    """The networks `user` works in or keeps, with how many students each has."""
    networks = (
        access.visible(user, CareNetwork)
        .select_related("school", "town__district", "head", "cadre")
        .annotate(children=Count("members"))
        .order_by("district_id", "school__code", "name", "pk")
    )
    if active is not None:
        networks = networks.filter(is_active=active)
    if town is not None:
        networks = networks.filter(town_id=town)
    return networks


def network_for(user, pk: int) -> CareNetwork:
    return access.get_visible_or_404(
        user,
        CareNetwork.objects.select_related("school", "district", "town__district", "head", "cadre"),
        pk=pk,
    )


def _last_contact(field_name: str) -> Subquery:
    return Subquery(
        NetworkContact.objects.filter(
            network_id=OuterRef("network_id"), student_id=OuterRef("student_id")
        )
        .order_by("-contacted_on", "-pk")
        .values(field_name)[:1]
    )


def is_overdue(last_contacted_on, every_days: int, today: datetime.date) -> bool:
    """Never contacted counts as overdue; contacted exactly `every_days` ago is
    due today, not yet overdue."""
    return last_contacted_on is None or (today - last_contacted_on).days > every_days


def with_overdue_counts(
    user, networks: Iterable[CareNetwork], today: datetime.date | None = None
) -> list[CareNetwork]:
    """Set `overdue` on each network: its students not contacted within its
    period. One query for all the networks, whatever their number."""
    networks = list(networks)
    today = today or timezone.localdate()
    rows = (
        access.visible(user, NetworkMember)
        .filter(network_id__in=[network.pk for network in networks])
        .annotate(last_contacted_on=_last_contact("contacted_on"))
        .values_list("network_id", "last_contacted_on")
    )
    last_by_network = defaultdict(list)
    for network_id, last_contacted_on in rows:
        last_by_network[network_id].append(last_contacted_on)
    for network in networks:
        network.overdue = sum(
            is_overdue(last, network.contact_every_days, today)
            for last in last_by_network[network.pk]
        )
    return networks


@dataclass
class MemberRow:
    """One student of a network, with their last contact and when the next is due."""

    member: NetworkMember
    last_contacted_on: datetime.date | None
    last_kind: str | None
    overdue: bool
    due_on: datetime.date | None

    @property
    def student(self) -> Student:
        return self.member.student

    @property
    def joined_on(self) -> datetime.date:
        return self.member.joined_on

    @property
    def last_contact(self) -> MemberRow | None:
        return self if self.last_contacted_on is not None else None

    @property
    def last_kind_label(self) -> str:
        return ContactKind(self.last_kind).label if self.last_kind in ContactKind.values else ""


def members_of(user, network: CareNetwork, today: datetime.date | None = None) -> list[MemberRow]:
    """The network's students, overdue first (never contacted, then longest
    ago), then by name; one query."""
    today = today or timezone.localdate()
    period = datetime.timedelta(days=network.contact_every_days)
    cutoff = today - period
    members = (
        access.visible(user, NetworkMember)
        .filter(network=network)
        .select_related("student__school_class")
        .annotate(
            last_contacted_on=_last_contact("contacted_on"),
            last_kind=_last_contact("kind"),
        )
        .annotate(
            overdue=Case(
                When(
                    Q(last_contacted_on__isnull=True) | Q(last_contacted_on__lt=cutoff),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(
            "-overdue",
            F("last_contacted_on").asc(nulls_first=True),
            "student__name",
            "pk",
        )
    )
    return [
        MemberRow(
            member=member,
            last_contacted_on=member.last_contacted_on,
            last_kind=member.last_kind,
            overdue=member.overdue,
            due_on=member.last_contacted_on + period if member.last_contacted_on else None,
        )
        for member in members
    ]


def contacts_of(user, network: CareNetwork) -> QuerySet[NetworkContact]:
    return (
        access.visible(user, NetworkContact)
        .filter(network=network)
        .select_related("student", "by")
        .order_by("-contacted_on", "-pk")
    )


def student_candidates(
    user, network: CareNetwork, *, school_class: int | None = None, name: str = ""
) -> QuerySet[Student]:
    """Students of the network's school, on the roster, that `user` sees and
    that are not in the network yet."""
    students = (
        access.visible(user, Student)
        .filter(school_id=network.school_id, is_active=True)
        .exclude(pk__in=NetworkMember.objects.filter(network=network).values("student_id"))
        .select_related("school_class")
        .order_by("school_class__grade", "school_class__number", "student_number")
    )
    if school_class is not None:
        students = students.filter(school_class_id=school_class)
    if name:
        students = students.filter(name__contains=name)
    return students


def classes_for_candidates(user, network: CareNetwork) -> QuerySet[SchoolClass]:
    return (
        access.visible(user, SchoolClass)
        .filter(school_id=network.school_id, is_active=True)
        .order_by("grade", "number")
    )


# --- The district's view per town --------------------------------------------


def summary_districts(user) -> QuerySet[District]:
    """The districts whose every network `user` sees: the roles the network
    rule grants at district level."""
    scope = access.scope_for(user)
    if scope.superuser:
        return District.objects.order_by("code")
    ids: set[int] = set()
    for role, level in access.rule_for(CareNetwork).roles_for(access.VIEW).items():
        if role in scope.roles and level == ScopeLevel.DISTRICT:
            ids |= scope.ids(role, level)
    return District.objects.filter(pk__in=sorted(ids)).order_by("code")


def summary_district_or_404(user, pk: int) -> District:
    district = summary_districts(user).filter(pk=pk).first()
    if district is None:
        raise Http404
    return district


@dataclass
class TownRow:
    town: Town | None
    networks: int = 0
    children: int = 0
    items: list[CareNetwork] = field(default_factory=list)


@dataclass
class DistrictSummary:
    district: District
    rows: list[TownRow]
    networks: int
    children: int


def district_summary(user, district: District, *, with_networks: bool = True) -> DistrictSummary:
    """Per town of the district: active networks and children covered
    (distinct students on the roster in active networks). A fixed handful of
    queries: the towns, one grouped count, one total, and the networks."""
    active = access.visible(user, CareNetwork).filter(district=district, is_active=True)
    on_roster = Q(members__student__is_active=True)
    counts = {
        row["town_id"]: row
        for row in active.order_by()
        .values("town_id")
        .annotate(
            networks=Count("pk", distinct=True),
            children=Count("members__student_id", filter=on_roster, distinct=True),
        )
    }
    totals = active.aggregate(
        networks=Count("pk", distinct=True),
        children=Count("members__student_id", filter=on_roster, distinct=True),
    )
    rows = [TownRow(town=town) for town in towns_of(district.pk)]
    by_town = {row.town.pk: row for row in rows}

    def row_for(town_id: int | None) -> TownRow:
        # Networks without a town (or, against the rules, with another
        # district's) are gathered in one row at the end.
        if town_id not in by_town:
            if None not in by_town:
                by_town[None] = TownRow(town=None)
                rows.append(by_town[None])
            return by_town[None]
        return by_town[town_id]

    for town_id, row in counts.items():
        target = row_for(town_id)
        target.networks += row["networks"]
        target.children += row["children"]
    if with_networks:
        networks = networks_for(user).filter(district=district).order_by("school__code", "name")
        for network in with_overdue_counts(user, networks):
            row_for(network.town_id).items.append(network)
    return DistrictSummary(
        district=district,
        rows=rows,
        networks=totals["networks"] or 0,
        children=totals["children"] or 0,
    )
