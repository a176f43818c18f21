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
