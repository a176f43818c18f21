"""The education map with its bases' courses, slots and bookings; study-tour
providers; partner organisations, volunteers and their hours; lecturer
groups; departments, alliances and their joint meetings.

Resource i lies in district i % 12; every third resource is an approved base
open for school bookings, with SLOTS_PER_BASE slots over the year."""

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from community.models import AgeGroup as A
from community.models import (
    Alliance,
    ApprovalRecord,
    ApprovalStatus,
    Booking,
    BookingSlot,
    BookingStatus,
    Department,
    EducationResource,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    LecturerGroup,
    MeetingAttendee,
    Organisation,
    ResourceCategory,
    ResourceCourse,
    StudyTourProvider,
    Volunteer,
    VolunteerHours,
)
from community.models import Theme as T
from portal.citygen.plan import CityPlan, _mix
from portal.demo.community_life import ACTIVITIES, DESCRIPTIONS, SKILLS

from .base import Context, district_schools, head_teacher, semester_of

C = ResourceCategory
K = Department.Kind

RESOURCES_PER_SCHOOL = 8_000 / 2_880
ORGANISATIONS = 520
VOLUNTEERS = 12_000
HOURS_PER_VOLUNTEER = 5
LECTURER_GROUPS = 87
LECTURERS_PER_GROUP = 6
SLOTS_PER_BASE = 12
COURSES_PER_BASE = 3
PROVIDERS_PER_DISTRICT = 2
MEETINGS_PER_ALLIANCE = 4
TASKS_PER_MEETING = 2

