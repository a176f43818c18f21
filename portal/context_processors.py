from portal import access
from portal.models import Notification
from portal.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "unread_count": 0}
    scope = access.scope_for(user)
    return {
        "nav_entries": entries_for(scope.roles, user.is_superuser),
        "user_roles": sorted(role.label for role in scope.roles),
        "unread_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count,
    }
