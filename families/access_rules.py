"""How the families app's rows are reached. Counselling is the station's
alone; a parent reaches their own registrations, children and requests."""

from django.db.models import Q

from portal import access
from portal.access import AccessRule
from portal.models import Role, ScopeLevel
from schools.models import Student

from .models import (
    BindingCode,
    Completion,
    CounsellingRequest,
    CounsellingStation,
    Course,
    FamilyLink,
    HotlineCall,
    Lecture,
    ParentSchool,
    ReadingItem,
    Registration,
    ReplayView,
    Tip,
)

CITY = ScopeLevel.CITY
DISTRICT = ScopeLevel.DISTRICT
SCHOOL = ScopeLevel.SCHOOL
CLASS = ScopeLevel.CLASS

OFFICERS = {Role.CITY_OFFICER: CITY, Role.DISTRICT_OFFICER: DISTRICT}
SCHOOL_RUNNERS = {**OFFICERS, Role.SCHOOL_LEADER: SCHOOL}
ROSTER_KEEPERS = {**SCHOOL_RUNNERS, Role.HEAD_TEACHER: CLASS}

# A bound parent sees their own children.
access.add_own_paths(Student, "family_links__user")

access.register(
    BindingCode,
    AccessRule(
        district="student__district",
        school="student__school",
        school_class="student__school_class",
        view_roles=ROSTER_KEEPERS,
        change_roles=ROSTER_KEEPERS,
    ),
)
access.register(
    FamilyLink,
    AccessRule(
        district="student__district",
        school="student__school",
        school_class="student__school_class",
        own=("user",),
        view_roles={**ROSTER_KEEPERS, Role.TEACHER: CLASS, Role.COUNSELLOR: SCHOOL},
        change_roles=ROSTER_KEEPERS,
    ),
)
access.register(
    ParentSchool,
    AccessRule(
        district="district",
        school="school",
        own=("principal",),
        public=Q(is_active=True),
        view_roles=SCHOOL_RUNNERS,
        change_roles=SCHOOL_RUNNERS,
        own_can_change=True,
    ),
)
for model, prefix in ((Course, "parent_school__"), (Lecture, "parent_school__")):
    access.register(
        model,
        AccessRule(
            district=f"{prefix}district",
            school=f"{prefix}school",
            own=(f"{prefix}principal",),
            public=Q(**{f"{prefix}is_active": True}),
            view_roles=SCHOOL_RUNNERS,
            change_roles=SCHOOL_RUNNERS,
            own_can_change=True,
        ),
    )
for model in (Registration, ReplayView, Completion):
    lecture = "lecture__" if model is not Completion else "course__"
    access.register(
        model,
        AccessRule(
            district=f"{lecture}parent_school__district",
            school=f"{lecture}parent_school__school",
            own=("user", f"{lecture}parent_school__principal"),
            view_roles=SCHOOL_RUNNERS,
            change_roles=SCHOOL_RUNNERS,
        ),
    )
access.register(
    ReadingItem,
    AccessRule(
        public=Q(is_published=True),
        view_roles={Role.CITY_OFFICER: CITY},
        change_roles={Role.CITY_OFFICER: CITY},
    ),
)
access.register(
    Tip,
    AccessRule(
        district="district",
        school="school",
        own=("published_by",),
        public=Q(audience="all"),
        view_roles={**SCHOOL_RUNNERS, Role.HEAD_TEACHER: SCHOOL, Role.TEACHER: SCHOOL},
        change_roles=SCHOOL_RUNNERS,
    ),
)
# Only the station's counsellors and its lead read counselling; the person
# who asked sees their own request.
access.register(
    CounsellingStation,
    AccessRule(
        district="district",
        own=("lead", "counsellors"),
        view_roles={role: CITY for role in Role if role.is_staff_role},
        change_roles={Role.CITY_OFFICER: CITY},
    ),
)
access.register(
    CounsellingRequest,
    AccessRule(
        own=("requester", "station__lead", "station__counsellors"),
        change_roles={},
    ),
)
access.register(
    HotlineCall,
    AccessRule(own=("station__lead", "station__counsellors"), change_roles={}),
)
