"""A semester of school life for the demo city: mentors for every student,
home visits (some classes ahead, some behind), guidance activities, parent
committees and rule-of-law vice principals. Each part is written once: a
part that already has rows is left alone, so a second run adds nothing."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from portal.demo.plan import DEMO_CLASS, DEMO_SCHOOL, SEED
from portal.models import Role, RoleAssignment
from schools.models import (
    ActivityKind,
    CommitteeDecision,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    DecisionKind,
    Guardianship,
    GuidanceActivity,
    HomeVisit,
    LawAppointment,
    LawSession,
    LawVicePrincipal,
    LegalOrganisation,
    ParentCommittee,
    PersonMet,
    School,
    SchoolArea,
    SchoolClass,
    Semester,
    Student,
    VisitedStudent,
    VisitForm,
    VisitTopic,
)
from schools.services.semesters import current_semester, semester_on

# Share of students visited so far this semester, by area: rural schools are
# furthest from the target, as in the seeds.
VISITED_SHARE = {SchoolArea.URBAN: 0.7, SchoolArea.TOWN: 0.55, SchoolArea.RURAL: 0.4}
VISIT_SUMMARIES = (
    "与家长交流了孩子本学期的学习情况，家长表示会配合督促完成作业。",
    "讲解了暑期防溺水“六不”要求，家长签收了安全告知书。",
    "孩子近期情绪低落，与祖辈沟通了陪伴方式，约定下月再访。",
    "宣讲“双减”和“五项管理”政策，指导家长合理安排孩子睡眠与手机使用。",
    "了解家庭教育方式，推荐了《父母必读》书目和家长学校讲座。",
)
ACTIVITY_TITLES = {
    ActivityKind.PARENT_MEETING: "学期初家长会",
    ActivityKind.OPEN_DAY: "校园开放日",
    ActivityKind.LECTURE: "新父母大讲堂：如何陪伴孩子度过青春期",
    ActivityKind.WORKSHOP: "亲子沟通工作坊",
    ActivityKind.OTHER: "家庭教育微讲坛",
}
LAW_UNITS = {
    LegalOrganisation.POLICE: "公安分局",
    LegalOrganisation.PROCURATORATE: "人民检察院",
    LegalOrganisation.COURT: "人民法院",
    LegalOrganisation.JUSTICE: "司法局",
}
LAW_TITLES = {
    LegalOrganisation.POLICE: "警官",
    LegalOrganisation.PROCURATORATE: "检察官",
    LegalOrganisation.COURT: "法官",
    LegalOrganisation.JUSTICE: "科长",
}
LAW_TOPICS = ("预防校园欺凌", "未成年人保护法", "防范电信诈骗", "远离毒品", "交通安全与法律")


def seed_school_life() -> dict[str, int]:
    rng = random.Random(SEED + 3)
    today = timezone.localdate()
    semester = current_semester()
    previous = semester_on(semester.starts_on - datetime.timedelta(days=1))
    staff = _staff_by_school()
    return {
        "mentors": _assign_mentors(rng, staff),
        "home visits": _log_visits(rng, semester, today),
        "guidance activities": _record_activities(rng, (previous, semester), today, staff),
        "parent committees": _form_committees(rng, today),
        "law sessions": _appoint_law_vice_principals(rng, today),
    }


def _staff_by_school() -> dict[int, list[int]]:
    staff = defaultdict(list)
    rows = RoleAssignment.objects.filter(
        role__in=[Role.HEAD_TEACHER, Role.TEACHER, Role.COUNSELLOR, Role.SCHOOL_LEADER]
    ).values_list("school_id", "user_id")
    for school_id, user_id in rows.order_by("pk"):
        if user_id not in staff[school_id]:
            staff[school_id].append(user_id)
    return staff


def _head_teachers() -> dict[int, int]:
    return dict(
        RoleAssignment.objects.filter(role=Role.HEAD_TEACHER).values_list(
            "school_class_id", "user_id"
        )
    )


def _assign_mentors(rng: random.Random, staff: dict[int, list[int]]) -> int:
    """Every student has a mentor: the head teacher for most, a colleague for some."""
    heads = _head_teachers()
    unmentored = list(
        Student.objects.filter(mentor__isnull=True).values_list(
            "pk", "school_id", "school_class_id"
        )
    )
    students = []
    for pk, school_id, class_id in unmentored:
        colleagues = staff.get(school_id) or []
        mentor = heads.get(class_id)
        if colleagues and (mentor is None or rng.random() < 0.3):
            mentor = rng.choice(colleagues)
        if mentor is not None:
            students.append(Student(pk=pk, mentor_id=mentor))
    Student.objects.bulk_update(students, ["mentor"], batch_size=1000)
    return len(students)


def _log_visits(rng: random.Random, semester: Semester, today: datetime.date) -> int:
    if HomeVisit.objects.filter(semester=semester).exists():
        return 0
    heads = _head_teachers()
    first_day = semester.starts_on
    days = max((min(today, semester.ends_on) - first_day).days, 0)
    plans = []
    classes = SchoolClass.objects.select_related("school").order_by("pk")
    students_by_class = defaultdict(list)
    for pk, class_id in Student.objects.order_by("pk").values_list("pk", "school_class_id"):
        students_by_class[class_id].append(pk)
    for school_class in classes:
        author = heads.get(school_class.pk)
        if author is None:
            continue
        is_demo = (school_class.school.code, school_class.grade, school_class.number) == DEMO_CLASS
        share = 0.5 if is_demo else VISITED_SHARE[SchoolArea(school_class.school.area)]
        for student_id in students_by_class[school_class.pk]:
            if rng.random() < share:
                plans.append((school_class.school, author, student_id))
    visits = HomeVisit.objects.bulk_create(
        [
            HomeVisit(
                school=school,
                district_id=school.district_id,
                semester=semester,
                visited_on=first_day + datetime.timedelta(days=rng.randint(0, days)),
                form=rng.choice([VisitForm.AT_HOME] * 3 + [VisitForm.PHONE, VisitForm.VIDEO]),
                people_met=[
                    rng.choice([PersonMet.PARENT, PersonMet.PARENT, PersonMet.GRANDPARENT])
                ],
                topics=rng.sample([topic.value for topic in VisitTopic], k=rng.randint(1, 3)),
                summary=rng.choice(VISIT_SUMMARIES),
                author_id=author,
            )
            for school, author, _student in plans
        ],
        batch_size=1000,
    )
    VisitedStudent.objects.bulk_create(
        [
            VisitedStudent(visit=visit, student_id=student, semester=semester, school=school)
            for visit, (school, _author, student) in zip(visits, plans, strict=True)
        ],
        batch_size=1000,
    )
    through = HomeVisit.teachers.through
    through.objects.bulk_create(
        [through(homevisit_id=visit.pk, user_id=visit.author_id) for visit in visits],
        batch_size=1000,
    )
    return len(visits)


def _record_activities(rng, semesters, today, staff) -> int:
    if GuidanceActivity.objects.exists():
        return 0
    rows = []
    for school in School.objects.order_by("pk"):
        recorder = (staff.get(school.pk) or [None])[0]
        if recorder is None:
            continue
        for semester in semesters:
            last_day = min(today, semester.ends_on)
            span = max((last_day - semester.starts_on).days, 0)
            count = rng.choice([0, 1, 2, 2, 3]) if semester.ends_on >= today else rng.randint(2, 3)
            for _n in range(count):
                kind = rng.choice(list(ActivityKind))
                invited = rng.randint(40, 300)
                rows.append(
                    GuidanceActivity(
                        school=school,
                        district_id=school.district_id,
                        semester=semester,
                        kind=kind,
                        title=ACTIVITY_TITLES[kind],
                        held_on=semester.starts_on + datetime.timedelta(days=rng.randint(0, span)),
                        audience=rng.choice(
                            ["全体家长", "一年级新生家长", "毕业年级家长", "祖辈家长"]
                        ),
                        invited=invited,
                        attendance=int(invited * rng.uniform(0.6, 0.95)),
                        recorded_by_id=recorder,
                    )
                )
    GuidanceActivity.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _form_committees(rng: random.Random, today: datetime.date) -> int:
    if ParentCommittee.objects.exists():
        return 0
    established = (
        today.replace(month=9, day=10)
        if today.month >= 9
        else today.replace(year=today.year - 1, month=9, day=10)
    )
    guardians_by_school = defaultdict(list)
    guardians_by_class = defaultdict(list)
    for guardian_id, school_id, class_id in Guardianship.objects.order_by("pk").values_list(
        "guardian_id", "student__school_id", "student__school_class_id"
    ):
        guardians_by_school[school_id].append(guardian_id)
        guardians_by_class[class_id].append(guardian_id)
    created = 0
    for school in School.objects.order_by("pk"):
        committee = ParentCommittee.objects.create(
            school=school,
            district_id=school.district_id,
            level=CommitteeLevel.SCHOOL,
            established_on=established,
        )
        created += 1
        _seat_members(rng, committee, guardians_by_school[school.pk], established)
    demo_class = SchoolClass.objects.filter(
        school__code=DEMO_SCHOOL, grade=DEMO_CLASS[1], number=DEMO_CLASS[2]
    ).first()
    if demo_class is not None:
        committee = ParentCommittee.objects.create(
            school=demo_class.school,
            district_id=demo_class.district_id,
            level=CommitteeLevel.CLASS,
            grade=demo_class.grade,
            school_class=demo_class,
            established_on=established,
        )
        created += 1
        members = _seat_members(rng, committee, guardians_by_class[demo_class.pk], established)
        meeting = CommitteeMeeting.objects.create(
            committee=committee,
            held_on=established + datetime.timedelta(days=20),
            attendees=max(len(members) - 1, 1),
            minutes="讨论班级图书角建设和秋游安全方案，家长代表一致同意。",
        )
        CommitteeDecision.objects.create(
            meeting=meeting,
            kind=DecisionKind.GENERAL,
            text="秋游由家委会协助老师组织安全值守。",
            votes_for=len(members) - 1,
        )
        CommitteeDecision.objects.create(
            meeting=meeting,
            kind=DecisionKind.FEE,
            text="班级图书角购书，自愿捐赠，公开账目。",
            amount_yuan=Decimal("600.00"),
            votes_for=len(members) - 1,
        )
    return created


def _seat_members(rng, committee, guardian_ids, established) -> list[CommitteeMember]:
    chosen = list(dict.fromkeys(guardian_ids))
    rng.shuffle(chosen)
    roles = [CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR, CommitteeRole.SECRETARY]
    roles += [CommitteeRole.MEMBER] * 4
    return CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            guardian_id=guardian_id,
            role=role,
            term_starts_on=established,
            term_ends_on=established.replace(year=established.year + 2),
        )
        for guardian_id, role in zip(chosen, roles, strict=False)
    )


def _appoint_law_vice_principals(rng: random.Random, today: datetime.date) -> int:
    if LawVicePrincipal.objects.exists():
        return 0
    year_start = datetime.date(today.year, 1, 1)
    span = max((today - year_start).days, 0)
    sessions = []
    schools = list(School.objects.select_related("district").order_by("pk"))
    for index, school in enumerate(schools):
        if index % 9 == 8:
            continue  # a few schools still wait for one: the report lists them
        kind = list(LegalOrganisation)[index % 4]
        vice_principal = LawVicePrincipal.objects.create(
            name=f"{rng.choice('黄李覃韦莫陆梁蒙农')}{LAW_TITLES[kind]}",
            organisation_kind=kind,
            organisation_name=f"{school.district.name}{LAW_UNITS[kind]}",
            district=school.district,
        )
        appointment = LawAppointment.objects.create(
            vice_principal=vice_principal,
            school=school,
            district=school.district,
            starts_on=datetime.date(today.year - 1, 9, 1),
        )
        for _n in range(rng.randint(1, 4)):
            sessions.append(
                LawSession(
                    appointment=appointment,
                    school=school,
                    district=school.district,
                    held_on=year_start + datetime.timedelta(days=rng.randint(0, span)),
                    class_hours=Decimal(rng.choice(["1.0", "1.0", "1.5", "2.0"])),
                    topic=rng.choice(LAW_TOPICS),
                    audience=rng.choice(["全校学生", "七年级", "高一年级", "五、六年级"]),
                )
            )
    LawSession.objects.bulk_create(sessions)
    return len(sessions)
