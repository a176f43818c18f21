"""How the schools app's rows are reached from the organisation tree."""

from portal import access
from portal.access import AccessRule
from portal.models import Role, ScopeLevel

from .models import (
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    District,
    Guardian,
    Guardianship,
    GuidanceActivity,
    HomeVisit,
    LawAppointment,
    LawSession,
    LawVicePrincipal,
    ParentCommittee,
    School,
    SchoolClass,
    Semester,
    Student,
    Town,
    Village,
    VisitedStudent,
)

CITY = ScopeLevel.CITY
DISTRICT = ScopeLevel.DISTRICT
SCHOOL = ScopeLevel.SCHOOL
CLASS = ScopeLevel.CLASS

# Everyone on a school's staff sees the school and its classes.
SCHOOL_STAFF = {
    Role.CITY_OFFICER: CITY,
    Role.DISTRICT_OFFICER: DISTRICT,
    Role.SCHOOL_LEADER: SCHOOL,
    Role.COUNSELLOR: SCHOOL,
    Role.HEAD_TEACHER: SCHOOL,
    Role.TEACHER: SCHOOL,
}
ORG_EDITORS = {Role.CITY_OFFICER: CITY, Role.DISTRICT_OFFICER: DISTRICT}
SCHOOL_EDITORS = {**ORG_EDITORS, Role.SCHOOL_LEADER: SCHOOL}
# Teachers see the students of their own classes; leaders and counsellors the
# whole school.
ROSTER_READERS = {
    **SCHOOL_EDITORS,
    Role.COUNSELLOR: SCHOOL,
    Role.HEAD_TEACHER: CLASS,
    Role.TEACHER: CLASS,
}
ROSTER_EDITORS = {**SCHOOL_EDITORS, Role.HEAD_TEACHER: CLASS}
PLACE_READERS = {
    **ORG_EDITORS,
    Role.CASE_WORKER: DISTRICT,
    Role.COMMUNITY_PARTNER: ScopeLevel.VILLAGE,
}

access.register(
    District,
    AccessRule(
        district="pk",
        view_roles={**PLACE_READERS, Role.SCHOOL_LEADER: CITY, Role.COUNSELLOR: CITY},
        change_roles={Role.CITY_OFFICER: CITY},
    ),
)
access.register(
    Town,
    AccessRule(district="district", view_roles=PLACE_READERS, change_roles=ORG_EDITORS),
)
access.register(
    Village,
    AccessRule(
        district="district", village="pk", view_roles=PLACE_READERS, change_roles=ORG_EDITORS
    ),
)
access.register(
    School,
    AccessRule(district="district", school="pk", view_roles=SCHOOL_STAFF, change_roles=ORG_EDITORS),
)
access.register(
    SchoolClass,
    AccessRule(
        district="district",
        school="school",
        school_class="pk",
        view_roles=SCHOOL_STAFF,
        change_roles=SCHOOL_EDITORS,
    ),
)
access.register(
    Student,
    AccessRule(
        district="district",
        school="school",
        school_class="school_class",
        own=("mentor",),
        view_roles=ROSTER_READERS,
        change_roles=ROSTER_EDITORS,
    ),
)
access.register(
    Guardianship,
    AccessRule(
        district="student__district",
        school="student__school",
        school_class="student__school_class",
        view_roles=ROSTER_READERS,
        change_roles=ROSTER_EDITORS,
    ),
)
access.register(
    Guardian,
    AccessRule(
        district="students__district",
        school="students__school",
        school_class="students__school_class",
        view_roles=ROSTER_READERS,
        change_roles=ROSTER_EDITORS,
    ),
)

# Everyone sees the calendar; the bureau keeps it.
access.register(
    Semester,
    AccessRule(
        view_roles={role: CITY for role in Role},
        change_roles={Role.CITY_OFFICER: CITY},
    ),
)

# A visit is seen by the school's leaders and counsellors, the district and
# city, and the teachers on it; it is changed only through the visit service
# (its author, within the edit window).
VISIT_READERS = {**SCHOOL_EDITORS, Role.COUNSELLOR: SCHOOL}
access.register(
    HomeVisit,
    AccessRule(
        district="district",
        school="school",
        own=("author", "teachers"),
        view_roles=VISIT_READERS,
        change_roles={},
    ),
)
access.register(
    VisitedStudent,
    AccessRule(
        district="student__district",
        school="school",
        school_class="student__school_class",
        own=("visit__author", "visit__teachers"),
        view_roles={**VISIT_READERS, Role.HEAD_TEACHER: CLASS, Role.TEACHER: CLASS},
        change_roles={},
    ),
)

# School life records: the whole staff of a school reads them; leaders (and
# the district and city) record them; counsellors record guidance
# activities; head teachers keep their own class's parent committee.
ACTIVITY_EDITORS = {**SCHOOL_EDITORS, Role.COUNSELLOR: SCHOOL}
COMMITTEE_EDITORS = {**SCHOOL_EDITORS, Role.HEAD_TEACHER: CLASS}
for model, prefix, editors in (
    (GuidanceActivity, "", ACTIVITY_EDITORS),
    (ParentCommittee, "", COMMITTEE_EDITORS),
    (CommitteeMember, "committee__", COMMITTEE_EDITORS),
    (CommitteeMeeting, "committee__", COMMITTEE_EDITORS),
    (CommitteeDecision, "meeting__committee__", COMMITTEE_EDITORS),
):
    access.register(
        model,
        AccessRule(
            district=f"{prefix}district",
            school=f"{prefix}school",
            school_class=None if model is GuidanceActivity else f"{prefix}school_class",
            view_roles=SCHOOL_STAFF,
            change_roles=editors,
        ),
    )
access.register(
    LawAppointment,
    AccessRule(
        district="district",
        school="school",
        own=("vice_principal__account",),
        view_roles=SCHOOL_STAFF,
        change_roles=SCHOOL_EDITORS,
    ),
)
access.register(
    LawSession,
    AccessRule(
        district="district",
        school="school",
        own=("appointment__vice_principal__account",),
        view_roles=SCHOOL_STAFF,
        change_roles=SCHOOL_EDITORS,
    ),
)
access.register(
    LawVicePrincipal,
    AccessRule(
        district="district",
        school="appointments__school",
        own=("account",),
        view_roles=SCHOOL_STAFF,
        change_roles=ORG_EDITORS,
    ),
)
