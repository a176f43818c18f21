from django.db.models import QuerySet

from portal import access, notify
from portal.models import Notification, NotificationPreference, RoleAssignment, User


def inbox_for(user: User) -> QuerySet[Notification]:
    return access.visible(user, Notification).order_by("-created_at", "-pk")


def role_assignments_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related(
        "district", "school", "school_class__school", "village__town"
    )


def preferences_of(user: User) -> list[dict]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return [
        {"kind": kind, "mode": chosen.get(kind.key, kind.default_mode)}
        for kind in notify.kinds()
        if not kind.system
    ]


def holders_of(
    roles, *, school_id: int | None = None, district_id: int | None = None
) -> QuerySet[User]:
    """Active people holding any of `roles` at a school, or at a district
    (the district's own level, not its schools): whom a notice goes to."""
    assignments = RoleAssignment.objects.filter(role__in=list(roles))
    if school_id is not None:
        assignments = assignments.filter(school_id=school_id)
    if district_id is not None:
        assignments = assignments.filter(district_id=district_id, school__isnull=True)
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("pk")
