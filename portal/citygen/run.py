"""Loads a synthetic city: guard, plan, one COPY per table, sequences."""

import datetime
import time

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from community.models import (
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
from families.models import (
    Completion,
    CounsellingRequest,
    CounsellingStation,
    Course,
    FamilyLink,
    HotlineCall,
    Lecture,
    ParentSchool,
    Registration,
)
from portal.models import RoleAssignment, User
from programs.models import Alert, AlertStep, CareNetwork, Case, NetworkContact, NetworkMember
from programs.models.cases import CaseTeamMember, FollowUp, Goal, Referral, Review
from schools.models import (
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
    Student,
    Town,
    Village,
    VisitedStudent,
)
from schools.services.semesters import semester_on

from .builders import BUILDERS, Context
from .copy import TableStats, copy_rows
from .plan import CityPlan, build_plan

# The key each builder uses for its first free id.
ID_STARTS = {
    "district": District,
    "town": Town,
    "village": Village,
    "school": School,
    "schoolclass": SchoolClass,
    "user": User,
    "roleassignment": RoleAssignment,
    "student": Student,
    "guardian": Guardian,
    "guardianship": Guardianship,
    "familylink": FamilyLink,
    "homevisit": HomeVisit,
    "homevisit_teachers": HomeVisit.teachers.through,
    "visitedstudent": VisitedStudent,
    "parentcommittee": ParentCommittee,
    "committeemember": CommitteeMember,
    "committeemeeting": CommitteeMeeting,
    "committeedecision": CommitteeDecision,
    "lawviceprincipal": LawVicePrincipal,
    "lawappointment": LawAppointment,
    "lawsession": LawSession,
    "guidanceactivity": GuidanceActivity,
    "educationresource": EducationResource,
    "educationresource_managers": EducationResource.managers.through,
    "resourcecourse": ResourceCourse,
    "bookingslot": BookingSlot,
    "booking": Booking,
    "studytourprovider": StudyTourProvider,
    "approvalrecord": ApprovalRecord,
    "organisation": Organisation,
    "volunteer": Volunteer,
    "volunteer_districts": Volunteer.districts.through,
    "volunteerhours": VolunteerHours,
    "lecturergroup": LecturerGroup,
    "lecturer": Lecturer,
    "department": Department,
    "department_liaisons": Department.liaisons.through,
    "alliance": Alliance,
    "alliance_departments": Alliance.departments.through,
    "alliance_schools": Alliance.schools.through,
    "jointmeeting": JointMeeting,
    "meetingattendee": MeetingAttendee,
    "followuptask": FollowUpTask,
    "parentschool": ParentSchool,
    "course": Course,
    "lecture": Lecture,
    "registration": Registration,
    "completion": Completion,
    "counsellingstation": CounsellingStation,
    "counsellingstation_counsellors": CounsellingStation.counsellors.through,
    "counsellingrequest": CounsellingRequest,
    "hotlinecall": HotlineCall,
    "carenetwork": CareNetwork,
    "networkmember": NetworkMember,
    "networkcontact": NetworkContact,
    "case": Case,
    "caseteammember": CaseTeamMember,
    "goal": Goal,
    "followup": FollowUp,
    "review": Review,
    "referral": Referral,
    "alert": Alert,
    "alertstep": AlertStep,
}
WIPED_APPS = ("schools", "community", "families", "programs")


class CityGenError(Exception):
    pass


def check_target(*, wipe: bool) -> None:
    if connection.vendor != "postgresql":
        raise CityGenError(
            "seed_city loads with PostgreSQL COPY; point DATABASE_URL at PostgreSQL "
            "(the embedded SQLite database is for the small demo: use seed_demo)."
        )
    schools = School.objects.count()
    if schools and not wipe:
        raise CityGenError(
            f"The database already holds {schools} schools. seed_city never mixes a "
            "generated city with existing data: use an empty database, or pass --wipe "
            "to empty it first."
        )


def wipe_city() -> None:
    """Empties the four apps and every account. CASCADE also empties the
    tables that refer to them (audit, notifications, sign-in records)."""
    models = [m for label in WIPED_APPS for m in apps.get_app_config(label).get_models()]
    models.append(User)
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def first_free_ids() -> dict[str, int]:
    qn = connection.ops.quote_name
    starts = {}
    with connection.cursor() as cursor:
        for key, model in ID_STARTS.items():
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {qn(model._meta.db_table)}")
            starts[key] = cursor.fetchone()[0]
    return starts


def year_of_semesters(today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """The current semester and the one before it, earliest first."""
    current = semester_on(today)
    previous = semester_on(current.starts_on - datetime.timedelta(days=1))
    return [(s.pk, s.starts_on, s.ends_on) for s in (previous, current)]


def drop_foreign_keys() -> list[tuple[str, str, str]]:
    """Drops the foreign keys of the loaded tables, to add them back after.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: kept, they queue
    one check per row until commit, which at full scale takes minutes. Added
    back, each is validated by one join over the whole table."""
    qn = connection.ops.quote_name
    tables = [model._meta.db_table for model in ID_STARTS.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
    return keys


def add_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")


def analyze() -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in ID_STARTS.values():
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")


def reset_sequences() -> None:
    models = list(ID_STARTS.values())
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def seed_city(
    *, scale: float, seed: int, wipe: bool = False, password: str = "tongxin-city"
) -> tuple[CityPlan, list[TableStats]]:
    check_target(wipe=wipe)
    if wipe:
        wipe_city()
    now = timezone.localtime()
    semesters = year_of_semesters(now.date())
    plan = build_plan(scale=scale, seed=seed, start=first_free_ids())
    # One hash for every generated account: hashing millions would take hours.
    ctx = Context(plan=plan, semesters=semesters, now=now, password=make_password(password))
    stats = []
    with transaction.atomic():
        keys = drop_foreign_keys()
        for builder in BUILDERS:
            model, columns, rows, total = builder(ctx)
            stats.append(copy_rows(model, columns, rows, total=total))
        reset_sequences()
        # Statistics first, so that validating a foreign key joins by hash.
        started = time.perf_counter()
        analyze()
        stats.append(TableStats("(analyze)", 0, time.perf_counter() - started))
        started = time.perf_counter()
        add_foreign_keys(keys)
        stats.append(TableStats("(foreign keys checked)", 0, time.perf_counter() - started))
    return plan, stats
