"""1+1+N care networks and individual care plans."""

import json
from collections.abc import Iterator

from portal.citygen.plan import CARE_PLAN_PER_MILLE, NETWORK_SIZE, SchoolPlan
from programs.models import CareNetwork, Case, NetworkMember
from schools.models import SchoolArea, SchoolStage

from .base import Context, head_teacher


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
            rng = ctx.rng("networkmember", network_id)
            for position in rng.sample(range(s.students), min(NETWORK_SIZE, s.students)):
                yield member_id, network_id, s.student_id_start + position, joined
                member_id += 1

    total = sum(1 for _ in _networks(ctx)) * NETWORK_SIZE
    return NetworkMember, ("id", "network_id", "student_id", "joined_on"), rows(), total


def _care_plans_at(school: SchoolPlan) -> int:
    # Every school keeps at least one plan, so that small scales have some.
    return max(1, round(school.students * CARE_PLAN_PER_MILLE / 1000))


def care_plans(ctx: Context):
    """Individual care plans (一人一案), active and approved by the school leader."""
    plan = ctx.plan

    def rows():
        case_id = plan.start["case"]
        for s in plan.schools:
            rng = ctx.rng("case", s.index)
            count = _care_plans_at(s)
            for position in rng.sample(range(s.students), count):
                lead = head_teacher(s, s.class_of(position))
                yield (
                    case_id,
                    "plan",
                    s.student_id_start + position,
                    s.id,
                    plan.district_id(s.district_index),
                    json.dumps([rng.choice(("left_behind", "poverty", "psychological_risk"))]),
                    rng.choice(("low", "medium", "high")),
                    "active",
                    lead,
                    "家庭监护薄弱，需定期关注学习与情绪。",
                    False,
                    s.leader_id,
                    ctx.now,
                    90,
                    "",
                    ctx.now,
                )
                case_id += 1

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
        "approved_by_id",
        "approved_at",
        "review_every_days",
        "outcome",
        "created_at",
    )
    total = sum(_care_plans_at(s) for s in plan.schools)
    return Case, columns, rows(), total
