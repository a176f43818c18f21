"""The demo city as plain data, decided before anything touches the database.

Planning is pure and seeded, so every run plans the same rows and the builder
only has to create the ones that are missing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from portal.demo import city
from portal.demo.names import NameSource
from portal.models import Role
from schools.models import Gender, Relation, SchoolStage
from schools.models.org import STAGE_GRADES

SEED = 2026

# One known login per role, at these places.
DEMO_SCHOOL = "3459020002"  # 澄江区江滨小学
DEMO_CLASS = (DEMO_SCHOOL, 3, 1)
DEMO_TEACHER_CLASSES = ((DEMO_SCHOOL, 3, 2), (DEMO_SCHOOL, 3, 3))
DEMO_SIBLING_CLASS = (DEMO_SCHOOL, 5, 1)
DEMO_DISTRICT = "459902"  # 澄江区
DEMO_VILLAGE = ("459923", "龙潭镇", "岩口村")
DEMO_PARENT_PHONE = "13907790326"

# Share of families that already made a parent account on the portal.
PARENT_ACCOUNT_SHARE = 0.05
# Share of students who have an older or younger sibling elsewhere in the district.
SIBLING_SHARE = 0.07

# Classes are (school code, grade, number); villages (district code, town, name).
ClassKey = tuple[str, int, int]
VillageKey = tuple[str, str, str]


@dataclass
class GuardianPlan:
    name: str
    phone: str
    relation: str
    lives_with_child: bool


@dataclass
class Family:
    surname: str
    guardians: list[GuardianPlan]
    district_code: str
    classes: list[ClassKey] = field(default_factory=list)


@dataclass
class StudentPlan:
    class_key: ClassKey
    student_number: str
    name: str
    gender: str
    birth_date: datetime.date
    family: Family


@dataclass
class StaffPlan:
    username: str
    name: str
    role: Role
    district: str | None = None
    school: str | None = None
    school_class: ClassKey | None = None
    village: VillageKey | None = None
    phone: str | None = None


@dataclass
class ParentPlan:
    username: str
    name: str
    phone: str


@dataclass
class DemoLogin:
    role: Role
    login: str
    sees: str
    username: str
    by_phone: bool = False


@dataclass
class CityPlan:
    classes: list[ClassKey]
    students: list[StudentPlan]
    staff: list[StaffPlan]
    parents: list[ParentPlan]
    logins: list[DemoLogin]
    # The city officer written directly; every other role is granted by them.
    root_username: str = "demo.city"


def grade_token(grade: int) -> str:
    """Kindergarten years as k1–k3, school grades as numbers."""
    return f"k{grade + 3}" if grade <= 0 else str(grade)


def _birth_date(rng, grade: int) -> datetime.date:
    # Children start grade 1 in the September after they turn six.
    start = datetime.date(city.SCHOOL_YEAR - grade - 6, 9, 1)
    return start + datetime.timedelta(days=rng.randrange(365))


def _family(names: NameSource, *, area: str, district_code: str) -> Family:
    rng = names.random
    surname = names.surname()
    mother_surname = names.surname()
    father = GuardianPlan(names.parent(surname, man=True), names.mobile(), Relation.FATHER, True)
    mother = GuardianPlan(
        names.parent(mother_surname, man=False), names.mobile(), Relation.MOTHER, True
    )
    roll = rng.random()
    if roll < city.PARENTS_AWAY_SHARE[area]:
        # Parents work away; grandparents keep the child (often the paternal ones).
        paternal = rng.random() < 0.7
        elder_surname = surname if paternal else mother_surname
        grandmother = GuardianPlan(
            names.elder(elder_surname, man=False),
            names.mobile(),
            Relation.GRANDMOTHER if paternal else Relation.MATERNAL_GRANDMOTHER,
            True,
        )
        father.lives_with_child = mother.lives_with_child = False
        guardians = [grandmother, father, mother]
        if rng.random() < 0.4:
            guardians.insert(
                1,
                GuardianPlan(
                    names.elder(elder_surname, man=True),
                    names.mobile(),
                    Relation.GRANDFATHER if paternal else Relation.MATERNAL_GRANDFATHER,
                    True,
                ),
            )
    elif roll < city.PARENTS_AWAY_SHARE[area] + 0.06:
        guardians = [mother]
    elif roll < city.PARENTS_AWAY_SHARE[area] + 0.08:
        # An aunt or uncle stands in.
        other = GuardianPlan(names.parent(surname, man=False), names.mobile(), Relation.OTHER, True)
        guardians = [other, father]
        father.lives_with_child = False
    else:
        guardians = [mother, father] if rng.random() < 0.6 else [father, mother]
        if rng.random() < 0.15:
            guardians.append(
                GuardianPlan(
                    names.elder(surname, man=False), names.mobile(), Relation.GRANDMOTHER, True
                )
            )
    return Family(surname=surname, guardians=guardians, district_code=district_code)


def _student_number(*, grade: int, first_grade: int, number: int, seat: int) -> str:
    """Year of entry to this school, class and seat: 2023 03 17."""
    entry_year = city.SCHOOL_YEAR - (grade - first_grade)
    return f"{entry_year}{number:02d}{seat:02d}"


def plan_city(seed: int = SEED) -> CityPlan:
    names = NameSource(seed)
    names.reserve(DEMO_PARENT_PHONE)
    rng = names.random
    classes: list[ClassKey] = []
    students: list[StudentPlan] = []
    staff: list[StaffPlan] = []
    families_by_district: dict[str, list[Family]] = {}
    demo_family: Family | None = None

    for spec in city.SCHOOLS:
        school_classes = []
        grades = STAGE_GRADES[SchoolStage(spec.stage)]
        for grade in grades:
            for number in range(1, spec.classes_per_grade + 1):
                key = (spec.code, grade, number)
                school_classes.append(key)
                staff.append(
                    StaffPlan(
                        username=f"bzr.{spec.code}.{grade_token(grade)}.{number}",
                        name=names.teacher(),
                        role=Role.HEAD_TEACHER,
                        school_class=key,
                    )
                )
                pool = families_by_district.setdefault(spec.district_code, [])
                low, high = city.CLASS_SIZES[spec.area]
                for seat in range(1, rng.randint(low, high) + 1):
                    family = None
                    if key == DEMO_SIBLING_CLASS and seat == 1:
                        family = demo_family
                    elif pool and rng.random() < SIBLING_SHARE:
                        candidate = rng.choice(pool)
                        if key not in candidate.classes and len(candidate.classes) < 3:
                            family = candidate
                    if family is None:
                        family = _family(names, area=spec.area, district_code=spec.district_code)
                        if key == DEMO_CLASS and seat == 1:
                            family.guardians = _demo_guardians(names, family)
                            demo_family = family
                        else:
                            pool.append(family)
                    family.classes.append(key)
                    boy = rng.random() < 0.52
                    students.append(
                        StudentPlan(
                            class_key=key,
                            student_number=_student_number(
                                grade=grade, first_grade=grades[0], number=number, seat=seat
                            ),
                            name=names.child(family.surname, boy=boy),
                            gender=Gender.MALE if boy else Gender.FEMALE,
                            birth_date=_birth_date(rng, grade),
                            family=family,
                        )
                    )
        classes.extend(school_classes)
        staff.extend(_school_staff(names, spec, school_classes))

    staff.extend(_district_staff(names))
    # Everyone has a verified mobile: allauth's login asks for one, since the
    # sign-up form requires it, and notifications go out by SMS.
    phones: dict[str, str] = {}
    for person in staff:
        if person.username not in phones:
            phones[person.username] = names.mobile()
        person.phone = phones[person.username]
    parents = _parent_accounts(rng, students, demo_family)
    return CityPlan(
        classes=classes,
        students=students,
        staff=staff,
        parents=parents,
        logins=_demo_logins(staff, parents),
    )


def _demo_guardians(names: NameSource, family: Family) -> list[GuardianPlan]:
    """The demo parent's family: both parents at home, grandmother helping."""
    return [
        GuardianPlan(names.parent("周", man=False), DEMO_PARENT_PHONE, Relation.MOTHER, True),
        GuardianPlan(names.parent(family.surname, man=True), names.mobile(), Relation.FATHER, True),
        GuardianPlan(
            names.elder(family.surname, man=False), names.mobile(), Relation.GRANDMOTHER, False
        ),
    ]


