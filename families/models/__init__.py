from .binding import BindingCode, FamilyLink
from .content import ReaderAge, ReadingItem, Tip, TipAudience
from .counselling import (
    Channel,
    CounsellingRequest,
    CounsellingStation,
    CounsellingTopic,
    ForWhom,
    HotlineCall,
    RequestStatus,
)
from .lectures import (
    ACTIVE_STATUSES,
    MAX_SEATS_PER_FAMILY,
    Completion,
    Course,
    Lecture,
    Registration,
    RegistrationStatus,
    ReplayView,
)
from .parent_schools import ParentSchool, ParentSchoolLevel

__all__ = [
    "ACTIVE_STATUSES",
    "MAX_SEATS_PER_FAMILY",
    "BindingCode",
    "Channel",
    "Completion",
    "CounsellingRequest",
    "CounsellingStation",
    "CounsellingTopic",
    "Course",
    "FamilyLink",
    "ForWhom",
    "HotlineCall",
    "Lecture",
    "ParentSchool",
    "ParentSchoolLevel",
    "ReaderAge",
    "ReadingItem",
    "Registration",
    "RegistrationStatus",
    "ReplayView",
    "RequestStatus",
    "Tip",
    "TipAudience",
]
