"""School life beyond visits: parent committees with members, meetings and
decisions; rule-of-law vice principals, their appointments and sessions;
family-education guidance activities."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from portal.citygen.plan import CityPlan, SchoolPlan
from portal.demo.school_life import ACTIVITY_TITLES, LAW_TITLES, LAW_TOPICS, LAW_UNITS
from schools.models import (
    ActivityKind,
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    GuidanceActivity,
    LawAppointment,
    LawSession,
    LawVicePrincipal,
    LegalOrganisation,
    ParentCommittee,
)

from .base import Context, first_guardians

SCHOOL_MEMBERS = (5, 9)
CLASS_MEMBERS = (3, 5)
SCHOOL_MEETINGS = 2
LAW_SESSIONS = (2, 3)  # a semester
ACTIVITIES = (3, 6)  # a school a semester
ROLES = ("chair", "vice_chair", "secretary")
MEETING_MINUTES = (
    "讨论本学期家校共育工作计划，通报学校食堂与课后服务情况。",
    "研究家长志愿者护学岗排班和春游安全方案，家长代表一致同意。",
    "听取学校关于“双减”落实情况的通报，收集家长意见建议。",
)
DECISIONS = (
    ("general", "组织家长志愿者参与上下学护学岗。", None),
    ("general", "家委会协助老师做好研学活动安全值守。", None),
    ("fee", "班级图书角购书，自愿捐赠，公开账目。", Decimal("600.00")),
)
AUDIENCES = ("全体家长", "一年级新生家长", "毕业年级家长", "祖辈家长", "留守儿童监护人")
LAW_AUDIENCES = ("全校学生", "七年级", "高一年级", "五、六年级", "全体教职工和家长代表")


def _term_start(ctx: Context) -> datetime.date:
    """Committees sit from the September before the first semester of the year."""
    first = ctx.semesters[0][1]
    return datetime.date(first.year if first.month >= 9 else first.year - 1, 9, 10)


def _committees(plan: CityPlan) -> Iterator[tuple[int, SchoolPlan, int | None]]:
    """(committee id, school, class index or None for the school's committee)."""
    pk = plan.start["parentcommittee"]
    for s in plan.schools:
        yield pk, s, None
        pk += 1
        for class_index in range(len(s.classes)):
            yield pk, s, class_index
            pk += 1


def _committee_total(plan: CityPlan) -> int:
    return sum(1 + len(s.classes) for s in plan.schools)


def parent_committees(ctx: Context):
    plan = ctx.plan
    established = _term_start(ctx)

    def rows():
        for pk, s, class_index in _committees(plan):
            district_id = plan.district_id(s.district_index)
            if class_index is None:
                yield pk, s.id, district_id, "school", None, None, established
            else:
                grade = s.classes[class_index][0]
                class_id = s.class_id_start + class_index
                yield pk, s.id, district_id, "class", grade, class_id, established

    columns = ("id", "school_id", "district_id", "level", "grade", "school_class_id")
    return ParentCommittee, (*columns, "established_on"), rows(), _committee_total(plan)


def _members(ctx: Context, s: SchoolPlan, firsts: list[int], class_index: int | None, pk: int):
    """The first guardians of distinct students of the school or the class."""
    rng = ctx.rng("committeemember", pk)
    if class_index is None:
        low, high = 0, s.students
        count = rng.randint(*SCHOOL_MEMBERS)
    else:
        low = sum(size for _, _, size in s.classes[:class_index])
        high = low + s.classes[class_index][2]
        count = rng.randint(*CLASS_MEMBERS)
    return [firsts[p] for p in rng.sample(range(low, high), min(count, high - low))]


def committee_members(ctx: Context):
    plan = ctx.plan
    starts = _term_start(ctx)
    ends = starts.replace(year=starts.year + 2)

    def rows():
        member_id = plan.start["committeemember"]
        firsts: list[int] = []
        current = None
        for pk, s, class_index in _committees(plan):
            if current is not s:
                firsts, current = first_guardians(s), s
            for n, guardian_id in enumerate(_members(ctx, s, firsts, class_index, pk)):
                role = ROLES[n] if n < len(ROLES) else "member"
                yield member_id, pk, guardian_id, role, starts, ends
                member_id += 1

    # An estimate for the progress bar: 7 a school, 4 a class.
    total = sum(7 + 4 * len(s.classes) for s in plan.schools)
    columns = ("id", "committee_id", "guardian_id", "role", "term_starts_on", "term_ends_on")
    return CommitteeMember, columns, rows(), total


def _meetings(ctx: Context) -> Iterator[tuple[int, int, int, datetime.date]]:
    """(meeting id, committee id, number, held on): two for a school's
    committee, one for a class's, all in the past."""
    pk = ctx.plan.start["committeemeeting"]
    starts = _term_start(ctx)
    for committee_id, _, class_index in _committees(ctx.plan):
        for number in range(SCHOOL_MEETINGS if class_index is None else 1):
            held = starts + datetime.timedelta(days=20 + 120 * number + committee_id % 10)
            yield pk, committee_id, number, min(held, ctx.now.date())
            pk += 1


def _meeting_total(plan: CityPlan) -> int:
    return sum(SCHOOL_MEETINGS + len(s.classes) for s in plan.schools)


def committee_meetings(ctx: Context):
    def rows():
        for pk, committee_id, _, held in _meetings(ctx):
            minutes = MEETING_MINUTES[pk % len(MEETING_MINUTES)]
            yield pk, committee_id, held, 3 + pk % 3, minutes

    columns = ("id", "committee_id", "held_on", "attendees", "minutes")
    return CommitteeMeeting, columns, rows(), _meeting_total(ctx.plan)


def committee_decisions(ctx: Context):
    """One decision a meeting, a fee decision at one class meeting in three."""

    def rows():
        pk = ctx.plan.start["committeedecision"]
        for meeting_id, _, _, _ in _meetings(ctx):
            kind, text, amount = DECISIONS[meeting_id % len(DECISIONS)]
            votes = 3 + meeting_id % 3
            yield pk, meeting_id, kind, text, amount, votes, 0
            pk += 1

    columns = ("id", "meeting_id", "kind", "text", "amount_yuan", "votes_for", "votes_against")
    return CommitteeDecision, columns, rows(), _meeting_total(ctx.plan)


def _appointed(plan: CityPlan) -> Iterator[tuple[int, SchoolPlan]]:
    """(appointment number, school) for the nine schools in ten that have one;
    the vice principal and the appointment share the number."""
    number = 0
    for s in plan.schools:
        if s.index % 10 == 9:
            continue  # still waiting for one: the law report lists them
        yield number, s
        number += 1


def _appointed_total(plan: CityPlan) -> int:
    return sum(1 for _ in _appointed(plan))


def law_vice_principals(ctx: Context):
    plan = ctx.plan
    kinds = list(LegalOrganisation)

    def rows():
        names = ctx.names("lawviceprincipal")
        for number, s in _appointed(plan):
            kind = kinds[s.index % len(kinds)]
            district_name = plan.districts[s.district_index][0]
            yield (
                plan.start["lawviceprincipal"] + number,
                names.surname() + LAW_TITLES[kind],
                kind,
                f"{district_name}{LAW_UNITS[kind]}",
                f"198{number:08d}",
                None,
                plan.district_id(s.district_index),
            )

    columns = (
        "id",
        "name",
        "organisation_kind",
        "organisation_name",
        "phone",
        "account_id",
        "district_id",
    )
    return LawVicePrincipal, columns, rows(), _appointed_total(plan)


def law_appointments(ctx: Context):
    plan = ctx.plan
    starts = _term_start(ctx).replace(day=1) - datetime.timedelta(days=365)

    def rows():
        for number, s in _appointed(plan):
            pk = plan.start["lawappointment"] + number
            vice_principal = plan.start["lawviceprincipal"] + number
            yield pk, vice_principal, s.id, plan.district_id(s.district_index), starts, None

    columns = ("id", "vice_principal_id", "school_id", "district_id", "starts_on", "ends_on")
    return LawAppointment, columns, rows(), _appointed_total(plan)


def law_sessions(ctx: Context):
    """Two or three sessions a semester, 1–2 class hours each (≥ 4 a year)."""
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        pk = plan.start["lawsession"]
        for number, s in _appointed(plan):
            rng = ctx.rng("lawsession", number)
            district_id = plan.district_id(s.district_index)
            for _, first, last in ctx.semesters:
                last = min(last, today)
                span = max((last - first).days, 0)
                for _n in range(rng.randint(*LAW_SESSIONS)):
                    yield (
                        pk,
                        plan.start["lawappointment"] + number,
                        s.id,
                        district_id,
                        first + datetime.timedelta(days=rng.randint(0, span)),
                        Decimal(rng.choice(("1.0", "1.5", "2.0"))),
                        rng.choice(LAW_TOPICS),
                        rng.choice(LAW_AUDIENCES),
                    )
                    pk += 1

    total = _appointed_total(plan) * len(ctx.semesters) * 5 // 2
    columns = (
        "id",
        "appointment_id",
        "school_id",
        "district_id",
        "held_on",
        "class_hours",
        "topic",
        "audience",
    )
    return LawSession, columns, rows(), total


def guidance_activities(ctx: Context):
    """Three to six a school a semester, recorded by the school leader."""
    plan = ctx.plan
    today = ctx.now.date()
    kinds = list(ActivityKind)

    def rows():
        pk = plan.start["guidanceactivity"]
        for s in plan.schools:
            rng = ctx.rng("guidanceactivity", s.index)
            district_id = plan.district_id(s.district_index)
            for semester_id, first, last in ctx.semesters:
                last = min(last, today)
                span = max((last - first).days, 0)
                for _n in range(rng.randint(*ACTIVITIES)):
                    kind = rng.choice(kinds)
                    invited = max(10, min(s.students, rng.randint(40, 300)))
                    held = first + datetime.timedelta(days=rng.randint(0, span))
                    yield (
                        pk,
                        s.id,
                        district_id,
                        semester_id,
                        kind,
                        ACTIVITY_TITLES[kind],
                        held,
                        rng.choice(AUDIENCES),
                        invited,
                        int(invited * rng.uniform(0.6, 0.95)),
                        "",
                        s.leader_id,
                        ctx.at(held, 18),
                    )
                    pk += 1

    total = len(plan.schools) * len(ctx.semesters) * 9 // 2
    columns = (
        "id",
        "school_id",
        "district_id",
        "semester_id",
        "kind",
        "title",
        "held_on",
        "audience",
        "invited",
        "attendance",
        "notes",
        "recorded_by_id",
        "created_at",
    )
    return GuidanceActivity, columns, rows(), total
