"""Writes the planned demo city. Every step creates only what is missing, keyed
on codes, usernames and the roster's unique keys, so a second run adds nothing
and leaves rows that were edited since alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from community.models import Booking, BookingSlot, EducationResource, JointMeeting, Volunteer
from families.models import (
    CounsellingRequest,
    FamilyLink,
    HotlineCall,
    Lecture,
    ParentSchool,
    ReadingItem,
    Registration,
)
from portal.accounts.services import grant_parent_role, grant_role
from portal.demo import city
from portal.demo.care_life import seed_care_life
from portal.demo.community_life import seed_community_life
from portal.demo.family_life import seed_family_life
from portal.demo.plan import CityPlan, ClassKey, DemoLogin, plan_city
from portal.demo.school_life import seed_school_life
from portal.models import Role, RoleAssignment, User
from programs.models import (
    Alert,
    CareNetwork,
    Case,
    FollowUp,
    Goal,
    NetworkContact,
    NetworkMember,
    Referral,
    Review,
)
from schools.models import (
    District,
    Guardian,
    Guardianship,
    GuidanceActivity,
    HomeVisit,
    LawSession,
    LawVicePrincipal,
    ParentCommittee,
    School,
    SchoolClass,
    Semester,
    Student,
    Town,
    Village,
)

DEMO_PASSWORD = "tongxin-demo-2026"

COUNTED_MODELS = (
    District,
    Town,
    Village,
    School,
    SchoolClass,
    Student,
    Guardian,
    Guardianship,
    User,
    RoleAssignment,
    Semester,
    HomeVisit,
    GuidanceActivity,
    ParentCommittee,
    LawVicePrincipal,
    LawSession,
    EducationResource,
    BookingSlot,
    Booking,
    Volunteer,
    JointMeeting,
    ParentSchool,
    Lecture,
    Registration,
    FamilyLink,
    CounsellingRequest,
    HotlineCall,
    ReadingItem,
    CareNetwork,
    NetworkMember,
    NetworkContact,
    Case,
    Goal,
    FollowUp,
    Review,
    Referral,
    Alert,
)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = DEMO_PASSWORD

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED_MODELS}


@transaction.atomic
def seed_demo_city(*, password: str = DEMO_PASSWORD) -> SeedReport:
    before = _counts()
    plan = plan_city()
    districts, villages = _build_org_tree()
    schools = _build_schools(districts)
    classes = _build_classes(plan, schools)
    _build_roster(plan, schools, classes)
    _build_people(
        plan,
        password=password,
        districts=districts,
        schools=schools,
        classes=classes,
        villages=villages,
    )
    seed_school_life()
    seed_community_life()
    seed_family_life()
    seed_care_life(password=password)
    _take_snapshots()
    after = _counts()
    return SeedReport(
        created={label: after[label] - before[label] for label in after},
        totals=after,
        logins=plan.logins,
        password=password,
    )


def _take_snapshots(months: int = 12) -> None:
    """The dashboard's trend charts read one snapshot per month; the demo
    counts its past months once, as the nightly task would have."""
    from portal.dashboard.periods import months_back
    from portal.dashboard.selectors import take_snapshot

    for month in months_back(timezone.localdate(), months):
        take_snapshot(month)


def _build_org_tree() -> tuple[dict[str, District], dict[tuple[str, str, str], Village]]:
    districts = {}
    villages = {}
    for spec in city.DISTRICTS:
        district, _ = District.objects.get_or_create(
            code=spec.code, defaults={"name": spec.name, "kind": spec.kind}
        )
        districts[spec.code] = district
        for town_spec in spec.towns:
            town, _ = Town.objects.get_or_create(
                district=district, name=town_spec.name, defaults={"kind": town_spec.kind}
            )
            for name, kind in town_spec.villages:
                village, _ = Village.objects.get_or_create(
                    town=town, name=name, defaults={"district": district, "kind": kind}
                )
                villages[(spec.code, town_spec.name, name)] = village
    return districts, villages


def _build_schools(districts: dict[str, District]) -> dict[str, School]:
    towns = {(t.district_id, t.name): t for t in Town.objects.all()}
    schools = {}
    for spec in city.SCHOOLS:
        district = districts[spec.district_code]
        school, _ = School.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "district": district,
                "town": towns[(district.pk, spec.town)],
                "stage": spec.stage,
                "area": spec.area,
                "address": spec.address,
                "phone": spec.phone,
            },
        )
        schools[spec.code] = school
    return schools


def _build_classes(plan: CityPlan, schools: dict[str, School]) -> dict[ClassKey, SchoolClass]:
    def existing() -> dict[ClassKey, SchoolClass]:
        rows = SchoolClass.objects.filter(school__in=schools.values()).select_related(
            "school__district"
        )
        return {(c.school.code, c.grade, c.number): c for c in rows}

    found = existing()
    missing = [
        SchoolClass(
            school=schools[code],
            district=schools[code].district,
            grade=grade,
            number=number,
        )
        for code, grade, number in plan.classes
        if (code, grade, number) not in found
    ]
    if not missing:
        return found
    SchoolClass.objects.bulk_create(missing, batch_size=500)
    return existing()


def _build_roster(plan: CityPlan, schools: dict[str, School], classes: dict) -> None:
    school_ids = [school.pk for school in schools.values()]

    def student_ids() -> dict[tuple[int, str], int]:
        rows = Student.objects.filter(school_id__in=school_ids)
        return {(s, n): pk for pk, s, n in rows.values_list("pk", "school_id", "student_number")}

    students = student_ids()
    new_students = []
    for planned in plan.students:
        school_class = classes[planned.class_key]
        if (school_class.school_id, planned.student_number) in students:
            continue
        new_students.append(
            Student(
                school_class=school_class,
                school_id=school_class.school_id,
                district_id=school_class.district_id,
                student_number=planned.student_number,
                name=planned.name,
                gender=planned.gender,
                birth_date=planned.birth_date,
            )
        )
    if new_students:
        Student.objects.bulk_create(new_students, batch_size=1000)
        students = student_ids()

    # A guardian place on the roster that is filled already stays as it is,
    # even when the school has since renamed or replaced that guardian.
    filled = set(
        Guardianship.objects.filter(student__school_id__in=school_ids).values_list(
            "student_id", "position"
        )
    )
    missing = []
    for planned in plan.students:
        student_id = students[(classes[planned.class_key].school_id, planned.student_number)]
        for position, guardian in enumerate(planned.family.guardians, start=1):
            if (student_id, position) not in filled:
                missing.append((student_id, position, guardian))
    if not missing:
        return
    keys = {(guardian.name, guardian.phone) for _student, _position, guardian in missing}
    guardians = _guardian_ids(keys)
    Guardian.objects.bulk_create(
        [Guardian(name=name, phone=phone) for name, phone in sorted(keys - set(guardians))],
        batch_size=1000,
    )
    guardians = _guardian_ids(keys)
    Guardianship.objects.bulk_create(
        [
            Guardianship(
                student_id=student_id,
                guardian_id=guardians[(guardian.name, guardian.phone)],
                relation=guardian.relation,
                lives_with_child=guardian.lives_with_child,
                position=position,
            )
            for student_id, position, guardian in missing
        ],
        batch_size=1000,
        # The same guardian may already be listed for the child at another place.
        ignore_conflicts=True,
    )


def _guardian_ids(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    phones = sorted({phone for _name, phone in keys})
    found = {}
    for start in range(0, len(phones), 2000):
        rows = Guardian.objects.filter(phone__in=phones[start : start + 2000])
        for pk, name, phone in rows.values_list("pk", "name", "phone"):
            if (name, phone) in keys:
                found[(name, phone)] = pk
    return found


def _build_people(plan: CityPlan, *, password: str, districts, schools, classes, villages) -> None:
    # One hash for every demo account: hashing thousands of times would take
    # minutes with the production hasher, and these accounts are only a demo.
    hashed = make_password(password)
    wanted: dict[str, User] = {}
    for person in plan.staff:
        wanted.setdefault(
            person.username,
            User(
                username=person.username,
                name=person.name,
                phone=person.phone,
                phone_verified=True,
                password=hashed,
                is_staff=person.role.is_staff_role,
            ),
        )
    for parent in plan.parents:
        wanted.setdefault(
            parent.username,
            User(
                username=parent.username,
                name=parent.name,
                phone=parent.phone,
                phone_verified=True,
                password=hashed,
            ),
        )
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create(
        [user for username, user in wanted.items() if username not in existing], batch_size=500
    )
    users = {user.username: user for user in User.objects.filter(username__in=wanted)}

    # The first city officer is the root of every grant, so is written directly.
    root = users[plan.root_username]
    RoleAssignment.objects.get_or_create(user=root, role=Role.CITY_OFFICER)
    for person in plan.staff:
        if person.username == plan.root_username:
            continue
        grant_role(
            granted_by=root,
            user=users[person.username],
            role=person.role,
            district=districts.get(person.district),
            school=schools.get(person.school),
            school_class=classes.get(person.school_class),
            village=villages.get(person.village),
        )
    for parent in plan.parents:
        grant_parent_role(user=users[parent.username])
