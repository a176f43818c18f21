"""Parent schools, their lectures and the families signed up."""

import datetime

from families.models import Lecture, ParentSchool, ParentSchoolLevel, Registration
from portal.citygen.plan import LECTURES_PER_SCHOOL, CityPlan, SchoolPlan

from .base import Context


def parent_schools(ctx: Context):
    plan = ctx.plan
    first = plan.start["parentschool"]

    def rows():
        def row(pk, name, level, district=None, school=None, stars=None):
            return pk, name, level, district, school, None, "校长", stars, established, True

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
    return ParentSchool, columns, rows(), 1 + len(plan.districts) + len(plan.schools)


def _parent_school_id(plan: CityPlan, school: SchoolPlan) -> int:
    return plan.start["parentschool"] + 1 + len(plan.districts) + school.index


def _lecture_id(plan: CityPlan, school: SchoolPlan, number: int) -> int:
    return plan.start["lecture"] + school.index * LECTURES_PER_SCHOOL + number


def _registrations(ctx: Context, school: SchoolPlan, lecture_id: int) -> list[tuple[int, int]]:
    """(parent account, seats) of the families signed up for a lecture."""
    rng = ctx.rng("registration", lecture_id)
    count = min(school.parents, rng.randrange(20, 80))
    accounts = rng.sample(range(school.parents), count)
    return [(school.parent_id_start + a, 1 + (rng.random() < 0.3)) for a in accounts]


def lectures(ctx: Context):
    plan = ctx.plan
    # Lectures spread over the year of visits, a few still to come.
    first_day = ctx.semesters[0][1]

    def rows():
        for s in plan.schools:
            for number in range(LECTURES_PER_SCHOOL):
                lecture_id = _lecture_id(plan, s, number)
                taken = sum(seats for _, seats in _registrations(ctx, s, lecture_id))
                starts = ctx.at(first_day + datetime.timedelta(days=30 + number * 91), 19)
                yield (
                    lecture_id,
                    _parent_school_id(plan, s),
                    f"家庭教育微讲坛（第{number + 1}讲）",
                    "",
                    "[]",
                    starts,
                    starts + datetime.timedelta(minutes=90),
                    "学校报告厅",
                    "",
                    max(100, taken),
                    taken,
                    starts - datetime.timedelta(days=14),
                    starts - datetime.timedelta(hours=1),
                    "",
                    0,
                )

    columns = (
        "id",
        "parent_school_id",
        "title",
        "description",
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
    return Lecture, columns, rows(), len(plan.schools) * LECTURES_PER_SCHOOL


def registrations(ctx: Context):
    plan = ctx.plan

    def rows():
        registration_id = plan.start["registration"]
        for s in plan.schools:
            for number in range(LECTURES_PER_SCHOOL):
                lecture_id = _lecture_id(plan, s, number)
                for user_id, seats in _registrations(ctx, s, lecture_id):
                    yield (
                        registration_id,
                        lecture_id,
                        user_id,
                        seats,
                        "confirmed",
                        f"CG{registration_id:010d}",
                        ctx.now,
                    )
                    registration_id += 1

    total = sum(min(s.parents, 50) for s in plan.schools) * LECTURES_PER_SCHOOL
    columns = ("id", "lecture_id", "user_id", "seats", "status", "check_in_code", "created_at")
    return Registration, columns, rows(), total
