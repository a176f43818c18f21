"""Accounts and roles. Staff roles are only ever granted by someone whose
own role reaches that scope, never by the person themselves."""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from portal import access, notify
from portal.models import Role, RoleAssignment, ScopeLevel, User

# Who may grant which roles. The grant must also fall inside the granter's scope.
GRANTABLE = {
    Role.CITY_OFFICER: set(Role) - {Role.PARENT},
    Role.DISTRICT_OFFICER: {
        Role.DISTRICT_OFFICER,
        Role.SCHOOL_LEADER,
        Role.HEAD_TEACHER,
        Role.TEACHER,
        Role.COUNSELLOR,
        Role.CASE_WORKER,
        Role.COMMUNITY_PARTNER,
    },
    Role.SCHOOL_LEADER: {Role.HEAD_TEACHER, Role.TEACHER, Role.COUNSELLOR},
}


_LEVEL_KEY = {ScopeLevel.DISTRICT: "district", ScopeLevel.SCHOOL: "school"}


class RoleGrantError(Exception):
    """A role cannot be granted as asked; the message says why."""


def grant_parent_role(*, user: User) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=Role.PARENT)
    access.forget_scope(user)
    return assignment


def _normalised_scope(role: Role, *, district, school, school_class, village) -> dict:
    if school_class is not None:
        school = school_class.school
    if school is not None:
        district = school.district
    if village is not None:
        district = village.district
    level = role.level
    missing = {
        ScopeLevel.DISTRICT: district is None,
        ScopeLevel.SCHOOL: school is None,
        ScopeLevel.CLASS: school is None or (role == Role.HEAD_TEACHER and school_class is None),
        ScopeLevel.VILLAGE: village is None,
    }.get(level, False)
    if missing:
        raise RoleGrantError(
            _("The role %(role)s needs a %(level)s.")
            % {"role": role.label, "level": ScopeLevel(level).label}
        )
    if level in (ScopeLevel.CITY, ScopeLevel.FAMILY):
        return {"district": None, "school": None, "school_class": None, "village": None}
    if level == ScopeLevel.DISTRICT:
        return {"district": district, "school": None, "school_class": None, "village": None}
    if level == ScopeLevel.VILLAGE:
        return {"district": district, "school": None, "school_class": None, "village": village}
    if level == ScopeLevel.SCHOOL:
        school_class = None
    return {"district": district, "school": school, "school_class": school_class, "village": None}


def can_grant(granter: User, role: Role, scope: dict) -> bool:
    if granter.is_superuser:
        return True
    mine = access.scope_for(granter)
    for granter_role in mine.roles:
        if role not in GRANTABLE.get(granter_role, ()):
            continue
        level = granter_role.level
        if level == ScopeLevel.CITY:
            return True
        target = scope.get(_LEVEL_KEY.get(level, ""))
        if target is not None and target.pk in mine.ids(granter_role, level):
            return True
    return False


def check_grant(
    *,
    granted_by: User,
    user: User | None,
    role: Role | str,
    district=None,
    school=None,
    school_class=None,
    village=None,
) -> dict:
    """Raise RoleGrantError unless `granted_by` may give `user` this role
    here; return the scope filled in from its narrowest part."""
    role = Role(role)
    if user is not None and granted_by.pk == user.pk and not granted_by.is_superuser:
        raise RoleGrantError(_("Nobody can grant a role to themselves."))
    if role == Role.PARENT:
        raise RoleGrantError(_("The parent role comes with a parent's own sign-up."))
    scope = _normalised_scope(
        role, district=district, school=school, school_class=school_class, village=village
    )
    if not can_grant(granted_by, role, scope):
        raise RoleGrantError(_("Your own role does not allow you to grant this role here."))
    return scope


@transaction.atomic
def grant_role(
    *,
    granted_by: User,
    user: User,
    role: Role | str,
    district=None,
    school=None,
    school_class=None,
    village=None,
) -> RoleAssignment:
    role = Role(role)
    scope = check_grant(
        granted_by=granted_by,
        user=user,
        role=role,
        district=district,
        school=school,
        school_class=school_class,
        village=village,
    )
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, **scope, defaults={"granted_by": granted_by}
    )
    if role.is_staff_role and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    access.forget_scope(user)
    return assignment


@transaction.atomic
def revoke_role(*, revoked_by: User, assignment: RoleAssignment) -> None:
    scope = {
        "district": assignment.district,
        "school": assignment.school,
        "school_class": assignment.school_class,
        "village": assignment.village,
    }
    if not can_grant(revoked_by, Role(assignment.role), scope):
        raise RoleGrantError(_("Your own role does not allow you to revoke this role."))
    user = assignment.user
    assignment.delete()
    still_staff = any(
        Role(value).is_staff_role for value in user.role_assignments.values_list("role", flat=True)
    )
    if user.is_staff and not still_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    access.forget_scope(user)


@transaction.atomic
def create_staff_account(
    *,
    created_by: User,
    username: str,
    name: str,
    role: Role | str,
    email: str = "",
    phone: str | None = None,
    password: str | None = None,
    **scope,
) -> User:
    """A staff account, made by bureau or school staff with the first role.
    Without a password the person sets one through the reset link."""
    user = User(username=username, name=name, email=email, phone=phone or None)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    grant_role(granted_by=created_by, user=user, role=role, **scope)
    if not password:
        invite_to_set_password(user=user)
    return user


def invite_to_set_password(*, user: User):
    """Tell a new staff member, through the notification service, where to
    choose their password; the link is a one-time password-reset link."""
    key = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return notify.notify(
        kind="portal.account",
        recipient=user,
        subject_key=f"invitation:{user.pk}",
        title=_("Your Tongxin staff account is ready"),
        body=_("Choose your password with the link below. It works once."),
        url=path,
    )


def set_elder_mode(*, user: User, on: bool) -> User:
    """Larger text and buttons, high contrast: remembered on the account."""
    if user.elder_mode != on:
        user.elder_mode = on
        user.save(update_fields=["elder_mode"])
    return user


def roles_of(user: User) -> set[Role]:
    return access.scope_for(user).roles


# Who may open staff pages (the workbench); the back office also asks is_staff.
WORKBENCH_ROLES = frozenset(role for role in Role if role.is_staff_role) | {Role.COMMUNITY_PARTNER}


def may_use_workbench(user: User) -> bool:
    scope = access.scope_for(user)
    return scope.superuser or bool(scope.roles & WORKBENCH_ROLES)


def requires_two_factor(user: User) -> bool:
    return any(role.sees_case_data for role in roles_of(user)) or user.is_superuser


@transaction.atomic
def issue_api_token(*, user: User) -> Token:
    """A new token replaces the old one, so a leaked token dies on reissue."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def revoke_api_token(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