# Approximate centres of Nanning's districts and counties (lat, lon).
CENTRES = (
    (22.87, 108.37),
    (22.80, 108.45),
    (22.77, 108.28),
    (22.86, 108.25),
    (22.71, 108.40),
    (22.76, 108.52),
    (23.16, 108.27),
    (23.17, 107.70),
    (23.55, 108.18),
    (23.43, 108.60),
    (23.22, 108.81),
    (22.68, 108.95),
)
NOUNS = {
    C.MUSEUM: "博物馆",
    C.FAMILY_TRADITION: "家风家训馆",
    C.SCIENCE_CENTRE: "科普馆",
    C.CULTURE_CENTRE: "文化站",
    C.RED_EDUCATION: "红色教育基地",
    C.INTANGIBLE_HERITAGE: "非遗传习所",
    C.PRACTICE_BASE: "研学实践基地",
    C.STUDY_ROUTE: "研学线路",
}
CATEGORY_THEMES = {
    C.MUSEUM: [T.HERITAGE, T.CULTURE_ART],
    C.FAMILY_TRADITION: [T.FAMILY_TRADITION],
    C.SCIENCE_CENTRE: [T.SCIENCE, T.LAW_SAFETY],
    C.CULTURE_CENTRE: [T.CULTURE_ART],
    C.RED_EDUCATION: [T.RED_CULTURE],
    C.INTANGIBLE_HERITAGE: [T.HERITAGE, T.CULTURE_ART],
    C.PRACTICE_BASE: [T.LABOUR, T.NATURE],
    C.STUDY_ROUTE: [T.NATURE, T.HERITAGE],
}
AGE_SETS = (
    [A.KINDERGARTEN, A.PRIMARY_LOWER, A.FAMILY],
    [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.JUNIOR],
    [A.PRIMARY_UPPER, A.JUNIOR, A.SENIOR],
    [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY],
)
HOURS = ("周二至周日 9:00–17:00", "每日 9:00–21:00", "周一至周五接待团体预约", "周末 9:00–17:00")
COURSES = (
    ("劳动体验课", "跟着农民伯伯下田，认识农具，体验耕种与采摘。", 150),
    ("安全教育课", "交通、防溺水与消防情景课，模拟演练。", 90),
    ("主题研学课", "讲解员带领参观，完成研学任务单并分组汇报。", 120),
)
CITY_DEPARTMENTS = (
    ("南宁市公安局", K.PUBLIC_SECURITY),
    ("南宁市卫生健康委员会", K.HEALTH),
    ("南宁市妇女联合会", K.WOMENS_FEDERATION),
    ("南宁市民政局", K.CIVIL_AFFAIRS),
    ("南宁市人民检察院", K.PROCURATORATE),
    ("共青团南宁市委员会", K.YOUTH_LEAGUE),
)
DISTRICT_DEPARTMENTS = (
    ("公安分局", K.PUBLIC_SECURITY),
    ("卫生健康局", K.HEALTH),
    ("妇女联合会", K.WOMENS_FEDERATION),
    ("人民检察院", K.PROCURATORATE),
)
# Department positions (city list, district list) of each alliance kind.
ALLIANCE_KINDS = (
    (Alliance.Kind.POLICE_EDUCATION, "警教协同教联体", (0, 4), (0, 3)),
    (Alliance.Kind.MEDICAL_EDUCATION, "医教协同教联体", (1, 2, 3, 5), (1, 2)),
)
PURPOSES = {
    Alliance.Kind.POLICE_EDUCATION: "公安、检察与学校联动，开展校园安全巡查、法治宣讲和"
    "涉未成年人案件早期干预。",
    Alliance.Kind.MEDICAL_EDUCATION: "卫健、妇联与学校协同，做好学生心理健康筛查、转介和"
    "困境儿童关爱。",
}
MINUTES = (
    "通报本季度校园周边治安情况；研究上下学高峰护学岗安排；部署防范电信诈骗进课堂。",
    "通报学生心理健康筛查结果；研究高风险学生转介流程；安排心理健康宣传周。",
    "总结暑期防溺水工作；部署秋季学期校园安全大检查。",
    "研究留守儿童关爱帮扶名单；协调寒假期间走访慰问安排。",
)
TASKS = (
    "落实上下学高峰“护学岗”警力安排",
    "协调清理校门口流动摊点，并报送整改情况",
    "汇总本学期心理筛查高风险学生转介情况",
    "组织法治副校长进校园宣讲",
)
ORGANISATION_KINDS = (
    (Organisation.Kind.SOCIAL_ORGANISATION, "青少年社会工作服务中心", "留守儿童陪伴、个案辅导"),
    (Organisation.Kind.SOCIAL_ORGANISATION, "志愿者协会", "课后服务、周末阅读陪伴、防溺水巡河"),
    (Organisation.Kind.COMMUNITY_GROUP, "妇女儿童之家", "“四点半课堂”、假期托管"),
    (Organisation.Kind.PUBLIC_INSTITUTION, "青少年宫", "艺术普及、科技活动"),
    (Organisation.Kind.ENTERPRISE, "文化传播有限公司", "家庭教育讲座会务、亲子活动"),
)
LECTURER_TITLES = (
    ("高级教师", "亲子沟通、家校共育"),
    ("国家二级心理咨询师", "青春期心理、情绪管理"),
    ("师范学院副教授", "儿童发展心理、学习习惯养成"),
    ("退休教师", "隔代教养、留守儿童陪伴"),
    ("社会工作师", "困境儿童关爱、家庭支持"),
    ("律师", "未成年人保护法、家庭教育促进法"),
)


def resource_count(plan: CityPlan) -> int:
    return max(3 * len(plan.districts), round(len(plan.schools) * RESOURCES_PER_SCHOOL))


def organisation_count(plan: CityPlan) -> int:
    return max(len(plan.districts), round(ORGANISATIONS * plan.scale))


def volunteer_count(plan: CityPlan) -> int:
    return max(2 * len(plan.districts), round(VOLUNTEERS * plan.scale))


def group_count(plan: CityPlan) -> int:
    return max(1 + len(plan.districts), round(LECTURER_GROUPS * plan.scale))


def department_id(plan: CityPlan, district_index: int | None, position: int) -> int:
    """A city department (district None) or one of a district's four."""
    if district_index is None:
        return plan.start["department"] + position
    base = len(CITY_DEPARTMENTS) + district_index * len(DISTRICT_DEPARTMENTS)
    return plan.start["department"] + base + position


