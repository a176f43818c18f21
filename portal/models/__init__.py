from .accounts import Role, RoleAssignment, ScopeLevel, User
from .audit import AuditAction, AuditEntry
from .notifications import Channel, Delivery, Notification, NotificationMode, NotificationPreference
from .reports import AreaLevel, IndicatorSnapshot, Report, ReportKind, ReportStatus
from .targets import Target

__all__ = [
    "AreaLevel",
    "IndicatorSnapshot",
    "Report",
    "ReportKind",
    "ReportStatus",
    "AuditAction",
    "AuditEntry",
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
