"""The counselling stations (润心工作站), their counsellors, families'
requests and hotline calls.

Station d serves district d; station 0 is the city's and also serves the
first district, which has none of its own (as in the demo). Each station's
counsellors are teachers of its district's first school, who also hold the
counsellor role there."""

import datetime

from families.models import CounsellingRequest, CounsellingStation, HotlineCall
from families.models.counselling import Channel, CounsellingTopic, ForWhom
from portal.citygen.plan import CityPlan, _mix
from portal.demo.family_life import CALL_SUMMARIES
from portal.models import Role, RoleAssignment

from .base import Context, counsellors_of, parent_students
from .people import role_total

REQUEST_PER_MILLE = 10  # of a school's families, over the year
HOTLINE_CALLS = 5_000  # a year at Nanning's scale: 2,500 hours at 30 minutes
TOPICS = list(CounsellingTopic)
DESCRIPTIONS = {
    CounsellingTopic.PSYCHOLOGY: (
        "孩子最近总说肚子疼不想上学，去医院检查没有问题，担心在学校遇到了什么事。"
    ),
    CounsellingTopic.FAMILY_GUIDANCE: (
        "我们在外地打工，孩子跟奶奶住，奶奶管不住孩子玩手机，想请老师和奶奶聊聊。"
    ),
    CounsellingTopic.STUDY_METHODS: (
        "孩子写作业越来越慢，每天要到十点多，一催就哭，想请老师给些建议。"
    ),
    CounsellingTopic.POLICY: "想了解小升初划片入学和课后服务的政策。",
}
OUTCOMES = (
    "与家长电话沟通两次，约定了作息和手机使用时间表，班主任协助落实。",
    "面询一次，评估为一般心理困扰，建议家长多陪伴，一个月后回访情况好转。",
    "书面答复了政策问题，并告知区教育局咨询电话。",
)


def station_id(plan: CityPlan, district_index: int) -> int:
    return plan.start["counsellingstation"] + district_index


def counselling_stations(ctx: Context):
    plan = ctx.plan

    def rows():
        for d, (district_name, code, _) in enumerate(plan.districts):
            lead = counsellors_of(plan, d)[0]
            if d == 0:
                yield station_id(plan, 0), "南宁市润心家庭教育指导工作站", None, lead, "0771-12355"
            else:
                name = f"{district_name}润心工作站"
                hotline = f"0771-{code[-3:]}12355"
                yield station_id(plan, d), name, plan.district_id(d), lead, hotline

    columns = ("id", "name", "district_id", "lead_id", "hotline")
    return CounsellingStation, columns, rows(), len(plan.districts)


def station_counsellors(ctx: Context):
    plan = ctx.plan
    through = CounsellingStation.counsellors.through

    def rows():
        pk = plan.start["counsellingstation_counsellors"]
        for d in range(len(plan.districts)):
            for user_id in counsellors_of(plan, d):
                yield pk, station_id(plan, d), user_id
                pk += 1

    total = sum(len(counsellors_of(plan, d)) for d in range(len(plan.districts)))
    return through, ("id", "counsellingstation_id", "user_id"), rows(), total


def counsellor_roles(ctx: Context):
    """The counsellor role at their school, after the roles builder's rows."""
    plan = ctx.plan

    def rows():
        pk = plan.start["roleassignment"] + role_total(plan)
        for d in range(len(plan.districts)):
            school = plan.schools[d]
            for user_id in counsellors_of(plan, d):
                district_id = plan.district_id(d)
                yield pk, user_id, Role.COUNSELLOR, district_id, school.id, None, None, ctx.now
                pk += 1

    total = sum(len(counsellors_of(plan, d)) for d in range(len(plan.districts)))
    columns = (
        "id",
        "user_id",
        "role",
        "district_id",
        "school_id",
        "school_class_id",
        "village_id",
        "granted_at",
    )
    return RoleAssignment, columns, rows(), total


