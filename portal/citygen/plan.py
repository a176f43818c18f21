"""How many of everything a scale asks for, and where each row's id falls.

Ids are laid out school by school (classes, students, guardians, staff and
parent accounts in contiguous ranges) so that every builder can derive the
same student, guardian or teacher from arithmetic alone, without holding a
city's worth of rows in memory between two COPY passes."""

import math
import random
from dataclasses import dataclass, field

from schools.models import District, SchoolArea, SchoolStage
from schools.models.org import STAGE_GRADES

# Nanning, from the bureau's figures (DESIGN.md, "Scale it must serve").
NANNING_SCHOOLS = 2_880
NANNING_STUDENTS = 1_756_000
NANNING_TEACHERS = 110_000

DISTRICTS = (
    ("兴宁区", "450102", District.Kind.DISTRICT),
    ("青秀区", "450103", District.Kind.DISTRICT),
    ("江南区", "450105", District.Kind.DISTRICT),
    ("西乡塘区", "450107", District.Kind.DISTRICT),
    ("良庆区", "450108", District.Kind.DISTRICT),
    ("邕宁区", "450109", District.Kind.DISTRICT),
    ("武鸣区", "450110", District.Kind.DISTRICT),
    ("隆安县", "450123", District.Kind.COUNTY),
    ("马山县", "450124", District.Kind.COUNTY),
    ("上林县", "450125", District.Kind.COUNTY),
    ("宾阳县", "450126", District.Kind.COUNTY),
    ("横州市", "450181", District.Kind.COUNTY_CITY),
)

# stage: (share of schools, relative enrolment, class size)
STAGES = {
    SchoolStage.KINDERGARTEN: (0.47, 180, 30),
    SchoolStage.PRIMARY: (0.33, 850, 45),
    SchoolStage.JUNIOR: (0.09, 1300, 50),
    SchoolStage.SENIOR: (0.04, 2200, 50),
    SchoolStage.NINE_YEAR: (0.05, 1100, 45),
    SchoolStage.COMPLETE_SECONDARY: (0.02, 2500, 50),
}
AREA_WEIGHTS = {
    District.Kind.DISTRICT: (0.6, 0.25, 0.15),
    District.Kind.COUNTY: (0.15, 0.35, 0.5),
    District.Kind.COUNTY_CITY: (0.25, 0.35, 0.4),
}
AREAS = (SchoolArea.URBAN, SchoolArea.TOWN, SchoolArea.RURAL)

VISITED_SHARE = 60  # per cent of students visited in each semester
LECTURES_PER_SCHOOL = 4
CARE_PLAN_PER_MILLE = 2
NETWORK_SIZE = 8


def parse_scale(value: str) -> float:
    if value == "nanning":
        return 1.0
    scale = float(value)
    if not 0 < scale <= 1:
        raise ValueError("scale must be 'nanning' or a fraction in (0, 1]")
    return scale


def _mix(value: int) -> int:
    """A cheap, fixed hash of an id (Knuth's multiplicative method)."""
    return (value * 2654435761) & 0xFFFFFFFF


def guardian_count(student_id: int) -> int:
    """1, 2 or 3 guardians on the roster, 1.7 on average (Nanning: ~3 million
    guardians for 1.756 million students)."""
    bucket = _mix(student_id) % 10
    return 1 if bucket < 4 else (2 if bucket < 9 else 3)


def has_parent_account(student_id: int) -> bool:
    """Three families in ten have bound a parent account to the child."""
    return (_mix(student_id) >> 8) % 10 < 3


def visited_in(student_id: int, semester_index: int) -> bool:
    return (_mix(student_id * 2 + semester_index) >> 12) % 100 < VISITED_SHARE


@dataclass
class SchoolPlan:
    index: int
    id: int
    district_index: int
    town_index: int
    stage: str
    area: str
    class_id_start: int = 0
    classes: list[tuple[int, int, int]] = field(default_factory=list)  # grade, number, size
    student_id_start: int = 0
    students: int = 0
    guardian_id_start: int = 0
    guardians: int = 0
    leader_id: int = 0
    teacher_id_start: int = 0
    teachers: int = 0
    parent_id_start: int = 0
    parents: int = 0
    parent_guardians: list[int] = field(default_factory=list)  # first guardian per account

    def class_of(self, position: int) -> int:
        """Index of the class of the school's `position`-th student."""
        for index, (_, _, size) in enumerate(self.classes):
            if position < size:
                return index
            position -= size
        raise IndexError(position)


