from portal import access
from portal.models import Notification
from portal.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        entries = entries_for(set())
        return {"nav_entries": entries, "all_entries": entries, "unread_count": 0}
    scope = access.scope_for(user)
    entries = entries_for(scope.roles, user.is_superuser)
    return {
        "nav_entries": [entry for entry in entries if entry.primary],
        "all_entries": entries,
        "user_roles": sorted(role.label for role in scope.roles),
        "unread_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count,
    }
