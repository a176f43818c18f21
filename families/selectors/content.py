"""Reads for reading lists and tips: what a parent sees, where a person may
publish."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Q, QuerySet

from families.models import FamilyLink, ReaderAge, ReadingItem, Tip, TipAudience
from portal import access
from portal.models import ScopeLevel
from schools.models import School


def reading_list(user) -> list[tuple[str, list[ReadingItem]]]:
    """Published books grouped by age group, in the age groups' order; one query."""
    order = {value: index for index, value in enumerate(ReaderAge.values)}
    items = sorted(
        access.visible(user, ReadingItem).filter(is_published=True),
        key=lambda item: (order[item.age_group], item.position, item.title),
    )
    return [
        (ReaderAge(age).label, list(group))
        for age, group in groupby(items, key=lambda item: item.age_group)
    ]


def tips_for_parent(user) -> QuerySet[Tip]:
    """Tips for every parent, plus those for the schools and grades of the
    person's bound children. Two queries whatever the number of children."""
    places = list(
        FamilyLink.objects.filter(user_id=user.pk, student__is_active=True)
        .values_list("student__school_id", "student__school_class__grade")
        .distinct()
    )
    condition = Q(audience=TipAudience.ALL_PARENTS)
    school_ids = {school_id for school_id, _grade in places}
    if school_ids:
        condition |= Q(audience=TipAudience.SCHOOL, school_id__in=school_ids)
    for school_id, grade in places:
        condition |= Q(audience=TipAudience.GRADE, school_id=school_id, grade=grade)
    return Tip.objects.filter(condition).select_related("school").order_by("-published_at")


def publishable_schools(user) -> QuerySet[School]:
    """Schools whose parents the person may publish tips to, from the tip
    rule's change roles: the city all, a district its schools, a leader theirs."""
    return access.places_to_create(
        user,
        Tip,
        School.objects.all(),
        paths={ScopeLevel.DISTRICT: "district_id", ScopeLevel.SCHOOL: "pk"},
    )


def may_publish_to_all(user) -> bool:
    scope = access.scope_for(user)
    if scope.superuser:
        return True
    return any(
        role in scope.roles and level == ScopeLevel.CITY
        for role, level in access.rule_for(Tip).roles_for(access.CHANGE).items()
    )


def may_publish(user) -> bool:
    return may_publish_to_all(user) or publishable_schools(user).exists()


def published_tips(user) -> QuerySet[Tip]:
    """Tips the person may manage (the back office and the publisher's list)."""
    return (
        access.visible(user, Tip, access.CHANGE)
        .select_related("school", "published_by")
        .order_by("-published_at")
    )
