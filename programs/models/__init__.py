from .alerts import Alert, AlertLevel, AlertSource, AlertStatus, AlertStep
from .cases import (
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    CaseTeamMember,
    FollowUp,
    Goal,
    Referral,
    ReferralStatus,
    Review,
    RiskLevel,
)
from .networks import CareNetwork, ContactKind, NetworkContact, NetworkMember

__all__ = [
    "Alert",
    "AlertLevel",
    "AlertSource",
    "AlertStatus",
    "AlertStep",
    "CareNetwork",
    "Case",
    "CaseCategory",
    "CaseKind",
    "CaseStatus",
    "CaseTeamMember",
    "ContactKind",
    "FollowUp",
    "Goal",
    "NetworkContact",
    "NetworkMember",
    "Referral",
    "ReferralStatus",
    "Review",
    "RiskLevel",
]
