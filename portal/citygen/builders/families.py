"""Parent schools at every level, their courses and lectures, the families
signed up, checked in and awarded a certificate."""

import datetime
import json

from families.models import (
    Completion,
    Course,
    Lecture,
    ParentSchool,
    ParentSchoolLevel,
    Registration,
)
from families.services.completion import NUMBER_PREFIX
from portal.citygen.plan import LECTURES_PER_SCHOOL, CityPlan, SchoolPlan, _mix
from portal.demo.family_life import LECTURES
from schools.models import SchoolStage
from schools.models.org import STAGE_GRADES

from .base import Context
from .community import lecturer_of

ONLINE_SCHOOLS = ("南宁家长网上学校", "润心线上家长课堂")
LECTURES_TO_COMPLETE = 3
CHECK_IN_SHARE = 85  # per cent of confirmed families who come
LIVE_URL = "https://live.nnedu.example.cn"


def parent_schools(ctx: Context):
    plan = ctx.plan
    first = plan.start["parentschool"]

    def rows():
        def row(
            pk, name, level, district=None, school=None, stars=None, village=None, principal="校长"
        ):
            return pk, name, level, district, school, village, principal, stars, established, True

        established = datetime.date(2018, 9, 1)
        yield row(first, "南宁市家长学校", ParentSchoolLevel.CITY, stars=4)
        for d, (name, _, _) in enumerate(plan.districts):
            district_id = plan.district_id(d)
            yield row(
                first + 1 + d, f"{name}家长学校", ParentSchoolLevel.COUNTY, district_id, None, 3
            )
        for s in plan.schools:
            yield row(
                _parent_school_id(plan, s),
                f"第{s.id}校家长学校",
                ParentSchoolLevel.SCHOOL,
                plan.district_id(s.district_index),
                s.id,
                1 + s.index % 5,
            )
        names = ctx.names("parentschool")
        for d, (district_name, _, _) in enumerate(plan.districts):
            for t in range(plan.towns_per_district):
                street = t % 3 == 0
                town = f"第{t + 1}{'街道' if street else '镇'}"
                for v in range(plan.villages_per_town):
                    village = f"第{v + 1}{'社区' if street else '村'}"
                    yield row(
                        village_parent_school_id(plan, d, t, v),
                        f"{district_name}{town}{village}家长学校",
                        ParentSchoolLevel.COMMUNITY if street else ParentSchoolLevel.VILLAGE,
                        plan.district_id(d),
                        None,
                        None if v % 4 else 2 + (t + v) % 3,
                        village=plan.village_id(d, t, v),
                        principal=names.teacher(),
                    )
        for n, name in enumerate(ONLINE_SCHOOLS):
            pk = village_parent_school_id(plan, 0, 0, 0) + plan.villages + n
            yield row(pk, name, ParentSchoolLevel.ONLINE, stars=4)

    columns = (
        "id",
        "name",
        "level",
        "district_id",
        "school_id",
        "village_id",
        "principal_name",
        "star_rating",
        "established_on",
        "is_active",
    )
    total = parent_school_total(plan)
    return ParentSchool, columns, rows(), total


def parent_school_total(plan: CityPlan) -> int:
    return 1 + len(plan.districts) + len(plan.schools) + plan.villages + len(ONLINE_SCHOOLS)


def _parent_school_id(plan: CityPlan, school: SchoolPlan) -> int:
    return plan.start["parentschool"] + 1 + len(plan.districts) + school.index


def village_parent_school_id(plan: CityPlan, d: int, t: int, v: int) -> int:
    offset = plan.village_id(d, t, v) - plan.start["village"]
    return plan.start["parentschool"] + 1 + len(plan.districts) + len(plan.schools) + offset


def _course_id(plan: CityPlan, school: SchoolPlan) -> int:
    return plan.start["course"] + school.index


def courses(ctx: Context):
    """One course a school's parent school: its four lectures, three to complete."""
    plan = ctx.plan

    def rows():
        for s in plan.schools:
            yield (
                _course_id(plan, s),
                _parent_school_id(plan, s),
                "新父母课堂（本学年）",
                "本学年四讲家庭教育课程，参加三讲即可结业并领取证书。",
                LECTURES_TO_COMPLETE,
            )

    columns = ("id", "parent_school_id", "title", "description", "lectures_to_complete")
    return Course, columns, rows(), len(plan.schools)


def _lecture_starts(ctx: Context, number: int) -> datetime.datetime:
    # Lectures spread over the year of visits, a few still to come.
    return ctx.at(ctx.semesters[0][1] + datetime.timedelta(days=30 + number * 91), 19)


def _checked_in(lecture_id: int, user_id: int) -> bool:
    return _mix(lecture_id * 7919 + user_id) % 100 < CHECK_IN_SHARE


def _lecture_id(plan: CityPlan, school: SchoolPlan, number: int) -> int:
    return plan.start["lecture"] + school.index * LECTURES_PER_SCHOOL + number


def _registrations(ctx: Context, school: SchoolPlan, lecture_id: int) -> list[tuple[int, int]]:
    """(parent account, seats) of the families signed up for a lecture."""
    rng = ctx.rng("registration", lecture_id)
    count = min(school.parents, rng.randrange(20, 80))
    accounts = rng.sample(range(school.parents), count)
    return [(school.parent_id_start + a, 1 + (rng.random() < 0.3)) for a in accounts]


