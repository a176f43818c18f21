"""How the schools app's rows are reached from the organisation tree."""

from portal import access
from portal.access import AccessRule
from portal.models import Role, ScopeLevel

from .models import District, Guardian, Guardianship, School, SchoolClass, Student, Town, Village

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
        distinct=True,
    ),
)
