from portal import access
from portal.accounts.services import may_use_workbench
from portal.models import Notification
from portal.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        entries = entries_for(set())
        return {
            "nav_entries": entries,
            "all_entries": entries,
            "elder_toggle_in_nav": True,
            "unread_count": 0,
        }
    scope = access.scope_for(user)
    entries = entries_for(scope.roles, user.is_superuser)
    # Staff reach the public pages from their workbench; their top bar keeps
    # to their own work so it fits on one line.
    staff = may_use_workbench(user)
    return {
        "nav_entries": [e for e in entries if e.primary and not (staff and e.public)],
        "elder_toggle_in_nav": not staff,
        "all_entries": entries,
        "user_roles": sorted(role.label for role in scope.roles),
        "unread_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count,
    }
