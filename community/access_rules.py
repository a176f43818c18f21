"""How the community app's rows are reached: approved places are public;
curation is the bureau's; bookings belong to the school and the base."""

from django.db.models import Q

from portal import access
from portal.access import AccessRule
from portal.models import Role, ScopeLevel

from .models import (
    Alliance,
    ApprovalRecord,
    Booking,
    BookingSlot,
    Department,
    EducationResource,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    LecturerGroup,
    MeetingAttendee,
    Organisation,
    ResourceCourse,
    StudyTourProvider,
    Volunteer,
    VolunteerHours,
)

CITY = ScopeLevel.CITY
DISTRICT = ScopeLevel.DISTRICT
SCHOOL = ScopeLevel.SCHOOL
CLASS = ScopeLevel.CLASS

CURATORS = {Role.CITY_OFFICER: CITY, Role.DISTRICT_OFFICER: DISTRICT}
OFFICERS_READ_ALL = {Role.CITY_OFFICER: CITY, Role.DISTRICT_OFFICER: CITY}
ALL_STAFF_READ_ALL = {role: CITY for role in Role if role.is_staff_role}

APPROVED = Q(approval_status="approved")

access.register(
    EducationResource,
    AccessRule(
        district="district",
        own=("managers",),
        public=APPROVED,
        view_roles=CURATORS,
        change_roles=CURATORS,
    ),
)
access.register(
    ResourceCourse,
    AccessRule(
        district="resource__district",
        own=("resource__managers",),
        public=Q(resource__approval_status="approved", is_active=True),
        view_roles=CURATORS,
        change_roles=CURATORS,
        own_can_change=True,
    ),
)
access.register(
    StudyTourProvider,
    AccessRule(
        district="district",
        public=Q(is_recommended=True),
        view_roles={**CURATORS, Role.SCHOOL_LEADER: CITY},
        change_roles=CURATORS,
    ),
)
access.register(
    ApprovalRecord,
    AccessRule(
        district="resource__district",
        view_roles=CURATORS,
        change_roles={},
    ),
)
# Free slots of open bases are what a school books from.
access.register(
    BookingSlot,
    AccessRule(
        district="resource__district",
        own=("resource__managers",),
        public=Q(resource__approval_status="approved", resource__open_for_bookings=True),
        view_roles=CURATORS,
        change_roles=CURATORS,
        own_can_change=True,
    ),
)
access.register(
    Booking,
    AccessRule(
        district="district",
        school="school",
        school_class="school_class",
        own=("requested_by", "slot__resource__managers"),
        view_roles={
            **CURATORS,
            Role.SCHOOL_LEADER: SCHOOL,
            Role.HEAD_TEACHER: CLASS,
            Role.TEACHER: CLASS,
        },
        change_roles={
            **CURATORS,
            Role.SCHOOL_LEADER: SCHOOL,
            Role.HEAD_TEACHER: CLASS,
            Role.TEACHER: CLASS,
        },
    ),
)
access.register(
    Organisation,
    AccessRule(district="district", view_roles=ALL_STAFF_READ_ALL, change_roles=CURATORS),
)
access.register(
    Volunteer,
    AccessRule(
        district="districts",
        own=("account",),
        view_roles={**CURATORS, Role.COMMUNITY_PARTNER: CITY},
        change_roles=CURATORS,
    ),
)
access.register(
    VolunteerHours,
    AccessRule(
        district="district",
        own=("volunteer__account",),
        view_roles=CURATORS,
        change_roles=CURATORS,
    ),
)
# Lecturers are named on public lectures.
access.register(
    LecturerGroup,
    AccessRule(
        district="district",
        public=Q(pk__isnull=False),
        view_roles=CURATORS,
        change_roles=CURATORS,
    ),
)
access.register(
    Lecturer,
    AccessRule(
        district="group__district",
        own=("account",),
        public=Q(is_active=True),
        view_roles=CURATORS,
        change_roles=CURATORS,
    ),
)
access.register(
    Department,
    AccessRule(
        district="district",
        own=("liaisons",),
        view_roles=ALL_STAFF_READ_ALL,
        change_roles=CURATORS,
    ),
)
ALLIANCE_READERS = {
    **CURATORS,
    Role.SCHOOL_LEADER: SCHOOL,
    Role.COUNSELLOR: SCHOOL,
    Role.HEAD_TEACHER: SCHOOL,
    Role.TEACHER: SCHOOL,
}
access.register(
    Alliance,
    AccessRule(
        district="district",
        school="schools",
        own=("departments__liaisons",),
        view_roles=ALLIANCE_READERS,
        change_roles=CURATORS,
    ),
)
for model, prefix in (
    (JointMeeting, ""),
    (MeetingAttendee, "meeting__"),
    (FollowUpTask, "meeting__"),
):
    access.register(
        model,
        AccessRule(
            district=f"{prefix}alliance__district" if prefix else "alliance__district",
            school=f"{prefix}alliance__schools",
            own=(
                f"{prefix}alliance__departments__liaisons",
                "owner" if model is FollowUpTask else f"{prefix}recorded_by",
            ),
            view_roles=ALLIANCE_READERS,
            change_roles=CURATORS,
        ),
    )
