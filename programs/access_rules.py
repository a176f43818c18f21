"""Who reads care programmes: the case team and the roles above them in
scope (the school's leader, the district) — nobody else, not a teacher of
the class, not the city bureau (which sees counts on the dashboard). A
teacher who raised an alert sees the alert's status, never the case."""

from portal import access
from portal.access import AccessRule
from portal.models import Role, ScopeLevel

from .models import (
    Alert,
    AlertStep,
    CareNetwork,
    Case,
    CaseTeamMember,
    FollowUp,
    Goal,
    NetworkContact,
    NetworkMember,
    Referral,
    Review,
)

ABOVE_THE_TEAM = {
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
}
TEAM = ("lead", "team__user")

access.register(
    Case,
    AccessRule(
        district="district",
        school="school",
        own=TEAM,
        view_roles=ABOVE_THE_TEAM,
        change_roles={},
        own_can_change=True,
    ),
)
for model in (CaseTeamMember, Goal, FollowUp, Review):
    access.register(
        model,
        AccessRule(
            district="case__district",
            school="case__school",
            own=tuple(f"case__{path}" for path in TEAM),
            view_roles=ABOVE_THE_TEAM,
            change_roles={},
            own_can_change=True,
        ),
    )
# The receiver of a referral reads that referral (not the rest of the case).
access.register(
    Referral,
    AccessRule(
        district="case__district",
        school="case__school",
        own=(
            *(f"case__{path}" for path in TEAM),
            "to_department__liaisons",
            "to_volunteer__account",
        ),
        view_roles=ABOVE_THE_TEAM,
        change_roles={},
        own_can_change=True,
    ),
)
ALERT_HANDLERS = {**ABOVE_THE_TEAM, Role.COUNSELLOR: ScopeLevel.SCHOOL}
access.register(
    Alert,
    AccessRule(
        district="district",
        school="school",
        own=("raised_by", "case__lead", "case__team__user"),
        view_roles=ALERT_HANDLERS,
        change_roles=ALERT_HANDLERS,
    ),
)
access.register(
    AlertStep,
    AccessRule(
        district="alert__district",
        school="alert__school",
        own=("alert__case__lead", "alert__case__team__user"),
        view_roles=ALERT_HANDLERS,
        change_roles={},
    ),
)
NETWORK_KEEPERS = {**ABOVE_THE_TEAM}
for model, prefix in (
    (CareNetwork, ""),
    (NetworkMember, "network__"),
    (NetworkContact, "network__"),
):
    access.register(
        model,
        AccessRule(
            district=f"{prefix}district",
            school=f"{prefix}school",
            own=(f"{prefix}head", f"{prefix}cadre"),
            view_roles=NETWORK_KEEPERS,
            change_roles=NETWORK_KEEPERS,
            own_can_change=True,
        ),
    )