def lecturer_of(plan: CityPlan, district_index: int, key: int) -> int:
    """A lecturer of one of the district's groups (group g ≥ 1 serves district (g-1) % 12)."""
    groups = range(1 + district_index, group_count(plan), len(plan.districts))
    group = groups[key % len(groups)]
    return plan.start["lecturer"] + group * LECTURERS_PER_GROUP + key % LECTURERS_PER_GROUP


def _is_base(index: int) -> bool:
    return index % 3 == 0


def _bases(plan: CityPlan) -> Iterator[tuple[int, int]]:
    """(base number, resource index) of every resource open for bookings."""
    yield from enumerate(range(0, resource_count(plan), 3))


@dataclass
class _Resource:
    index: int
    id: int
    district_index: int
    town_index: int
    category: str
    status: str
    capacity: int | None


def _resource(ctx: Context, index: int) -> _Resource:
    plan = ctx.plan
    h = _mix(index + 7)
    if _is_base(index):
        category = C.PRACTICE_BASE if index % 6 == 0 else (C.MUSEUM, C.SCIENCE_CENTRE)[h % 2]
        status = ApprovalStatus.APPROVED
    else:
        category = list(C)[h % len(C)]
        bucket = (h >> 8) % 20
        status = (
            ApprovalStatus.APPLIED
            if bucket < 3
            else ApprovalStatus.SUSPENDED
            if bucket == 3
            else ApprovalStatus.APPROVED
        )
    capacity = (60, 80, 120, 200)[(h >> 4) % 4]
    return _Resource(
        index=index,
        id=plan.start["educationresource"] + index,
        district_index=index % len(plan.districts),
        town_index=(h >> 12) % plan.towns_per_district,
        category=category,
        status=status,
        capacity=capacity if _is_base(index) or (h >> 16) % 2 else None,
    )


def _town_name(town_index: int) -> str:
    return f"第{town_index + 1}{'街道' if town_index % 3 == 0 else '镇'}"


def education_resources(ctx: Context):
    plan = ctx.plan
    south, west, north, east = settings.CITY_BOUNDS

    def rows():
        for index in range(resource_count(plan)):
            r = _resource(ctx, index)
            rng = ctx.rng("educationresource", index)
            district_name = plan.districts[r.district_index][0]
            town = _town_name(r.town_index)
            lat0, lon0 = CENTRES[r.district_index % len(CENTRES)]
            lat = min(max(lat0 + rng.uniform(-0.09, 0.09), south), north)
            lon = min(max(lon0 + rng.uniform(-0.09, 0.09), west), east)
            approved = r.status == ApprovalStatus.APPROVED
            names = ctx.names("educationresource", index)
            yield (
                r.id,
                f"{district_name}{town}{NOUNS[r.category]}（{index // len(plan.districts) + 1}号）",
                r.category,
                json.dumps([str(t) for t in CATEGORY_THEMES[r.category]]),
                json.dumps([str(a) for a in AGE_SETS[index % len(AGE_SETS)]]),
                plan.district_id(r.district_index),
                plan.town_id(r.district_index, r.town_index),
                f"{district_name}{town}文化路{index + 1}号",
                Decimal(f"{lat:.6f}"),
                Decimal(f"{lon:.6f}"),
                DESCRIPTIONS[r.category],
                HOURS[index % len(HOURS)],
                r.capacity,
                ("设无障碍通道", "", "部分展区有台阶")[index % 3],
                names.teacher(),
                f"0771-{5_000_000 + index:07d}",
                "",
                r.status,
                1 + _mix(index) % 5 if approved else None,
                _is_base(index),
                ctx.now - datetime.timedelta(days=400),
                ctx.now - datetime.timedelta(days=30),
            )

    columns = (
        "id",
        "name",
        "category",
        "themes",
        "age_groups",
        "district_id",
        "town_id",
        "address",
        "latitude",
        "longitude",
        "description",
        "opening_hours",
        "capacity_per_visit",
        "accessibility",
        "contact_name",
        "contact_phone",
        "website",
        "approval_status",
        "star_rating",
        "open_for_bookings",
        "created_at",
        "updated_at",
    )
    return EducationResource, columns, rows(), resource_count(plan)