def lectures(ctx: Context):
    """Four lectures a school (with the course, a speaker from the district's
    lecturer groups, every other one also streamed, replays once held) and one
    online lecture to come for every village and community parent school."""
    plan = ctx.plan

    def rows():
        for s in plan.schools:
            grades = json.dumps([int(g) for g in STAGE_GRADES[SchoolStage(s.stage)]])
            for number in range(LECTURES_PER_SCHOOL):
                lecture_id = _lecture_id(plan, s, number)
                taken = sum(seats for _, seats in _registrations(ctx, s, lecture_id))
                starts = _lecture_starts(ctx, number)
                held = starts < ctx.now
                title, description, *_ = LECTURES[number % len(LECTURES)]
                streamed = number % 2 == 1
                yield (
                    lecture_id,
                    _course_id(plan, s),
                    _parent_school_id(plan, s),
                    f"家庭教育微讲坛（第{number + 1}讲）：{title}",
                    description,
                    lecturer_of(plan, s.district_index, s.index + number),
                    grades,
                    starts,
                    starts + datetime.timedelta(minutes=90),
                    "学校报告厅",
                    f"{LIVE_URL}/live/{lecture_id}" if streamed else "",
                    max(100, taken),
                    taken,
                    starts - datetime.timedelta(days=14),
                    starts - datetime.timedelta(hours=1),
                    f"{LIVE_URL}/replay/{lecture_id}" if held and streamed else "",
                    20 + _mix(lecture_id) % 300 if held and streamed else 0,
                )
        starts = ctx.at(ctx.now.date() + datetime.timedelta(days=10), 19)
        for d in range(len(plan.districts)):
            for t in range(plan.towns_per_district):
                for v in range(plan.villages_per_town):
                    pk = _village_lecture_id(plan, d, t, v)
                    yield (
                        pk,
                        None,
                        village_parent_school_id(plan, d, t, v),
                        "祖辈家长课堂：隔代教养与留守儿童陪伴",
                        "留守与隔代养育家庭的沟通与分工，现场与线上同步。",
                        lecturer_of(plan, d, t + v),
                        "[]",
                        starts + datetime.timedelta(days=(t + v) % 14),
                        starts + datetime.timedelta(days=(t + v) % 14, minutes=90),
                        "村（社区）党群服务中心",
                        f"{LIVE_URL}/live/{pk}",
                        60,
                        0,
                        starts - datetime.timedelta(days=14),
                        starts - datetime.timedelta(hours=1),
                        "",
                        0,
                    )

    columns = (
        "id",
        "course_id",
        "parent_school_id",
        "title",
        "description",
        "speaker_id",
        "audience_grades",
        "starts_at",
        "ends_at",
        "venue",
        "online_url",
        "capacity",
        "seats_taken",
        "signup_opens_at",
        "signup_closes_at",
        "replay_url",
        "replay_views",
    )
    total = len(plan.schools) * LECTURES_PER_SCHOOL + plan.villages
    return Lecture, columns, rows(), total


def _village_lecture_id(plan: CityPlan, d: int, t: int, v: int) -> int:
    offset = plan.village_id(d, t, v) - plan.start["village"]
    return plan.start["lecture"] + len(plan.schools) * LECTURES_PER_SCHOOL + offset


def registrations(ctx: Context):
    plan = ctx.plan

    def rows():
        registration_id = plan.start["registration"]
        for s in plan.schools:
            for number in range(LECTURES_PER_SCHOOL):
                lecture_id = _lecture_id(plan, s, number)
                starts = _lecture_starts(ctx, number)
                held = starts < ctx.now
                signed_up = starts - datetime.timedelta(days=10)
                for user_id, seats in _registrations(ctx, s, lecture_id):
                    came = held and _checked_in(lecture_id, user_id)
                    yield (
                        registration_id,
                        lecture_id,
                        user_id,
                        seats,
                        "confirmed",
                        f"CG{registration_id:010d}",
                        starts - datetime.timedelta(minutes=10) if came else None,
                        s.leader_id if came else None,
                        signed_up,
                    )
                    registration_id += 1

    total = sum(min(s.parents, 50) for s in plan.schools) * LECTURES_PER_SCHOOL
    columns = (
        "id",
        "lecture_id",
        "user_id",
        "seats",
        "status",
        "check_in_code",
        "checked_in_at",
        "checked_in_by_id",
        "created_at",
    )
    return Registration, columns, rows(), total


def completions(ctx: Context):
    """A certificate for every family checked in at three of the course's lectures."""
    plan = ctx.plan

    def rows():
        completion_id = plan.start["completion"]
        per_year: dict[int, int] = {}
        for s in plan.schools:
            attended: dict[int, list[datetime.datetime]] = {}
            for number in range(LECTURES_PER_SCHOOL):
                starts = _lecture_starts(ctx, number)
                if starts >= ctx.now:
                    continue
                lecture_id = _lecture_id(plan, s, number)
                for user_id, _ in _registrations(ctx, s, lecture_id):
                    if _checked_in(lecture_id, user_id):
                        attended.setdefault(user_id, []).append(starts)
            for user_id, days in attended.items():
                if len(days) < LECTURES_TO_COMPLETE:
                    continue
                at = days[LECTURES_TO_COMPLETE - 1] + datetime.timedelta(minutes=90)
                per_year[at.year] = per_year.get(at.year, 0) + 1
                number = f"{NUMBER_PREFIX}{at.year}-{per_year[at.year]:06d}"
                yield completion_id, _course_id(plan, s), user_id, number, at
                completion_id += 1

    columns = ("id", "course_id", "user_id", "certificate_number", "completed_at")
    return Completion, columns, rows(), len(plan.schools) * 18
