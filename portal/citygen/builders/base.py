"""What every builder shares: the context, phone numbers and the id arithmetic."""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from portal.citygen.plan import CityPlan, SchoolPlan, guardian_count, has_parent_account
from portal.demo.names import MOBILE_PREFIXES, NameSource
from schools.models import SchoolStage

# Staff numbers start with 199, which guardians' numbers never do, so a
# parent account can carry its roster number without meeting a teacher's.
STAFF_PREFIX = "199"
USERNAME_PREFIX = "cg."
GUARDIAN_PREFIXES = tuple(p for p in MOBILE_PREFIXES if p != STAFF_PREFIX)
STAGE_LABELS = {
    SchoolStage.KINDERGARTEN: "幼儿园",
    SchoolStage.PRIMARY: "小学",
    SchoolStage.JUNIOR: "初级中学",
    SchoolStage.SENIOR: "高级中学",
    SchoolStage.NINE_YEAR: "九年一贯制学校",
    SchoolStage.COMPLETE_SECONDARY: "完全中学",
}
SUMMARIES = (
    "了解孩子在家学习情况，与家长沟通作业安排。",
    "讲解防溺水安全知识，提醒假期看护。",
    "与祖辈沟通孩子情绪变化，建议多陪伴交流。",
    "宣讲“双减”政策，交流课后服务安排。",
    "指导家长关注孩子睡眠与手机使用。",
)
TOPICS = ("study", "mental_health", "safety", "family_guidance", "policy")


@dataclass
class Context:
    plan: CityPlan
    semesters: list[tuple[int, datetime.date, datetime.date]]  # id, first day, last day
    now: datetime.datetime
    password: str

    def rng(self, table: str, key: int = 0) -> random.Random:
        return random.Random(f"{self.plan.seed}:{table}:{key}")

    def names(self, table: str, key: int = 0) -> NameSource:
        return NameSource(self.rng(f"{table}-names", key).getrandbits(32))

    def at(self, day: datetime.date, hour: int = 20) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.now.tzinfo)


def guardian_phone(guardian_id: int) -> str:
    prefix = GUARDIAN_PREFIXES[guardian_id % len(GUARDIAN_PREFIXES)]
    # 48271 is prime to 10**8, so the suffix is a permutation of the id.
    return prefix + f"{(guardian_id // len(GUARDIAN_PREFIXES) * 48271) % 10**8:08d}"


def staff_phone(user_id: int) -> str:
    return STAFF_PREFIX + f"{user_id % 10**8:08d}"


def school_students(school: SchoolPlan) -> Iterator[tuple[int, int, int]]:
    """(student id, position in the school, class index) for every student."""
    position = 0
    for class_index, (_, _, size) in enumerate(school.classes):
        for _ in range(size):
            yield school.student_id_start + position, position, class_index
            position += 1


def first_guardian_of_parent(school: SchoolPlan, parent: int) -> int:
    """The first guardian of the school's `parent`-th student with an account."""
    return school.parent_guardians[parent]


def head_teacher(school: SchoolPlan, class_index: int) -> int:
    return school.teacher_id_start + class_index


def first_guardians(school: SchoolPlan) -> list[int]:
    """The first guardian on the roster of each of the school's students, by position."""
    firsts = []
    guardian_id = school.guardian_id_start
    for student_id in range(school.student_id_start, school.student_id_start + school.students):
        firsts.append(guardian_id)
        guardian_id += guardian_count(student_id)
    return firsts


def parent_students(school: SchoolPlan) -> list[int]:
    """The child each of the school's parent accounts is bound to, by account."""
    start = school.student_id_start
    return [sid for sid in range(start, start + school.students) if has_parent_account(sid)]


def counsellors_of(plan: CityPlan, district_index: int) -> list[int]:
    """Up to three teachers of the district's first school who also counsel.

    The first school of district d is plan.schools[d] (schools go round the
    districts), and its last teachers are subject teachers where there are any."""
    school = plan.schools[district_index]
    # Never the school's first teacher, who heads its first class, where there are others.
    count = max(1, min(3, school.teachers - 1))
    return [school.teacher_id_start + school.teachers - 1 - k for k in range(count)]


def semester_of(ctx: Context, day: datetime.date) -> int:
    for semester_id, first, last in ctx.semesters:
        if first <= day <= last:
            return semester_id
    return ctx.semesters[-1][0] if day > ctx.semesters[-1][2] else ctx.semesters[0][0]


def district_schools(plan: CityPlan, district_index: int) -> list[SchoolPlan]:
    return plan.schools[district_index :: len(plan.districts)]