def resource_managers(ctx: Context):
    """Each base is answered by the cadre of the first village of its town."""
    plan = ctx.plan
    through = EducationResource.managers.through
    first = plan.start["educationresource_managers"]

    def rows():
        for number, index in _bases(plan):
            r = _resource(ctx, index)
            yield first + number, r.id, plan.cadre_of(r.district_index, r.town_index, 0)

    total = sum(1 for _ in _bases(plan))
    return through, ("id", "educationresource_id", "user_id"), rows(), total


def resource_courses(ctx: Context):
    plan = ctx.plan

    def rows():
        for number, index in _bases(plan):
            r = _resource(ctx, index)
            ages = json.dumps([str(a) for a in AGE_SETS[index % len(AGE_SETS)]])
            for k, (title, text, minutes) in enumerate(COURSES):
                course_id = plan.start["resourcecourse"] + number * COURSES_PER_BASE + k
                yield course_id, r.id, title, text, ages, minutes, True

    total = sum(1 for _ in _bases(plan)) * COURSES_PER_BASE
    columns = ("id", "resource_id", "title", "description", "age_groups", "duration_minutes")
    return ResourceCourse, (*columns, "is_active"), rows(), total


@dataclass
class _Slot:
    id: int
    resource: _Resource
    base_number: int
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    capacity: int
    booking: tuple | None  # (school, class index, students, status)


