"""Access rules for the portal's own models."""

from portal import access
from portal.access import AccessRule
from portal.models import (
    AuditEntry,
    Delivery,
    IndicatorSnapshot,
    Notification,
    NotificationPreference,
    Report,
    Role,
    RoleAssignment,
    ScopeLevel,
    Target,
    User,
)

ROLE_MANAGERS = {
    Role.CITY_OFFICER: ScopeLevel.CITY,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
}

access.register(
    User,
    AccessRule(
        district="role_assignments__district",
        school="role_assignments__school",
        own=("pk",),
        view_roles=ROLE_MANAGERS,
    ),
)
access.register(
    RoleAssignment,
    AccessRule(district="district", school="school", own=("user",), view_roles=ROLE_MANAGERS),
)
access.register(Notification, AccessRule(own=("recipient",), own_can_change=True, change_roles=()))
access.register(Delivery, AccessRule(own=("notification__recipient",), change_roles=()))
access.register(
    NotificationPreference, AccessRule(own=("user",), own_can_change=True, change_roles=())
)

# Targets are no secret: every officer and school leader reads them; the city
# bureau sets them.
access.register(
    Target,
    AccessRule(
        view_roles={
            Role.CITY_OFFICER: ScopeLevel.CITY,
            Role.DISTRICT_OFFICER: ScopeLevel.CITY,
            Role.SCHOOL_LEADER: ScopeLevel.CITY,
        },
        change_roles={Role.CITY_OFFICER: ScopeLevel.CITY},
    ),
)

# The district reviews its audit trail, the city all of it; nobody edits it.
access.register(
    AuditEntry,
    AccessRule(
        district="district",
        view_roles={Role.CITY_OFFICER: ScopeLevel.CITY, Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT},
        change_roles={},
    ),
)

# Reports and monthly figures are counts, never names: each officer reads
# those of their own area; only the build task writes them.
AREA_READERS = {
    Role.CITY_OFFICER: ScopeLevel.CITY,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
}
for model in (Report, IndicatorSnapshot):
    access.register(
        model,
        AccessRule(district="district", school="school", view_roles=AREA_READERS, change_roles={}),
    )
