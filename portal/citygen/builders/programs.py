"""1+1+N care networks and individual care plans."""

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass

from portal.citygen.plan import CARE_PLAN_PER_MILLE, NETWORK_SIZE, SchoolPlan, _mix
from portal.demo.care_life import ALERT_NOTES, CONTACT_NOTES
from programs.models import Alert, AlertStep, CareNetwork, Case, NetworkContact, NetworkMember
from programs.models.cases import CaseTeamMember, FollowUp, Goal, Referral, Review
from programs.models.networks import ContactKind
from schools.models import SchoolArea, SchoolStage

from .base import Context, counsellors_of, first_guardians, head_teacher
from .community import department_id

FOLLOW_UPS = 6
CONTACT_KINDS = list(ContactKind)
GOALS = {
    "left_behind": (
        ("每周与在外务工父母视频通话一次", "班主任协助约定通话时间，记录孩子情绪变化。"),
        ("作业按时完成率达到九成", "导师每日检查作业，周末安排志愿者辅导。"),
    ),
    "poverty": (
        ("落实资助与营养餐", "学校资助办核实材料，申请生活补助。"),
        ("保持出勤，不因家庭困难辍学", "班主任每周家访或电话，联系村干部关注。"),
    ),
    "psychological_risk": (
        ("情绪稳定，不出现自伤念头", "心理老师每两周面谈一次，必要时转介医院。"),
        ("重新融入班级活动", "安排同伴互助小组，班会课关注。"),
    ),
}
FOLLOW_UP_NOTES = (
    "电话联系祖辈，孩子本周按时到校，情绪平稳。",
    "家访一次，与家长沟通作息安排，孩子作业完成情况好转。",
    "与孩子谈心，反映与同学相处融洽，继续观察。",
    "联系村干部了解家庭近况，已申请临时救助。",
)
REFERRAL_STATUSES = ("sent", "sent", "accepted", "accepted", "accepted", "accepted",
                     "declined", "closed", "closed", "closed")  # fmt: skip
REFERRAL_REASONS = {
    "left_behind": "父母长期在外，祖辈监护力不从心，需要妇联“儿童之家”协助看护。",
    "poverty": "家庭经济困难，需要协助申请救助并提供家庭教育支持。",
    "psychological_risk": "心理筛查提示中高风险，需要专业评估与干预。",
}


