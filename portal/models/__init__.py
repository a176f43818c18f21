from .accounts import Role, RoleAssignment, ScopeLevel, User
from .notifications import Channel, Delivery, Notification, NotificationMode, NotificationPreference
from .targets import Target

__all__ = [
    "Channel",
    "Delivery",
    "Notification",
    "NotificationMode",
    "NotificationPreference",
    "Role",
    "RoleAssignment",
    "ScopeLevel",
    "Target",
    "User",
]
