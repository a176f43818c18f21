"""Accounts and their roles, students, guardians and family links."""

import datetime

from families.models import FamilyLink
from portal.citygen.plan import CityPlan, guardian_count, has_parent_account
from portal.demo.names import NameSource
from portal.models import Role, RoleAssignment, User
from schools.models import Guardian, Guardianship, Relation, SchoolArea, SchoolStage, Student

from .base import (
    USERNAME_PREFIX,
    Context,
    first_guardian_of_parent,
    guardian_phone,
    head_teacher,
    school_students,
    staff_phone,
)


def users(ctx: Context):
    plan = ctx.plan
    now = ctx.now
    password = ctx.password

    def account(user_id: int, username: str, name: str, *, phone: str = "", is_staff=True):
        return (
            user_id,
            password,
            False,
            username,
            "",
            "",
            "",
            is_staff,
            True,
            now,
            name,
            phone or staff_phone(user_id),
            True,
            True,
            True,
            False,
        )

    def rows():
        names = NameSource(plan.seed)
        tag = USERNAME_PREFIX
        yield account(plan.city_officer_id, f"{tag}city", names.teacher())
        for d in range(len(plan.districts)):
            yield account(plan.district_officer_start + d, f"{tag}d{d + 1}", names.teacher())
        for offset in range(plan.villages):
            user_id = plan.cadre_start + offset
            yield account(user_id, f"{tag}c{user_id}", names.teacher(), is_staff=False)
        for s in plan.schools:
            yield account(s.leader_id, f"{tag}xz{s.id}", names.teacher())
            for t in range(s.teachers):
                user_id = s.teacher_id_start + t
                yield account(user_id, f"{tag}t{user_id}", names.teacher())
        for s in plan.schools:
            for p in range(s.parents):
                user_id = s.parent_id_start + p
                # A parent signs up with the roster number of the guardian
                # they bind to, and may leave their name blank.
                phone = guardian_phone(first_guardian_of_parent(s, p))
                yield account(user_id, f"{tag}p{user_id}", "", phone=phone, is_staff=False)

    columns = (
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "name",
        "phone",
        "phone_verified",
        "notify_by_email",
        "notify_by_sms",
        "elder_mode",
    )
    return User, columns, rows(), plan.users


def roles(ctx: Context):
    plan = ctx.plan
    now = ctx.now

    def rows():
        next_id = plan.start["roleassignment"]

        def row(user_id, role, district=None, school=None, school_class=None, village=None):
            nonlocal next_id
            next_id += 1
            return next_id - 1, user_id, role, district, school, school_class, village, now

        yield row(plan.city_officer_id, Role.CITY_OFFICER)
        for d in range(len(plan.districts)):
            yield row(plan.district_officer_start + d, Role.DISTRICT_OFFICER, plan.district_id(d))
        for d in range(len(plan.districts)):
            for t in range(plan.towns_per_district):
                for v in range(plan.villages_per_town):
                    yield row(
                        plan.cadre_of(d, t, v),
                        Role.COMMUNITY_PARTNER,
                        village=plan.village_id(d, t, v),
                    )
        for s in plan.schools:
            district_id = plan.district_id(s.district_index)
            yield row(s.leader_id, Role.SCHOOL_LEADER, district_id, s.id)
            for i in range(len(s.classes)):
                class_id = s.class_id_start + i
                yield row(head_teacher(s, i), Role.HEAD_TEACHER, district_id, s.id, class_id)
                yield row(head_teacher(s, i), Role.TEACHER, district_id, s.id, class_id)
            # Subject teachers each take three classes.
            for t in range(len(s.classes), s.teachers):
                for k in range(3):
                    class_id = s.class_id_start + (t * 3 + k) % len(s.classes)
                    yield row(s.teacher_id_start + t, Role.TEACHER, district_id, s.id, class_id)
        for s in plan.schools:
            for p in range(s.parents):
                yield row(s.parent_id_start + p, Role.PARENT)

    total = role_total(plan)
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


def role_total(plan: CityPlan) -> int:
    """How many role assignments `roles` writes (later builders add theirs after)."""
    return (
        1
        + len(plan.districts)
        + plan.villages
        + sum(
            1 + 2 * len(s.classes) + 3 * max(0, s.teachers - len(s.classes)) + s.parents
            for s in plan.schools
        )
    )