def _school_staff(names: NameSource, spec, school_classes: list[ClassKey]) -> list[StaffPlan]:
    people = [StaffPlan(f"xz.{spec.code}", names.teacher(), Role.SCHOOL_LEADER, school=spec.code)]
    if spec.stage != SchoolStage.KINDERGARTEN:
        people.append(
            StaffPlan(f"xl.{spec.code}", names.teacher(), Role.COUNSELLOR, school=spec.code)
        )
    # Subject teachers, each taking up to three classes.
    for index in range(max(1, len(school_classes) // 4)):
        name = names.teacher()
        for key in school_classes[index * 3 : index * 3 + 3]:
            people.append(
                StaffPlan(f"js.{spec.code}.{index + 1}", name, Role.TEACHER, school_class=key)
            )
    if spec.code == DEMO_SCHOOL:
        name = names.teacher()
        for key in DEMO_TEACHER_CLASSES:
            people.append(StaffPlan("demo.teacher", name, Role.TEACHER, school_class=key))
    return people


def _district_staff(names: NameSource) -> list[StaffPlan]:
    people = [
        StaffPlan("demo.city", "陈建华", Role.CITY_OFFICER),
        StaffPlan("sj.2", names.teacher(), Role.CITY_OFFICER),
    ]
    for spec in city.DISTRICTS:
        for index in (1, 2):
            people.append(
                StaffPlan(
                    f"qx.{spec.code}.{index}",
                    names.teacher(),
                    Role.DISTRICT_OFFICER,
                    district=spec.code,
                )
            )
        people.append(
            StaffPlan(f"sg.{spec.code}", names.teacher(), Role.CASE_WORKER, district=spec.code)
        )
        for town_index, town in enumerate(spec.towns, start=1):
            for village_index, (village, _kind) in enumerate(town.villages, start=1):
                people.append(
                    StaffPlan(
                        f"cg.{spec.code}.{town_index}.{village_index}",
                        names.parent(names.surname(), man=names.random.random() < 0.6),
                        Role.COMMUNITY_PARTNER,
                        village=(spec.code, town.name, village),
                    )
                )
    return people


def _parent_accounts(rng, students: list[StudentPlan], demo_family: Family) -> list[ParentPlan]:
    demo_mother = demo_family.guardians[0]
    parents = [ParentPlan("demo.parent", demo_mother.name, demo_mother.phone)]
    seen = {id(demo_family)}
    for student in students:
        family = student.family
        if id(family) in seen:
            continue
        seen.add(id(family))
        if rng.random() < PARENT_ACCOUNT_SHARE:
            guardian = family.guardians[0]
            parents.append(ParentPlan(f"jz{guardian.phone}", guardian.name, guardian.phone))
    return parents


def _demo_logins(staff: list[StaffPlan], parents: list[ParentPlan]) -> list[DemoLogin]:
    """Rename one planned person per role to an easy username."""
    wanted = {
        Role.DISTRICT_OFFICER: ("demo.district", lambda p: p.district == DEMO_DISTRICT),
        Role.CASE_WORKER: ("demo.caseworker", lambda p: p.district == DEMO_DISTRICT),
        Role.SCHOOL_LEADER: ("demo.leader", lambda p: p.school == DEMO_SCHOOL),
        Role.COUNSELLOR: ("demo.counsellor", lambda p: p.school == DEMO_SCHOOL),
        Role.HEAD_TEACHER: ("demo.headteacher", lambda p: p.school_class == DEMO_CLASS),
        Role.COMMUNITY_PARTNER: ("demo.partner", lambda p: p.village == DEMO_VILLAGE),
    }
    for person in staff:
        username, matches = wanted.get(person.role, (None, None))
        if username and matches(person):
            person.username = username
            del wanted[person.role]
    assert not wanted, f"demo logins not placed: {sorted(wanted)}"
    school = _school_name(DEMO_SCHOOL)
    district = _district_name(DEMO_DISTRICT)
    grade, number = DEMO_CLASS[1], DEMO_CLASS[2]
    totp = "; sets up TOTP at first login"
    parent = parents[0]
    return [
        DemoLogin(
            Role.CITY_OFFICER,
            "demo.city",
            f"all of {city.CITY_NAME}: every district, school and indicator{totp}",
            "demo.city",
        ),
        DemoLogin(
            Role.DISTRICT_OFFICER,
            "demo.district",
            f"{district}: its schools, classes, rosters and partners{totp}",
            "demo.district",
        ),
        DemoLogin(
            Role.SCHOOL_LEADER,
            "demo.leader",
            f"{school}: every class, student and guardian{totp}",
            "demo.leader",
        ),
        DemoLogin(
            Role.HEAD_TEACHER,
            "demo.headteacher",
            f"{school} {grade}年级({number})班: own class roster and home visits",
            "demo.headteacher",
        ),
        DemoLogin(
            Role.TEACHER,
            "demo.teacher",
            f"{school} 3年级(2)班 and (3)班: the classes taught",
            "demo.teacher",
        ),
        DemoLogin(
            Role.COUNSELLOR,
            "demo.counsellor",
            f"{school}: students, counselling and care cases{totp}",
            "demo.counsellor",
        ),
        DemoLogin(
            Role.CASE_WORKER,
            "demo.caseworker",
            f"{district}: care cases and referrals of the case team{totp}",
            "demo.caseworker",
        ),
        DemoLogin(
            Role.COMMUNITY_PARTNER,
            "demo.partner",
            "青山县龙潭镇岩口村: the village's 1+1+N care network",
            "demo.partner",
        ),
        DemoLogin(
            Role.PARENT,
            parent.phone,
            f"own family ({parent.name}, two children at {school}); "
            "log in by SMS code (printed on the console) or password",
            parent.username,
            by_phone=True,
        ),
    ]


def _school_name(code: str) -> str:
    return next(spec.name for spec in city.SCHOOLS if spec.code == code)


def _district_name(code: str) -> str:
    return next(spec.name for spec in city.DISTRICTS if spec.code == code)