def _request_count(school) -> int:
    return min(school.parents, round(school.students * REQUEST_PER_MILLE / 1000))


def counselling_requests(ctx: Context):
    """About one family in a hundred asks over the year; most requests are closed."""
    plan = ctx.plan

    def rows():
        pk = plan.start["counsellingrequest"]
        for s in plan.schools:
            count = _request_count(s)
            if not count:
                continue
            rng = ctx.rng("counsellingrequest", s.index)
            children = parent_students(s)
            station = station_id(plan, s.district_index)
            counsellors = counsellors_of(plan, s.district_index)
            for parent in rng.sample(range(s.parents), count):
                topic = rng.choice(TOPICS)
                asked = ctx.now - datetime.timedelta(
                    days=rng.randint(1, 330), hours=rng.randint(0, 9)
                )
                age = (ctx.now - asked).days
                roll = rng.random()
                if age < 7 and roll < 0.5:
                    status = "new"
                elif age < 30:
                    status = ("assigned", "in_progress")[roll < 0.6]
                else:
                    status = "closed" if roll < 0.9 else "in_progress"
                closed = status == "closed"
                for_whom = (ForWhom.CHILD, ForWhom.CHILD, ForWhom.MYSELF, ForWhom.GRANDPARENT)[
                    _mix(pk) % 4
                ]
                yield (
                    pk,
                    station,
                    s.parent_id_start + parent,
                    children[parent] if for_whom == ForWhom.CHILD else None,
                    topic,
                    for_whom,
                    rng.choice(list(Channel)),
                    rng.choice(("工作日晚上七点以后", "周六上午", "")),
                    DESCRIPTIONS[topic],
                    status,
                    None if status == "new" else counsellors[pk % len(counsellors)],
                    OUTCOMES[pk % len(OUTCOMES)] if closed else "",
                    asked,
                    asked + datetime.timedelta(days=rng.randint(3, 25)) if closed else None,
                )
                pk += 1

    total = sum(_request_count(s) for s in plan.schools)
    columns = (
        "id",
        "station_id",
        "requester_id",
        "student_id",
        "topic",
        "for_whom",
        "preferred_channel",
        "preferred_time",
        "description",
        "status",
        "counsellor_id",
        "outcome",
        "created_at",
        "closed_at",
    )
    return CounsellingRequest, columns, rows(), total


def _call_count(plan: CityPlan) -> int:
    return max(3 * len(plan.districts), round(HOTLINE_CALLS * plan.scale))


def hotline_calls(ctx: Context):
    plan = ctx.plan

    def rows():
        rng = ctx.rng("hotlinecall")
        for n in range(_call_count(plan)):
            d = n % len(plan.districts)
            counsellors = counsellors_of(plan, d)
            day = ctx.now.date() - datetime.timedelta(days=rng.randint(1, 365))
            started = ctx.at(day, rng.randint(9, 20)) + datetime.timedelta(
                minutes=rng.randint(0, 59)
            )
            topic = rng.choice(TOPICS)
            anonymous = rng.random() < 0.7
            yield (
                plan.start["hotlinecall"] + n,
                station_id(plan, d),
                counsellors[n % len(counsellors)],
                started,
                started + datetime.timedelta(minutes=rng.randint(8, 55)),
                topic,
                rng.choice((ForWhom.CHILD, ForWhom.CHILD, ForWhom.MYSELF, ForWhom.GRANDPARENT)),
                anonymous,
                "" if anonymous else rng.choice(("黄女士", "韦先生", "李女士", "覃奶奶")),
                rng.choice(CALL_SUMMARIES[topic]),
            )

    columns = (
        "id",
        "station_id",
        "counsellor_id",
        "started_at",
        "ended_at",
        "topic",
        "caller",
        "anonymous",
        "caller_name",
        "summary",
    )
    return HotlineCall, columns, rows(), _call_count(plan)
