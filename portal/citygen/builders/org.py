"""The organisation tree: districts, towns, villages, schools and classes."""

from schools.models import District, School, SchoolClass, Town, Village

from .base import STAGE_LABELS, Context, staff_phone


def districts(ctx: Context):
    rows = (
        (ctx.plan.district_id(i), name, code, kind)
        for i, (name, code, kind) in enumerate(ctx.plan.districts)
    )
    return District, ("id", "name", "code", "kind"), rows, len(ctx.plan.districts)


def towns(ctx: Context):
    plan = ctx.plan

    def rows():
        for d in range(len(plan.districts)):
            for t in range(plan.towns_per_district):
                kind = Town.Kind.STREET if t % 3 == 0 else Town.Kind.TOWN
                name = f"第{t + 1}{'街道' if kind == Town.Kind.STREET else '镇'}"
                yield plan.town_id(d, t), plan.district_id(d), name, kind

    return Town, ("id", "district_id", "name", "kind"), rows(), plan.towns


def villages(ctx: Context):
    plan = ctx.plan

    def rows():
        for d in range(len(plan.districts)):
            for t in range(plan.towns_per_district):
                street = t % 3 == 0
                kind = Village.Kind.COMMUNITY if street else Village.Kind.VILLAGE
                for v in range(plan.villages_per_town):
                    name = f"第{v + 1}{'社区' if street else '村'}"
                    village_id = plan.village_id(d, t, v)
                    yield village_id, plan.town_id(d, t), plan.district_id(d), name, kind

    return Village, ("id", "town_id", "district_id", "name", "kind"), rows(), plan.villages


def schools(ctx: Context):
    plan = ctx.plan

    def rows():
        for s in plan.schools:
            district_name, code, _ = plan.districts[s.district_index]
            name = f"{district_name}第{s.index + 1}{STAGE_LABELS[s.stage]}"
            yield (
                s.id,
                plan.district_id(s.district_index),
                plan.town_id(s.district_index, s.town_index),
                name,
                f"{code}{s.index + 1:06d}",
                s.stage,
                s.area,
                f"{district_name}第{s.town_index + 1}镇学府路{s.index + 1}号",
                staff_phone(s.leader_id),
            )

    columns = ("id", "district_id", "town_id", "name", "code", "stage", "area", "address", "phone")
    return School, columns, rows(), len(plan.schools)


def classes(ctx: Context):
    plan = ctx.plan

    def rows():
        for s in plan.schools:
            district_id = plan.district_id(s.district_index)
            for i, (grade, number, _) in enumerate(s.classes):
                yield s.class_id_start + i, s.id, district_id, grade, number, True

    total = sum(len(s.classes) for s in plan.schools)
    columns = ("id", "school_id", "district_id", "grade", "number", "is_active")
    return SchoolClass, columns, rows(), total
