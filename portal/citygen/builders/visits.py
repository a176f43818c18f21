"""A year of home visits: the visit, its teacher and the student visited."""

import datetime
import json
from collections.abc import Iterator

from portal.citygen.plan import SchoolPlan, visited_in
from schools.models import HomeVisit, SchoolArea, VisitedStudent

from .base import SUMMARIES, TOPICS, Context, head_teacher, school_students


def _visits(ctx: Context) -> Iterator[tuple[int, SchoolPlan, int, int, int, int]]:
    """(visit id, school, semester index, student id, position, class index)."""
    visit_id = ctx.plan.start["homevisit"]
    for semester_index in range(len(ctx.semesters)):
        for s in ctx.plan.schools:
            for student_id, position, class_index in school_students(s):
                if visited_in(student_id, semester_index):
                    yield visit_id, s, semester_index, student_id, position, class_index
                    visit_id += 1


def _visit_total(ctx: Context) -> int:
    return round(sum(s.students for s in ctx.plan.schools) * len(ctx.semesters) * 0.6)


def home_visits(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        rng = ctx.rng("homevisit")
        for visit_id, s, semester_index, _, _, class_index in _visits(ctx):
            semester_id, first, last = ctx.semesters[semester_index]
            last = min(last, today)
            day = first + datetime.timedelta(rng.randrange((last - first).days + 1))
            at = ctx.at(day)
            topics = rng.sample(TOPICS, 2)
            met = "grandparent" if s.area == SchoolArea.RURAL and rng.random() < 0.5 else "parent"
            yield (
                visit_id,
                s.id,
                plan.district_id(s.district_index),
                semester_id,
                day,
                "home" if rng.random() < 0.8 else "phone",
                json.dumps([met]),
                json.dumps(topics),
                SUMMARIES[visit_id % len(SUMMARIES)],
                "",
                False,
                head_teacher(s, class_index),
                at,
                at,
            )

    columns = (
        "id",
        "school_id",
        "district_id",
        "semester_id",
        "visited_on",
        "form",
        "people_met",
        "topics",
        "summary",
        "concerns",
        "flagged_for_counsellor",
        "author_id",
        "created_at",
        "updated_at",
    )
    return HomeVisit, columns, rows(), _visit_total(ctx)


def visit_teachers(ctx: Context):
    through = HomeVisit.teachers.through
    start = ctx.plan.start["homevisit_teachers"] - ctx.plan.start["homevisit"]

    def rows():
        for visit_id, s, _, _, _, class_index in _visits(ctx):
            yield start + visit_id, visit_id, head_teacher(s, class_index)

    return through, ("id", "homevisit_id", "user_id"), rows(), _visit_total(ctx)


def visited_students(ctx: Context):
    start = ctx.plan.start["visitedstudent"] - ctx.plan.start["homevisit"]

    def rows():
        for visit_id, s, semester_index, student_id, _, _ in _visits(ctx):
            semester_id = ctx.semesters[semester_index][0]
            yield start + visit_id, visit_id, student_id, semester_id, s.id

    columns = ("id", "visit_id", "student_id", "semester_id", "school_id")
    return VisitedStudent, columns, rows(), _visit_total(ctx)