def _slots(ctx: Context) -> Iterator[_Slot]:
    plan = ctx.plan
    first_day = ctx.semesters[0][1]
    span = (ctx.semesters[-1][2] - first_day).days
    today = ctx.now.date()
    for number, index in _bases(plan):
        r = _resource(ctx, index)
        rng = ctx.rng("bookingslot", index)
        schools = district_schools(plan, r.district_index)
        for k in range(SLOTS_PER_BASE):
            day = first_day + datetime.timedelta(days=k * span // SLOTS_PER_BASE + rng.randrange(3))
            morning = k % 2 == 0
            starts = datetime.time(9) if morning else datetime.time(14)
            ends = datetime.time(11, 30) if morning else datetime.time(16, 30)
            booking = None
            past = day < today
            if rng.random() < (0.6 if past else 0.4):
                school = schools[rng.randrange(len(schools))]
                class_index = rng.randrange(len(school.classes))
                students = min(school.classes[class_index][2], r.capacity)
                roll = rng.random()
                if past:
                    status = (
                        BookingStatus.CONFIRMED
                        if roll < 0.85
                        else BookingStatus.DECLINED
                        if roll < 0.93
                        else BookingStatus.CANCELLED
                    )
                else:
                    status = BookingStatus.REQUESTED if roll < 0.5 else BookingStatus.CONFIRMED
                booking = (school, class_index, students, status)
            yield _Slot(
                id=plan.start["bookingslot"] + number * SLOTS_PER_BASE + k,
                resource=r,
                base_number=number,
                date=day,
                starts_at=starts,
                ends_at=ends,
                capacity=r.capacity,
                booking=booking,
            )


HOLDING = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


def booking_slots(ctx: Context):
    def rows():
        for slot in _slots(ctx):
            held = slot.booking[2] if slot.booking and slot.booking[3] in HOLDING else 0
            yield (
                slot.id,
                slot.resource.id,
                slot.date,
                slot.starts_at,
                slot.ends_at,
                slot.capacity,
                held,
            )

    total = sum(1 for _ in _bases(ctx.plan)) * SLOTS_PER_BASE
    columns = ("id", "resource_id", "date", "starts_at", "ends_at", "capacity", "booked_students")
    return BookingSlot, columns, rows(), total


def bookings(ctx: Context):
    plan = ctx.plan

    def rows():
        booking_id = plan.start["booking"]
        for slot in _slots(ctx):
            if slot.booking is None:
                continue
            school, class_index, students, status = slot.booking
            r = slot.resource
            booked_at = ctx.at(slot.date - datetime.timedelta(days=14), 10)
            answered = status in (BookingStatus.CONFIRMED, BookingStatus.DECLINED)
            yield (
                booking_id,
                slot.id,
                school.id,
                school.class_id_start + class_index,
                plan.district_id(school.district_index),
                semester_of(ctx, slot.date),
                plan.start["resourcecourse"] + slot.base_number * COURSES_PER_BASE + slot.id % 3,
                students,
                2 + slot.id % 3,
                status,
                head_teacher(school, class_index),
                plan.cadre_of(r.district_index, r.town_index, 0) if answered else None,
                booked_at + datetime.timedelta(days=1) if answered else None,
                "当天已有其他学校预约，建议改约下周。" if status == BookingStatus.DECLINED else "",
                booked_at + datetime.timedelta(days=3)
                if status == BookingStatus.CANCELLED
                else None,
                booked_at,
            )
            booking_id += 1

    columns = (
        "id",
        "slot_id",
        "school_id",
        "school_class_id",
        "district_id",
        "semester_id",
        "course_id",
        "students",
        "teachers",
        "status",
        "requested_by_id",
        "decided_by_id",
        "decided_at",
        "decline_reason",
        "cancelled_at",
        "created_at",
    )
    total = round(sum(1 for _ in _bases(plan)) * SLOTS_PER_BASE * 0.5)
    return Booking, columns, rows(), total


def _provider_count(plan: CityPlan) -> int:
    return len(plan.districts) * PROVIDERS_PER_DISTRICT


def study_tour_providers(ctx: Context):
    plan = ctx.plan

    def rows():
        names = ctx.names("studytourprovider")
        for p in range(_provider_count(plan)):
            d = p % len(plan.districts)
            district_name, code, _ = plan.districts[d]
            recommended = p % 3 != 2
            yield (
                plan.start["studytourprovider"] + p,
                f"{district_name}山水研学旅行服务有限公司{p // len(plan.districts) + 1}部",
                f"91{code}MA{p + 1:08d}",
                plan.district_id(d),
                names.teacher(),
                f"0771-{6_000_000 + p:07d}",
                "研学线路设计、带队导师、交通与保险一体化服务。",
                ApprovalStatus.APPROVED if recommended else ApprovalStatus.APPLIED,
                recommended,
            )

    columns = (
        "id",
        "name",
        "credit_code",
        "district_id",
        "contact_name",
        "contact_phone",
        "description",
        "approval_status",
        "is_recommended",
    )
    return StudyTourProvider, columns, rows(), _provider_count(plan)


def approval_records(ctx: Context):
    """One decision per resource (its current status) and per recommended provider."""
    plan = ctx.plan

    def rows():
        record_id = plan.start["approvalrecord"]
        for index in range(resource_count(plan)):
            r = _resource(ctx, index)
            note = "材料齐全，实地查看符合条件。" if r.status == ApprovalStatus.APPROVED else ""
            at = ctx.now - datetime.timedelta(days=30 + index % 300)
            yield record_id, r.id, None, r.status, note, plan.city_officer_id, at
            record_id += 1
        for p in range(_provider_count(plan)):
            if p % 3 != 2:
                at = ctx.now - datetime.timedelta(days=60 + p)
                note = "资质、安全预案与保险材料审核通过，列入推荐名单。"
                provider = plan.start["studytourprovider"] + p
                yield record_id, None, provider, "approved", note, plan.city_officer_id, at
                record_id += 1

    total = resource_count(plan) + sum(1 for p in range(_provider_count(plan)) if p % 3 != 2)
    columns = ("id", "resource_id", "provider_id", "status", "note", "decided_by_id", "decided_at")
    return ApprovalRecord, columns, rows(), total


def _organisation_district(plan: CityPlan, index: int) -> int | None:
    return None if index % 10 == 0 else index % len(plan.districts)


def organisations(ctx: Context):
    plan = ctx.plan

    def rows():
        names = ctx.names("organisation")
        for o in range(organisation_count(plan)):
            d = _organisation_district(plan, o)
            place = "南宁市" if d is None else plan.districts[d][0]
            kind, noun, services = ORGANISATION_KINDS[o % len(ORGANISATION_KINDS)]
            yield (
                plan.start["organisation"] + o,
                f"{place}{noun}（{o + 1}）",
                kind,
                f"52450100MJ{o + 1:07d}" if kind == Organisation.Kind.SOCIAL_ORGANISATION else "",
                None if d is None else plan.district_id(d),
                services,
                names.teacher(),
                f"0771-{7_000_000 + o:07d}",
                True,
            )

    columns = (
        "id",
        "name",
        "kind",
        "credit_code",
        "district_id",
        "services",
        "contact_name",
        "contact_phone",
        "is_active",
    )
    return Organisation, columns, rows(), organisation_count(plan)


def _volunteer(plan: CityPlan, v: int) -> tuple[int, int]:
    """(organisation index, district index served) of volunteer v."""
    o = v % organisation_count(plan)
    d = _organisation_district(plan, o)
    return o, v % len(plan.districts) if d is None else d


def volunteers(ctx: Context):
    plan = ctx.plan

    def rows():
        rng = ctx.rng("volunteer")
        names = ctx.names("volunteer")
        for v in range(volunteer_count(plan)):
            o, _ = _volunteer(plan, v)
            yield (
                plan.start["volunteer"] + v,
                names.parent(names.surname(), man=rng.random() < 0.4),
                f"176{v:08d}",
                None,
                plan.start["organisation"] + o,
                json.dumps(rng.sample(SKILLS, k=rng.randint(1, 3)), ensure_ascii=False),
                True,
                ctx.now.date() - datetime.timedelta(days=rng.randint(60, 900)),
            )

    columns = (
        "id",
        "name",
        "phone",
        "account_id",
        "organisation_id",
        "skills",
        "is_active",
        "joined_on",
    )
    return Volunteer, columns, rows(), volunteer_count(plan)


def volunteer_districts(ctx: Context):
    plan = ctx.plan
    through = Volunteer.districts.through
    first = plan.start["volunteer_districts"]

    def rows():
        for v in range(volunteer_count(plan)):
            _, d = _volunteer(plan, v)
            yield first + v, plan.start["volunteer"] + v, plan.district_id(d)

    return through, ("id", "volunteer_id", "district_id"), rows(), volunteer_count(plan)


def volunteer_hours(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        rng = ctx.rng("volunteerhours")
        for v in range(volunteer_count(plan)):
            _, d = _volunteer(plan, v)
            officer = plan.district_officer_start + d
            for k in range(HOURS_PER_VOLUNTEER):
                verified = rng.random() < 0.7
                yield (
                    plan.start["volunteerhours"] + v * HOURS_PER_VOLUNTEER + k,
                    plan.start["volunteer"] + v,
                    today - datetime.timedelta(days=rng.randint(1, 300)),
                    Decimal(rng.choice(("1.5", "2.0", "2.5", "3.0", "4.0"))),
                    rng.choice(ACTIVITIES),
                    plan.district_id(d),
                    officer,
                    officer if verified else None,
                    ctx.now - datetime.timedelta(days=rng.randint(0, 30)) if verified else None,
                )

    columns = (
        "id",
        "volunteer_id",
        "served_on",
        "hours",
        "activity",
        "district_id",
        "recorded_by_id",
        "verified_by_id",
        "verified_at",
    )
    return VolunteerHours, columns, rows(), volunteer_count(plan) * HOURS_PER_VOLUNTEER


def lecturer_groups(ctx: Context):
    plan = ctx.plan

    def rows():
        for g in range(group_count(plan)):
            if g == 0:
                yield (
                    plan.start["lecturergroup"],
                    "南宁市家庭教育讲师团",
                    None,
                    plan.start["organisation"],
                    "市妇联与市教育局共建，面向全市家长学校授课。",
                )
                continue
            d = (g - 1) % len(plan.districts)
            number = (g - 1) // len(plan.districts)
            suffix = "" if number == 0 else f"第{number + 1}分团"
            yield (
                plan.start["lecturergroup"] + g,
                f"{plan.districts[d][0]}家庭教育讲师团{suffix}",
                plan.district_id(d),
                None,
                "退休教师、心理咨询师和社工组成，深入社区村屯为家长授课。",
            )

    columns = ("id", "name", "district_id", "organisation_id", "description")
    return LecturerGroup, columns, rows(), group_count(plan)


def lecturers(ctx: Context):
    plan = ctx.plan

    def rows():
        names = ctx.names("lecturer")
        for g in range(group_count(plan)):
            for k in range(LECTURERS_PER_GROUP):
                title, expertise = LECTURER_TITLES[k]
                lecturer_id = plan.start["lecturer"] + g * LECTURERS_PER_GROUP + k
                yield (
                    lecturer_id,
                    plan.start["lecturergroup"] + g,
                    names.teacher(),
                    title,
                    expertise,
                    f"{title}，长期从事{expertise}方面的研究与宣讲。",
                    f"175{lecturer_id % 10**8:08d}",
                    None,
                    True,
                )

    columns = (
        "id",
        "group_id",
        "name",
        "title",
        "expertise",
        "bio",
        "phone",
        "account_id",
        "is_active",
    )
    return Lecturer, columns, rows(), group_count(plan) * LECTURERS_PER_GROUP


def _department_total(plan: CityPlan) -> int:
    return len(CITY_DEPARTMENTS) + len(plan.districts) * len(DISTRICT_DEPARTMENTS)


def departments(ctx: Context):
    plan = ctx.plan

    def rows():
        names = ctx.names("department")
        for p, (name, kind) in enumerate(CITY_DEPARTMENTS):
            yield department_id(plan, None, p), name, kind, None, names.teacher(), f"0771-28{p:05d}"
        for d, (district_name, _, _) in enumerate(plan.districts):
            for p, (noun, kind) in enumerate(DISTRICT_DEPARTMENTS):
                pk = department_id(plan, d, p)
                yield (
                    pk,
                    f"{district_name}{noun}",
                    kind,
                    plan.district_id(d),
                    names.teacher(),
                    f"0771-3{pk % 10**6:06d}",
                )

    columns = ("id", "name", "kind", "district_id", "contact_name", "contact_phone")
    return Department, columns, rows(), _department_total(plan)


def department_liaisons(ctx: Context):
    """The district officer acts for a district's departments, the city officer for the city's."""
    plan = ctx.plan
    through = Department.liaisons.through
    first = plan.start["department_liaisons"]

    def rows():
        for p in range(len(CITY_DEPARTMENTS)):
            pk = department_id(plan, None, p)
            yield first + pk - plan.start["department"], pk, plan.city_officer_id
        for d in range(len(plan.districts)):
            for p in range(len(DISTRICT_DEPARTMENTS)):
                pk = department_id(plan, d, p)
                officer = plan.district_officer_start + d
                yield first + pk - plan.start["department"], pk, officer

    return through, ("id", "department_id", "user_id"), rows(), _department_total(plan)


def _alliances(plan: CityPlan) -> Iterator[tuple[int, int | None, int]]:
    """(alliance id, district index or None for the city, kind position)."""
    pk = plan.start["alliance"]
    for district_index in (None, *range(len(plan.districts))):
        for k in range(len(ALLIANCE_KINDS)):
            yield pk, district_index, k
            pk += 1


def _alliance_total(plan: CityPlan) -> int:
    return (1 + len(plan.districts)) * len(ALLIANCE_KINDS)


def alliances(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        for pk, d, k in _alliances(plan):
            kind, noun, _, _ = ALLIANCE_KINDS[k]
            place = "南宁市" if d is None else plan.districts[d][0]
            yield (
                pk,
                f"{place}{noun}",
                kind,
                PURPOSES[kind],
                None if d is None else plan.district_id(d),
                today - datetime.timedelta(days=400 - 30 * k),
            )

    columns = ("id", "name", "kind", "purpose", "district_id", "established_on")
    return Alliance, columns, rows(), _alliance_total(plan)


def _alliance_departments(plan: CityPlan, d: int | None, k: int) -> list[int]:
    _, _, city, district = ALLIANCE_KINDS[k]
    positions = city if d is None else district
    return [department_id(plan, d, p) for p in positions]


def alliance_departments(ctx: Context):
    plan = ctx.plan
    through = Alliance.departments.through

    def rows():
        pk = plan.start["alliance_departments"]
        for alliance_id, d, k in _alliances(plan):
            for department in _alliance_departments(plan, d, k):
                yield pk, alliance_id, department
                pk += 1

    total = sum(len(_alliance_departments(plan, d, k)) for _, d, k in _alliances(plan))
    return through, ("id", "alliance_id", "department_id"), rows(), total


def alliance_schools(ctx: Context):
    """Every school belongs to its district's alliances."""
    plan = ctx.plan
    through = Alliance.schools.through

    def rows():
        pk = plan.start["alliance_schools"]
        for alliance_id, d, _ in _alliances(plan):
            if d is None:
                continue
            for school in district_schools(plan, d):
                yield pk, alliance_id, school.id
                pk += 1

    return through, ("id", "alliance_id", "school_id"), rows(), 2 * len(plan.schools)


def _meetings(plan: CityPlan) -> Iterator[tuple[int, int, int | None, int, int]]:
    """(meeting id, alliance id, district index, kind position, number)."""
    pk = plan.start["jointmeeting"]
    for alliance_id, d, k in _alliances(plan):
        for number in range(MEETINGS_PER_ALLIANCE):
            yield pk, alliance_id, d, k, number
            pk += 1


def _officer(plan: CityPlan, d: int | None) -> int:
    return plan.city_officer_id if d is None else plan.district_officer_start + d


def joint_meetings(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        for pk, alliance_id, d, k, number in _meetings(plan):
            place = "南宁市教育局" if d is None else f"{plan.districts[d][0]}教育局"
            yield (
                pk,
                alliance_id,
                None if d is None else plan.district_id(d),
                today - datetime.timedelta(days=20 + 91 * number + 7 * k),
                f"{place}三楼会议室",
                MINUTES[(number + k) % len(MINUTES)],
                _officer(plan, d),
            )

    columns = (
        "id",
        "alliance_id",
        "district_id",
        "held_on",
        "location",
        "minutes",
        "recorded_by_id",
    )
    return JointMeeting, columns, rows(), _alliance_total(plan) * MEETINGS_PER_ALLIANCE


def meeting_attendees(ctx: Context):
    """The alliance's departments, and for a district alliance one of its schools."""
    plan = ctx.plan

    def rows():
        names = ctx.names("meetingattendee")
        pk = plan.start["meetingattendee"]
        for meeting_id, _, d, k, number in _meetings(plan):
            for department in _alliance_departments(plan, d, k):
                yield pk, meeting_id, names.teacher(), department, None
                pk += 1
            if d is not None:
                schools = district_schools(plan, d)
                school = schools[number % len(schools)]
                yield pk, meeting_id, names.teacher(), None, school.id
                pk += 1

    total = sum(
        len(_alliance_departments(plan, d, k)) + (d is not None)
        for _, _, d, k, _ in _meetings(plan)
    )
    return (
        MeetingAttendee,
        ("id", "meeting_id", "name", "department_id", "school_id"),
        rows(),
        total,
    )


def follow_up_tasks(ctx: Context):
    """Two tasks a meeting; those of earlier meetings are done."""
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        pk = plan.start["followuptask"]
        for meeting_id, _, d, k, number in _meetings(plan):
            held = today - datetime.timedelta(days=20 + 91 * number + 7 * k)
            for t in range(TASKS_PER_MEETING):
                if t == 0 or d is None:
                    owner = _officer(plan, d)
                    department = _alliance_departments(plan, d, k)[0]
                else:
                    schools = district_schools(plan, d)
                    owner = schools[number % len(schools)].leader_id
                    department = None
                done = number > 0
                yield (
                    pk,
                    meeting_id,
                    TASKS[(number + t + k) % len(TASKS)],
                    owner,
                    department,
                    held + datetime.timedelta(days=30),
                    "done" if done else "open",
                    ctx.at(held + datetime.timedelta(days=25), 16) if done else None,
                    "已落实，情况已在下次联席会议上通报。" if done else "",
                )
                pk += 1

    columns = (
        "id",
        "meeting_id",
        "title",
        "owner_id",
        "owner_department_id",
        "due_on",
        "status",
        "done_at",
        "outcome",
    )
    total = _alliance_total(plan) * MEETINGS_PER_ALLIANCE * TASKS_PER_MEETING
    return FollowUpTask, columns, rows(), total