@dataclass
class CityPlan:
    scale: float
    seed: int
    districts: list[tuple[str, str, str]]
    towns_per_district: int
    villages_per_town: int
    schools: list[SchoolPlan]
    start: dict[str, int]  # first free id per table
    city_officer_id: int = 0
    district_officer_start: int = 0
    cadre_start: int = 0
    users: int = 0

    @property
    def towns(self) -> int:
        return len(self.districts) * self.towns_per_district

    @property
    def villages(self) -> int:
        return self.towns * self.villages_per_town

    def town_id(self, district_index: int, town_index: int) -> int:
        return self.start["town"] + district_index * self.towns_per_district + town_index

    def district_id(self, district_index: int) -> int:
        return self.start["district"] + district_index

    def cadre_of(self, district_index: int, town_index: int, village_index: int) -> int:
        offset = (district_index * self.towns_per_district + town_index) * self.villages_per_town
        return self.cadre_start + offset + village_index

    def village_id(self, district_index: int, town_index: int, village_index: int) -> int:
        offset = (district_index * self.towns_per_district + town_index) * self.villages_per_town
        return self.start["village"] + offset + village_index


def build_plan(*, scale: float, seed: int, start: dict[str, int]) -> CityPlan:
    rng = random.Random(f"{seed}:plan")
    root = math.sqrt(scale)
    plan = CityPlan(
        scale=scale,
        seed=seed,
        districts=list(DISTRICTS),
        towns_per_district=max(1, round(10 * root)),
        villages_per_town=max(1, round(15 * root)),
        schools=[],
        start=start,
    )
    school_count = max(len(DISTRICTS), round(NANNING_SCHOOLS * scale))
    stages = list(STAGES)
    shares = [STAGES[stage][0] for stage in stages]
    for index in range(school_count):
        district_index = index % len(DISTRICTS)
        kind = DISTRICTS[district_index][2]
        stage = rng.choices(stages, weights=shares)[0]
        area = rng.choices(AREAS, weights=AREA_WEIGHTS[kind])[0]
        plan.schools.append(
            SchoolPlan(
                index=index,
                id=start["school"] + index,
                district_index=district_index,
                town_index=rng.randrange(plan.towns_per_district),
                stage=stage,
                area=area,
            )
        )
    _lay_out_schools(plan, rng)
    return plan


def _lay_out_schools(plan: CityPlan, rng: random.Random) -> None:
    total_weight = sum(STAGES[school.stage][1] for school in plan.schools)
    students_wanted = NANNING_STUDENTS * plan.scale
    next_class = plan.start["schoolclass"]
    next_student = plan.start["student"]
    next_guardian = plan.start["guardian"]
    next_user = plan.start["user"]
    plan.city_officer_id = next_user
    plan.district_officer_start = next_user + 1
    next_user += 1 + len(plan.districts)
    plan.cadre_start = next_user
    next_user += plan.villages
    for school in plan.schools:
        _, weight, class_size = STAGES[school.stage]
        students = max(20, round(students_wanted * weight / total_weight * rng.uniform(0.7, 1.3)))
        grades = STAGE_GRADES[SchoolStage(school.stage)]
        per_grade = max(1, round(students / len(grades) / class_size))
        count = per_grade * len(grades)
        sizes = [students // count + (1 if i < students % count else 0) for i in range(count)]
        school.classes = [
            (grade, number + 1, sizes[g * per_grade + number])
            for g, grade in enumerate(grades)
            for number in range(per_grade)
        ]
        school.class_id_start = next_class
        next_class += count
        school.student_id_start = next_student
        school.students = students
        next_student += students
        school.guardian_id_start = next_guardian
        school.guardians = sum(
            guardian_count(sid) for sid in range(next_student - students, next_student)
        )
        next_guardian += school.guardians
        school.leader_id = next_user
        school.teacher_id_start = next_user + 1
        school.teachers = max(count, round(NANNING_TEACHERS * students / NANNING_STUDENTS))
        next_user += 1 + school.teachers
    # Parent accounts come last so that staff ids stay dense at the front.
    for school in plan.schools:
        school.parent_id_start = next_user
        guardian_id = school.guardian_id_start
        for sid in range(school.student_id_start, school.student_id_start + school.students):
            if has_parent_account(sid):
                school.parent_guardians.append(guardian_id)
            guardian_id += guardian_count(sid)
        school.parents = len(school.parent_guardians)
        next_user += school.parents
    plan.users = next_user - plan.start["user"]
