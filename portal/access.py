"""The one access layer: who may see and act on which rows.

Each app registers, once, how its models reach the organisation tree (an
`AccessRule`); every view, admin page, API view, export and report then asks
`visible(user, Model)` for its starting queryset and `get_visible_or_404` for
one row. A row out of scope is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.models import Role, RoleAssignment, ScopeLevel

VIEW = "view"
CHANGE = "change"

# Which path of a rule each scope level filters on.
_LEVEL_PATH = {
    ScopeLevel.DISTRICT: "district",
    ScopeLevel.SCHOOL: "school",
    ScopeLevel.CLASS: "school_class",
    ScopeLevel.VILLAGE: "village",
}


@dataclass(frozen=True)
class AccessRule:
    """How rows of one model are reached from the organisation tree.

    The paths are ORM lookups from the model to a District, School,
    SchoolClass or Village (`None` where the model has no such link).
    `view_roles` and `change_roles` map a role to the level at which it
    applies; a role listed in a set applies at its own level (a head teacher
    at class level). `own` lists paths to a user who sees the row whatever
    their role (a mentor their mentees, a guardian their child).
    """

    district: str | None = None
    school: str | None = None
    school_class: str | None = None
    village: str | None = None
    own: tuple[str, ...] = ()
    view_roles: Mapping[Role, ScopeLevel] | Iterable[Role] = field(default_factory=dict)
    change_roles: Mapping[Role, ScopeLevel] | Iterable[Role] | None = None
    own_can_change: bool = False
    # Rows everyone may read, logged in or not (an approved place on the
    # education map); never a way to change them. `Q(pk__isnull=False)` for
    # all rows: an empty Q() would vanish when combined with others.
    public: Q | None = None

    def roles_for(self, action: str) -> dict[Role, ScopeLevel]:
        roles = self.view_roles if action == VIEW else self.change_roles
        if roles is None:
            roles = self.view_roles
        if isinstance(roles, Mapping):
            return {Role(r): ScopeLevel(level) for r, level in roles.items()}
        return {Role(r): Role(r).level for r in roles}


_rules: dict[type[models.Model], AccessRule] = {}


def register(model: type[models.Model], rule: AccessRule) -> None:
    _rules[model] = rule


def add_own_paths(model: type[models.Model], *paths: str) -> None:
    """A later app adds its way for a person to own rows of an earlier app's
    model (a bound parent their child), without the earlier app knowing it."""
    rule = _rules[model]
    _rules[model] = dataclasses.replace(rule, own=(*rule.own, *paths))


def rule_for(model: type[models.Model]) -> AccessRule | None:
    return _rules.get(model._meta.concrete_model)


def registered_models() -> list[type[models.Model]]:
    return list(_rules)


@dataclass
class Scope:
    """What a person's role assignments reach, computed once per request."""

    user_id: int | None
    superuser: bool = False
    roles: set[Role] = field(default_factory=set)
    # (role, level) -> ids of the districts, schools, classes or villages
    reach: dict[tuple[Role, ScopeLevel], set[int]] = field(default_factory=dict)

    def ids(self, role: Role, level: ScopeLevel) -> set[int]:
        return self.reach.get((role, level), set())

    def has_any(self, roles: Iterable[Role]) -> bool:
        return self.superuser or bool(self.roles.intersection(roles))


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(user_id=None)
    cached = getattr(user, "_tongxin_scope", None)
    if cached is not None:
        return cached
    scope = Scope(user_id=user.pk, superuser=user.is_superuser)
    rows = RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "role", "district_id", "school_id", "school_class_id", "village_id"
    )
    for role_value, district_id, school_id, class_id, village_id in rows:
        role = Role(role_value)
        scope.roles.add(role)
        for level, target in (
            (ScopeLevel.DISTRICT, district_id),
            (ScopeLevel.SCHOOL, school_id),
            (ScopeLevel.CLASS, class_id),
            (ScopeLevel.VILLAGE, village_id),
        ):
            if target is not None:
                scope.reach.setdefault((role, level), set()).add(target)
        if role.level == ScopeLevel.CITY:
            scope.reach.setdefault((role, ScopeLevel.CITY), set()).add(0)
    user._tongxin_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles change."""
    if hasattr(user, "_tongxin_scope"):
        del user._tongxin_scope


@functools.cache
def _crosses_many(model: type[models.Model], path: str) -> bool:
    current = model
    for part in path.split("__"):
        if part == "pk":
            return False
        field = current._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        current = field.related_model
    return False


def _match(model: type[models.Model], path: str, value) -> Q:
    """A path that crosses a to-many relation becomes a `pk IN (subquery)`:
    a join would repeat rows and need DISTINCT over the whole list, which
    costs far more at city scale than the semi-join."""
    condition = Q(**{path: value})
    if _crosses_many(model, path.removesuffix("__in")):
        return Q(pk__in=model._default_manager.filter(condition).values("pk"))
    return condition


def _condition(model, scope: Scope, rule: AccessRule, action: str) -> Q | None:
    """The filter for rows this scope reaches; `None` means every row."""
    condition = Q(pk__in=[])
    for role, level in rule.roles_for(action).items():
        if role not in scope.roles:
            continue
        if level == ScopeLevel.CITY:
            return None
        path = getattr(rule, _LEVEL_PATH.get(level, ""), None) if level in _LEVEL_PATH else None
        ids = scope.ids(role, level)
        if path and ids:
            condition |= _match(model, f"{path}__in", sorted(ids))
    if scope.user_id is not None and (action == VIEW or rule.own_can_change):
        for path in rule.own:
            condition |= _match(model, path, scope.user_id)
    return condition


def visible(user, model_or_queryset, action: str = VIEW) -> QuerySet:
    """The rows of a model that `user` may see (or change, with CHANGE)."""
    queryset = _as_queryset(model_or_queryset)
    rule = rule_for(queryset.model)
    if rule is None:
        raise LookupError(f"{queryset.model.__name__} has no access rule registered")
    scope = scope_for(user)
    public = rule.public if action == VIEW else None
    if scope.user_id is None:
        return queryset.filter(public) if public is not None else queryset.none()
    if scope.superuser:
        return queryset
    condition = _condition(queryset.model, scope, rule, action)
    if condition is None:
        return queryset
    if public is not None:
        condition |= public
    return queryset.filter(condition)


def get_visible_or_404(user, model_or_queryset, action: str = VIEW, **lookup):
    try:
        return visible(user, model_or_queryset, action).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can_access_model(
    user, model: type[models.Model], action: str = VIEW, include_own: bool = True
) -> bool:
    """Whether the person has any way in to this model at all (for menus and
    the admin index); row-level checks still go through `visible`. The back
    office passes `include_own=False`: rows reached only as one's own (one's
    notifications, one's mentees) are shown on the portal's pages instead."""
    rule = rule_for(model)
    scope = scope_for(user)
    if rule is None:
        return False
    if scope.user_id is None:
        return action == VIEW and include_own and rule.public is not None
    if scope.superuser:
        return True
    return scope.has_any(rule.roles_for(action)) or (
        include_own and bool(rule.own) and (action == VIEW or rule.own_can_change)
    )


def may_create(
    user,
    model,
    *,
    district_id: int | None,
    school_id: int | None,
    class_id: int | None = None,
    roles: Mapping[Role, ScopeLevel] | None = None,
) -> bool:
    """Whether `model`'s rule lets `user` create a row at this place.

    A new row does not exist yet, so `visible(..., CHANGE)` cannot be asked
    about it; this reads the same rule's CHANGE roles instead of a second
    list of who may write. `roles` names other roles for a step that is not
    a change of the row (who may open a care case, approve a plan), read
    against the same rule's paths.
    """
    scope = scope_for(user)
    if scope.user_id is None:
        return False
    if scope.superuser:
        return True
    rule = rule_for(model)
    place = {
        ScopeLevel.DISTRICT: (rule.district, district_id),
        ScopeLevel.SCHOOL: (rule.school, school_id),
        ScopeLevel.CLASS: (rule.school_class, class_id),
    }
    grants = rule.roles_for(CHANGE) if roles is None else roles
    for role, level in grants.items():
        if role not in scope.roles:
            continue
        if level == ScopeLevel.CITY:
            return True
        path, target = place.get(level, (None, None))
        if path and target is not None and target in scope.ids(role, level):
            return True
    return False


def places_to_create(
    user,
    model: type[models.Model],
    places: QuerySet,
    *,
    paths: Mapping[ScopeLevel, str],
    levels: Iterable[ScopeLevel] | None = None,
) -> QuerySet:
    """Narrow `places` (schools, classes …) to those where `model`'s rule
    lets `user` create a row: the form's choices beside `may_create`.
    `paths` says how a place reaches each level (for a class: district
    "district_id", school "school_id", class "pk"); `levels`, if given,
    keeps only the rule's roles at those levels."""
    scope = scope_for(user)
    if scope.user_id is None:
        return places.none()
    if scope.superuser:
        return places
    rule = rule_for(model)
    wanted = None if levels is None else set(levels)
    condition = Q(pk__in=[])
    for role, level in rule.roles_for(CHANGE).items():
        if role not in scope.roles or (wanted is not None and level not in wanted):
            continue
        if level == ScopeLevel.CITY:
            return places
        rule_path = (
            getattr(rule, _LEVEL_PATH.get(level, ""), None) if level in _LEVEL_PATH else None
        )
        if rule_path and level in paths:
            ids = sorted(scope.ids(role, level))
            condition |= _match(places.model, f"{paths[level]}__in", ids)
    return places.filter(condition)


def can_change(user, obj: models.Model) -> bool:
    return visible(user, type(obj), CHANGE).filter(pk=obj.pk).exists()


def _as_queryset(model_or_queryset) -> QuerySet:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()