def _networks(ctx: Context) -> Iterator[tuple[int, SchoolPlan, int]]:
    """(network id, school, number in school) for rural schools' networks."""
    network_id = ctx.plan.start["carenetwork"]
    for s in ctx.plan.schools:
        if s.area != SchoolArea.RURAL or s.stage == SchoolStage.KINDERGARTEN:
            continue
        for number in range(max(1, len(s.classes) // 6)):
            yield network_id, s, number
            network_id += 1


def care_networks(ctx: Context):
    plan = ctx.plan

    def rows():
        for network_id, s, number in _networks(ctx):
            village = number % plan.villages_per_town
            yield (
                network_id,
                f"第{s.id}校1+1+N关爱网络{number + 1}",
                s.id,
                plan.district_id(s.district_index),
                plan.town_id(s.district_index, s.town_index),
                s.teacher_id_start + (len(s.classes) + number) % s.teachers,
                plan.cadre_of(s.district_index, s.town_index, village),
                30,
                True,
                ctx.now,
            )

    columns = (
        "id",
        "name",
        "school_id",
        "district_id",
        "town_id",
        "head_id",
        "cadre_id",
        "contact_every_days",
        "is_active",
        "created_at",
    )
    return CareNetwork, columns, rows(), sum(1 for _ in _networks(ctx))


def network_members(ctx: Context):
    plan = ctx.plan
    joined = ctx.semesters[0][1]

    def rows():
        member_id = plan.start["networkmember"]
        for network_id, s, _ in _networks(ctx):
            for student_id in _network_students(ctx, network_id, s):
                yield member_id, network_id, student_id, joined
                member_id += 1

    total = sum(1 for _ in _networks(ctx)) * NETWORK_SIZE
    return NetworkMember, ("id", "network_id", "student_id", "joined_on"), rows(), total


def _network_students(ctx: Context, network_id: int, s: SchoolPlan) -> list[int]:
    rng = ctx.rng("networkmember", network_id)
    positions = rng.sample(range(s.students), min(NETWORK_SIZE, s.students))
    return [s.student_id_start + position for position in positions]


def network_contacts(ctx: Context):
    """Every member contacted about once a month since joining, by the
    network's head teacher and its cadre in turn."""
    plan = ctx.plan
    joined = ctx.semesters[0][1]
    today = ctx.now.date()
    months = max(1, (today - joined).days // 30)

    def rows():
        pk = plan.start["networkcontact"]
        for network_id, s, number in _networks(ctx):
            head = s.teacher_id_start + (len(s.classes) + number) % s.teachers
            cadre = plan.cadre_of(s.district_index, s.town_index, number % plan.villages_per_town)
            rng = ctx.rng("networkcontact", network_id)
            for student_id in _network_students(ctx, network_id, s):
                for month in range(months):
                    day = joined + datetime.timedelta(days=30 * month + rng.randrange(28))
                    if day > today:
                        break
                    kind = CONTACT_KINDS[(student_id + month) % len(CONTACT_KINDS)]
                    by = head if month % 2 == 0 else cadre
                    yield pk, network_id, student_id, by, day, kind, rng.choice(CONTACT_NOTES[kind])
                    pk += 1

    total = sum(1 for _ in _networks(ctx)) * NETWORK_SIZE * months
    columns = ("id", "network_id", "student_id", "by_id", "contacted_on", "kind", "note")
    return NetworkContact, columns, rows(), total


def _care_plans_at(school: SchoolPlan) -> int:
    # Every school keeps at least one plan, so that small scales have some.
    return max(1, round(school.students * CARE_PLAN_PER_MILLE / 1000))


@dataclass
class _Case:
    id: int
    school: SchoolPlan
    position: int
    student_id: int
    lead: int
    mentor: int
    kind: str
    category: str
    risk: str
    opened: datetime.datetime
    closed: bool
    referred: bool


def _cases(ctx: Context) -> Iterator[_Case]:
    """Every case, with what its details need. One in five supports a family
    (1+X); three in ten are referred to a department, with the guardian's
    consent to share; one in ten is closed."""
    plan = ctx.plan
    case_id = plan.start["case"]
    for s in plan.schools:
        rng = ctx.rng("case", s.index)
        for position in rng.sample(range(s.students), _care_plans_at(s)):
            h = _mix(case_id)
            yield _Case(
                id=case_id,
                school=s,
                position=position,
                student_id=s.student_id_start + position,
                lead=head_teacher(s, s.class_of(position)),
                mentor=s.teacher_id_start + position % s.teachers,
                kind="family" if h % 5 == 0 else "plan",
                category=rng.choice(("left_behind", "poverty", "psychological_risk")),
                risk=rng.choice(("low", "medium", "high")),
                opened=ctx.now - datetime.timedelta(days=100 + (h >> 4) % 200),
                closed=(h >> 12) % 10 == 0,
                referred=(h >> 16) % 10 < 3,
            )
            case_id += 1


def care_plans(ctx: Context):
    """Individual care plans (一人一案) and family support (1+X), approved by the school leader."""
    plan = ctx.plan

    def rows():
        firsts: list[int] = []
        current = None
        for c in _cases(ctx):
            s = c.school
            if current is not s:
                firsts, current = first_guardians(s), s
            approved = c.opened + datetime.timedelta(days=3)
            yield (
                c.id,
                c.kind,
                c.student_id,
                s.id,
                plan.district_id(s.district_index),
                json.dumps([c.category]),
                c.risk,
                "closed" if c.closed else "active",
                c.lead,
                "家庭监护薄弱，需定期关注学习与情绪。",
                c.referred,
                firsts[c.position] if c.referred else None,
                c.opened + datetime.timedelta(days=1) if c.referred else None,
                c.opened + datetime.timedelta(days=2),
                s.leader_id,
                approved,
                90,
                ctx.now - datetime.timedelta(days=5) if c.closed else None,
                "目标均已达成，孩子情绪稳定、学习恢复，转入常规关注。" if c.closed else "",
                c.opened,
            )

    columns = (
        "id",
        "kind",
        "student_id",
        "school_id",
        "district_id",
        "categories",
        "risk_level",
        "status",
        "lead_id",
        "summary",
        "shares_with_partners",
        "consent_guardian_id",
        "consent_recorded_at",
        "submitted_at",
        "approved_by_id",
        "approved_at",
        "review_every_days",
        "closed_at",
        "outcome",
        "created_at",
    )
    total = sum(_care_plans_at(s) for s in plan.schools)
    return Case, columns, rows(), total


def _team(plan, c: _Case) -> list[tuple[int, str]]:
    """The lead, the child's mentor, a counsellor of the district and, outside
    the city, the cadre of the school's town: each once."""
    s = c.school
    team = [(c.lead, "teacher")]
    for user_id, part in (
        (c.mentor, "teacher"),
        (counsellors_of(plan, s.district_index)[0], "counsellor"),
    ):
        if user_id not in {u for u, _ in team}:
            team.append((user_id, part))
    if s.area != SchoolArea.URBAN:
        team.append((plan.cadre_of(s.district_index, s.town_index, 0), "cadre"))
    return team


def case_team(ctx: Context):
    plan = ctx.plan

    def rows():
        pk = plan.start["caseteammember"]
        for c in _cases(ctx):
            for user_id, part in _team(plan, c):
                yield pk, c.id, user_id, part
                pk += 1

    total = sum(3 * _care_plans_at(s) for s in plan.schools)
    return CaseTeamMember, ("id", "case_id", "user_id", "part"), rows(), total


def goals(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        pk = plan.start["goal"]
        for c in _cases(ctx):
            for k, (goal, measures) in enumerate(GOALS[c.category]):
                met = c.closed or (k == 0 and c.id % 4 == 0)
                due = today + datetime.timedelta(days=30 * (k + 1) - (60 if met else 0))
                yield pk, c.id, goal, measures, c.lead, due, "met" if met else "open"
                pk += 1

    total = sum(2 * _care_plans_at(s) for s in plan.schools)
    columns = ("id", "case_id", "goal", "measures", "owner_id", "due_on", "status")
    return Goal, columns, rows(), total


def follow_ups(ctx: Context):
    """A follow-up about every month since the case opened."""
    plan = ctx.plan

    def rows():
        pk = plan.start["followup"]
        for c in _cases(ctx):
            opened = c.opened.date()
            for k in range(FOLLOW_UPS):
                day = opened + datetime.timedelta(days=7 + 30 * k)
                if day >= ctx.now.date():
                    break
                yield pk, c.id, c.lead, day, FOLLOW_UP_NOTES[(c.id + k) % len(FOLLOW_UP_NOTES)]
                pk += 1

    total = sum(FOLLOW_UPS * _care_plans_at(s) for s in plan.schools)
    return FollowUp, ("id", "case_id", "by_id", "happened_on", "note"), rows(), total


def reviews(ctx: Context):
    """The reviews due every 90 days since approval: those past done by the
    school leader, the next one open."""
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        pk = plan.start["review"]
        for c in _cases(ctx):
            due = c.opened.date() + datetime.timedelta(days=3 + 90)
            while True:
                done = due <= today
                if done:
                    summary = "目标进展良好，维持现有措施。"
                    yield (
                        pk,
                        c.id,
                        due,
                        due + datetime.timedelta(days=2),
                        c.school.leader_id,
                        summary,
                    )
                else:
                    if not c.closed:
                        yield pk, c.id, due, None, None, ""
                        pk += 1
                    break
                pk += 1
                due += datetime.timedelta(days=90)

    total = sum(3 * _care_plans_at(s) for s in plan.schools)
    return Review, ("id", "case_id", "due_on", "done_on", "by_id", "summary"), rows(), total


def referrals(ctx: Context):
    """One referral for each referred case, to its district's health bureau or
    women's federation, answered by the district officer who acts for both."""
    plan = ctx.plan

    def rows():
        pk = plan.start["referral"]
        for c in _cases(ctx):
            if not c.referred:
                continue
            s = c.school
            d = s.district_index
            sent = c.opened + datetime.timedelta(days=4)
            roll = _mix(c.id * 3) % 10
            status = "closed" if c.closed else REFERRAL_STATUSES[roll]
            answered = status != "sent"
            position = 1 if c.category == "psychological_risk" else 2
            yield (
                pk,
                c.id,
                department_id(plan, d, position),
                None,
                None,
                REFERRAL_REASONS[c.category],
                "请协助评估并提供专业服务，结果反馈学校。",
                status,
                c.lead,
                sent,
                plan.district_officer_start + d if answered else None,
                sent + datetime.timedelta(days=2) if answered else None,
                "暂无对口服务，建议转介区妇联。" if status == "declined" else "",
                "已安排专业人员上门服务三次。" if status == "closed" else "",
                sent + datetime.timedelta(days=40) if status == "closed" else None,
                5,
            )
            pk += 1

    columns = (
        "id",
        "case_id",
        "to_department_id",
        "to_organisation_id",
        "to_volunteer_id",
        "reason",
        "asked",
        "status",
        "sent_by_id",
        "sent_at",
        "answered_by_id",
        "answered_at",
        "answer",
        "service_given",
        "closed_at",
        "escalate_after_days",
    )
    total = sum(_care_plans_at(s) for s in plan.schools) * 3 // 10
    return Referral, columns, rows(), total


def _alerted(ctx: Context) -> Iterator[tuple[int, _Case]]:
    """(alert id, case) for every case of a child at psychological risk: the
    screening alert that led to the plan."""
    pk = ctx.plan.start["alert"]
    for c in _cases(ctx):
        if c.category == "psychological_risk":
            yield pk, c
            pk += 1


def alerts(ctx: Context):
    plan = ctx.plan

    def rows():
        for pk, c in _alerted(ctx):
            s = c.school
            yield (
                pk,
                c.student_id,
                s.id,
                plan.district_id(s.district_index),
                "early_warning",
                "screening",
                f"citygen-screening-{c.id}",
                c.lead,
                c.opened - datetime.timedelta(days=2),
                "closed" if c.closed else "acknowledged",
                c.id,
            )

    columns = (
        "id",
        "student_id",
        "school_id",
        "district_id",
        "level",
        "source",
        "source_id",
        "raised_by_id",
        "raised_at",
        "status",
        "case_id",
    )
    total = sum(_care_plans_at(s) for s in plan.schools) // 3
    return Alert, columns, rows(), total


def alert_steps(ctx: Context):
    """Raised by the case lead, received by a counsellor, linked to the plan by
    the school leader (and closed with the case)."""
    plan = ctx.plan

    def rows():
        pk = plan.start["alertstep"]
        for alert_id, c in _alerted(ctx):
            raised = c.opened - datetime.timedelta(days=2)
            counsellor = counsellors_of(plan, c.school.district_index)[0]
            steps = [
                (raised, c.lead, "raised", ALERT_NOTES["screening"]),
                (
                    raised + datetime.timedelta(hours=3),
                    counsellor,
                    "received",
                    ALERT_NOTES["received"],
                ),
                (
                    c.opened + datetime.timedelta(days=3),
                    c.school.leader_id,
                    "plan",
                    f"关联个案 #{c.id}。",
                ),
            ]
            if c.closed:
                steps.append((ctx.now - datetime.timedelta(days=5), c.lead, "closed", ""))
            for at, by, action, note in steps:
                yield pk, alert_id, at, by, action, "early_warning", note
                pk += 1

    total = sum(_care_plans_at(s) for s in plan.schools)
    return AlertStep, ("id", "alert_id", "at", "by_id", "action", "level", "note"), rows(), total