def students(ctx: Context):
    plan = ctx.plan
    today = ctx.now.date()

    def rows():
        for s in plan.schools:
            rng = ctx.rng("student", s.index)
            names = ctx.names("student", s.index)
            district_id = plan.district_id(s.district_index)
            year = today.year - (8 if s.stage == SchoolStage.KINDERGARTEN else 12)
            for student_id, position, class_index in school_students(s):
                grade = s.classes[class_index][0]
                boy = rng.random() < 0.52
                born = datetime.date(year - grade, 1, 1) + datetime.timedelta(rng.randrange(365))
                # Every student has a mentor (全员育人导师制), a teacher of the school.
                mentor = s.teacher_id_start + (position % s.teachers)
                yield (
                    student_id,
                    s.class_id_start + class_index,
                    s.id,
                    district_id,
                    f"{s.id:05d}{position + 1:05d}",
                    names.child(names.surname(), boy=boy),
                    "M" if boy else "F",
                    born + datetime.timedelta(days=-2 * 365 if grade <= 0 else 0),
                    True,
                    mentor,
                )

    columns = (
        "id",
        "school_class_id",
        "school_id",
        "district_id",
        "student_number",
        "name",
        "gender",
        "birth_date",
        "is_active",
        "mentor_id",
    )
    return Student, columns, rows(), sum(s.students for s in plan.schools)


RELATIONS = (
    (Relation.MOTHER, Relation.FATHER, Relation.GRANDMOTHER),
    # Rural children are often left behind with their grandparents.
    (Relation.GRANDMOTHER, Relation.MOTHER, Relation.GRANDFATHER),
)


def _guardian_name(names: NameSource, position: int, area: str) -> str:
    relation = RELATIONS[area == SchoolArea.RURAL][position]
    if relation in (Relation.GRANDMOTHER, Relation.GRANDFATHER):
        return names.elder(names.surname(), man=relation == Relation.GRANDFATHER)
    return names.parent(names.surname(), man=relation == Relation.FATHER)


def guardians(ctx: Context):
    plan = ctx.plan

    def rows():
        for s in plan.schools:
            names = ctx.names("guardian", s.index)
            guardian_id = s.guardian_id_start
            for student_id, _, _ in school_students(s):
                for position in range(guardian_count(student_id)):
                    name = _guardian_name(names, position, s.area)
                    yield guardian_id, name, guardian_phone(guardian_id)
                    guardian_id += 1

    total = sum(s.guardians for s in plan.schools)
    return Guardian, ("id", "name", "phone"), rows(), total


def guardianships(ctx: Context):
    plan = ctx.plan

    def rows():
        # One guardian per guardianship, so the two tables share ids.
        for s in plan.schools:
            relations = RELATIONS[s.area == SchoolArea.RURAL]
            guardian_id = s.guardian_id_start
            for student_id, _, _ in school_students(s):
                for position in range(guardian_count(student_id)):
                    lives = position == 0 or s.area != SchoolArea.RURAL
                    yield (
                        plan.start["guardianship"] + guardian_id - plan.start["guardian"],
                        student_id,
                        guardian_id,
                        relations[position],
                        lives,
                        position + 1,
                    )
                    guardian_id += 1

    total = sum(s.guardians for s in plan.schools)
    columns = ("id", "student_id", "guardian_id", "relation", "lives_with_child", "position")
    return Guardianship, columns, rows(), total


def family_links(ctx: Context):
    plan = ctx.plan

    def rows():
        link_id = plan.start["familylink"]
        for s in plan.schools:
            parent_id = s.parent_id_start
            guardian_id = s.guardian_id_start
            for student_id, _, _ in school_students(s):
                if has_parent_account(student_id):
                    yield link_id, parent_id, student_id, guardian_id, "roster_phone", ctx.now
                    link_id += 1
                    parent_id += 1
                guardian_id += guardian_count(student_id)

    total = sum(s.parents for s in plan.schools)
    columns = ("id", "user_id", "student_id", "guardian_id", "method", "bound_at")
    return FamilyLink, columns, rows(), total
