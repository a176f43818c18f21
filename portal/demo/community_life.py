"""The demo city's community: the education map with its practice bases and
their bookings, study-tour providers, partner organisations and volunteers,
lecturer groups, departments and alliances with a joint meeting. Each part is
written once: a part that already has rows is left alone, so a second run
adds nothing."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from community.models import AgeGroup as A
from community.models import (
    Alliance,
    ApprovalRecord,
    ApprovalStatus,
    Booking,
    BookingSlot,
    BookingStatus,
    Department,
    EducationResource,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    LecturerGroup,
    MeetingAttendee,
    Organisation,
    ResourceCategory,
    ResourceCourse,
    StudyTourProvider,
    Volunteer,
    VolunteerHours,
)
from community.models import Theme as T
from portal.demo.names import NameSource
from portal.demo.plan import DEMO_CLASS, DEMO_DISTRICT, DEMO_SCHOOL, SEED
from portal.models import User
from schools.models import District, School, SchoolClass, Town
from schools.services.semesters import current_semester

C = ResourceCategory

# name, category, district, town, address, (lat, lon), themes, ages, hours, stars, status
RESOURCES = (
    ("澄州市博物馆", C.MUSEUM, "459902", "南门街道", "澄江区文庙路12号", (22.842, 108.318),
     [T.HERITAGE, T.CULTURE_ART], [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY],
     "周二至周日 9:00–17:00", 5),
    ("江滨科技馆", C.SCIENCE_CENTRE, "459902", "江滨街道", "澄江区江滨路66号", (22.818, 108.352),
     [T.SCIENCE], [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.JUNIOR], "周三至周日 9:30–16:30", 4),
    ("澄州市图书馆", C.CULTURE_CENTRE, "459902", "望湖街道", "澄江区望湖路1号", (22.861, 108.297),
     [T.CULTURE_ART], [A.KINDERGARTEN, A.FAMILY, A.PRIMARY_LOWER], "每日 9:00–21:00", 4),
    ("书院街韦氏宗祠", C.FAMILY_TRADITION, "459902", "南门街道", "澄江区书院街40号",
     (22.836, 108.331), [T.FAMILY_TRADITION], [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY],
     "周六、周日 9:00–17:00", 3),
    ("澄州革命烈士纪念馆", C.RED_EDUCATION, "459902", "望湖街道", "澄江区烈士陵园路3号",
     (22.873, 108.276), [T.RED_CULTURE], [A.PRIMARY_UPPER, A.JUNIOR, A.SENIOR],
     "周二至周日 8:30–17:30", 5),
    ("北湖湿地自然学校", C.PRACTICE_BASE, "459903", "北湖街道", "北湖区湖滨北路88号",
     (22.982, 108.364), [T.NATURE, T.LABOUR], [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.JUNIOR],
     "周一至周五接待团体预约", 4),
    ("北湖区青少年宫", C.CULTURE_CENTRE, "459903", "新城街道", "北湖区锦绣大道120号",
     (22.954, 108.402), [T.CULTURE_ART, T.SCIENCE], [A.PRIMARY_LOWER, A.PRIMARY_UPPER],
     "周二至周日 9:00–18:00", 4),
    ("石桥古渡口", C.STUDY_ROUTE, "459903", "石桥镇", "北湖区石桥镇渡口街", (23.041, 108.455),
     [T.HERITAGE, T.NATURE], [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY], "全天开放", 3),
    ("三塘农耕文化园", C.PRACTICE_BASE, "459903", "三塘镇", "北湖区三塘镇东岭村", (23.082, 108.512),
     [T.LABOUR, T.NATURE], [A.KINDERGARTEN, A.PRIMARY_LOWER, A.PRIMARY_UPPER],
     "周一至周六 8:30–17:00", 3),
    ("青山县交通安全教育基地", C.PRACTICE_BASE, "459923", "城关镇", "青山县城关镇北门路20号",
     (22.703, 108.088), [T.LAW_SAFETY], [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.JUNIOR],
     "周一至周五 8:30–17:00", 3),
    ("龙潭红军标语楼", C.RED_EDUCATION, "459923", "龙潭镇", "青山县龙潭镇龙潭街9号",
     (22.652, 108.041), [T.RED_CULTURE], [A.PRIMARY_UPPER, A.JUNIOR, A.SENIOR],
     "周二至周日 9:00–17:00", 4),
    ("岩口青少年劳动实践基地", C.PRACTICE_BASE, "459923", "龙潭镇", "青山县龙潭镇岩口村",
     (22.628, 108.066), [T.LABOUR, T.NATURE], [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.JUNIOR],
     "周一至周五接待学校团体预约", 4),
    ("桂花乡壮锦传习所", C.INTANGIBLE_HERITAGE, "459923", "桂花乡", "青山县桂花乡竹林村",
     (22.611, 108.128), [T.HERITAGE, T.CULTURE_ART], [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY],
     "周三、周六 9:00–16:00", 3),
    ("白沙文昌阁", C.FAMILY_TRADITION, "459981", "白沙街道", "白沙市文昌路2号", (22.905, 108.563),
     [T.FAMILY_TRADITION, T.HERITAGE], [A.PRIMARY_UPPER, A.JUNIOR, A.FAMILY],
     "每日 8:30–17:30", 3),
    ("白沙市防灾减灾科普馆", C.SCIENCE_CENTRE, "459981", "白沙街道", "白沙市沙河路80号",
     (22.921, 108.541), [T.LAW_SAFETY, T.SCIENCE],
     [A.KINDERGARTEN, A.PRIMARY_LOWER, A.PRIMARY_UPPER],
     "周二至周日 9:00–16:30", 4),
    ("沙田龙舟文化馆", C.INTANGIBLE_HERITAGE, "459981", "沙田镇", "白沙市沙田镇沙田街18号",
     (22.958, 108.592), [T.HERITAGE, T.CULTURE_ART], [A.PRIMARY_UPPER, A.FAMILY], "周末 9:00–17:00",
     None),
)  # fmt: skip
# Places that asked to join the map and wait for the bureau's decision.
APPLIED = (
    ("河口江背红树林观察点", C.PRACTICE_BASE, "459981", "河口镇", "白沙市河口镇江背村",
     (22.884, 108.583), [T.NATURE], [A.PRIMARY_UPPER, A.JUNIOR], "预约开放", None),
    ("新城机器人创客空间", C.SCIENCE_CENTRE, "459903", "新城街道", "北湖区新城路160号",
     (22.967, 108.421), [T.SCIENCE], [A.PRIMARY_UPPER, A.JUNIOR, A.SENIOR],
     "周六、周日 9:00–18:00", None),
    ("城西非遗竹编工坊", C.INTANGIBLE_HERITAGE, "459923", "城关镇", "青山县城关镇城西巷7号",
     (22.716, 108.072), [T.HERITAGE, T.LABOUR], [A.PRIMARY_LOWER, A.PRIMARY_UPPER, A.FAMILY],
     "周一至周五 9:00–17:00", None),
)  # fmt: skip
DESCRIPTIONS = {
    C.MUSEUM: "馆藏文物与地方史陈列，提供学生讲解员培训和研学任务单。",
    C.FAMILY_TRADITION: "保存完好的家训家规与族谱展示，讲述耕读传家、孝老爱亲的故事。",
    C.SCIENCE_CENTRE: "互动展项与科学实验课，适合班级团体参观。",
    C.CULTURE_CENTRE: "阅读推广、艺术普及与周末亲子活动。",
    C.RED_EDUCATION: "革命历史陈列与现场教学，可开展入队、入团仪式。",
    C.INTANGIBLE_HERITAGE: "非遗传承人现场示范，学生可动手体验。",
    C.PRACTICE_BASE: "市级中小学生研学实践教育基地，提供半日与全日课程。",
    C.STUDY_ROUTE: "沿线设有讲解点与安全员，适合开展半日研学。",
}
# The two bases schools can book, run by the village cadre demo.partner.
BASES = {
    "岩口青少年劳动实践基地": (
        60,
        (
            ("稻田插秧与农具认识", "跟着农民伯伯下田，认识犁、耙、禾镰，体验插秧。", 150),
            ("果园采摘与分拣", "学习柑橘采摘、分级与装箱，体会劳动的辛苦。", 120),
            ("乡村厨房：做五色糯米饭", "用植物染料给糯米上色，了解壮族节庆习俗。", 120),
        ),
    ),
    "青山县交通安全教育基地": (
        120,
        (
            ("小小交通警察", "认识交通信号与手势，模拟路口指挥。", 90),
            ("安全乘车与防溺水", "校车安全演练与防溺水“六不”情景课。", 90),
            ("骑行安全训练", "在模拟道路上练习安全骑行（限五年级以上）。", 90),
        ),
    ),
}
PROVIDERS = (
    ("澄州山水研学旅行服务有限公司", "91459902MA5L2X7Q3K", "459902", True),
    ("白沙江畔文化旅游发展有限公司", "91459981MA5K8N2R6P", "459981", True),
    ("青山绿野户外教育咨询有限公司", "91459923MA5N4T9W1D", "459923", False),
)
ORGANISATIONS = (
    ("澄州市润苗青少年社会工作服务中心", Organisation.Kind.SOCIAL_ORGANISATION, None,
     "留守儿童陪伴、个案辅导、家庭教育讲座"),
    ("澄江区志愿者协会", Organisation.Kind.SOCIAL_ORGANISATION, "459902",
     "社区课后服务、周末阅读陪伴、防溺水巡河"),
    ("青山县龙潭镇妇女儿童之家", Organisation.Kind.COMMUNITY_GROUP, "459923",
     "留守儿童“四点半课堂”、假期托管"),
    ("澄州市红十字会", Organisation.Kind.PUBLIC_INSTITUTION, None, "急救培训、应急救护进校园"),
)  # fmt: skip
SKILLS = ("课业辅导", "心理陪伴", "急救", "阅读推广", "体育", "美术", "书法", "法律咨询", "摄影")
ACTIVITIES = (
    "四点半课堂作业辅导",
    "周末绘本阅读陪伴",
    "暑期防溺水巡河",
    "留守儿童生日会",
    "应急救护培训进校园",
    "家长学校讲座会务",
)
LECTURER_GROUPS = (
    (
        "澄州市家庭教育讲师团",
        None,
        "市妇联与市教育局共建，面向全市家长学校授课。",
        (
            ("覃海燕", "市家庭教育指导中心主任、高级教师", "亲子沟通、家校共育"),
            ("黄志明", "澄州师范学院教育学院副教授", "儿童发展心理、学习习惯养成"),
            ("李晓静", "国家二级心理咨询师", "青春期心理、情绪管理"),
            ("梁文华", "澄州市第一中学德育主任", "高中生生涯规划、家长陪伴"),
        ),
    ),
    (
        "青山县“五老”宣讲团",
        "459923",
        "退休教师、老干部组成，深入村屯为祖辈家长授课。",
        (
            ("蒙德福", "退休教师", "隔代教养、留守儿童陪伴"),
            ("韦秀兰", "县关工委委员", "家风家训、孝老爱亲"),
        ),
    ),
)
DEPARTMENTS = (
    ("澄州市公安局", Department.Kind.PUBLIC_SECURITY, "刘卫东", "0779-2110110"),
    ("澄州市卫生健康委员会", Department.Kind.HEALTH, "陈丽娟", "0779-2120120"),
    ("澄州市妇女联合会", Department.Kind.WOMENS_FEDERATION, "韦春梅", "0779-2812345"),
    ("澄州市民政局", Department.Kind.CIVIL_AFFAIRS, "黄建平", "0779-2813456"),
    ("澄州市人民检察院", Department.Kind.PROCURATORATE, "覃明辉", "0779-2814567"),
    ("共青团澄州市委员会", Department.Kind.YOUTH_LEAGUE, "莫丹丹", "0779-2815678"),
)


def seed_community_life() -> dict[str, int]:
    rng = random.Random(SEED + 4)
    today = timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "demo.city",
                "demo.district",
                "demo.leader",
                "demo.headteacher",
                "demo.partner",
                "demo.caseworker",
            ]
        )
    }
    return {
        "education resources": _map_resources(rng, users, today),
        "booking slots": _open_bases(rng, users, today),
        "study-tour providers": _list_providers(users),
        "volunteers": _enlist_volunteers(rng, users, today),
        "lecturers": _form_lecturer_groups(),
        "joint meetings": _join_departments(users, today),
    }


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _map_resources(rng, users, today) -> int:
    if EducationResource.objects.exists():
        return 0
    districts = {d.code: d for d in District.objects.all()}
    towns = {(t.district.code, t.name): t for t in Town.objects.select_related("district")}
    names = NameSource(SEED + 40)
    rows = []
    for specs, status in ((RESOURCES, ApprovalStatus.APPROVED), (APPLIED, ApprovalStatus.APPLIED)):
        for name, category, code, town, address, (lat, lon), themes, ages, hours, *rest in specs:
            stars = rest[0] if rest else None
            rows.append(
                EducationResource(
                    name=name,
                    category=category,
                    themes=[str(theme) for theme in themes],
                    age_groups=[str(age) for age in ages],
                    district=districts[code],
                    town=towns.get((code, town)),
                    address=address,
                    latitude=Decimal(f"{lat:.6f}"),
                    longitude=Decimal(f"{lon:.6f}"),
                    description=DESCRIPTIONS[category],
                    opening_hours=hours,
                    capacity_per_visit=BASES[name][0] if name in BASES else rng.choice([40, 80]),
                    accessibility=rng.choice(["设无障碍通道", "", "部分展区有台阶"]),
                    contact_name=names.teacher(),
                    contact_phone=names.mobile(),
                    approval_status=status,
                    star_rating=stars if status == ApprovalStatus.APPROVED else None,
                    open_for_bookings=name in BASES,
                )
            )
    resources = EducationResource.objects.bulk_create(rows)
    ApprovalRecord.objects.bulk_create(
        [
            ApprovalRecord(
                resource=resource,
                status=resource.approval_status,
                note="材料齐全，实地查看符合条件。"
                if resource.approval_status == "approved"
                else "",
                decided_by=users["demo.city"],
            )
            for resource in resources
        ]
    )
    return len(resources)


def _open_bases(rng, users, today) -> int:
    if BookingSlot.objects.exists():
        return 0
    partner = users["demo.partner"]
    bases = list(EducationResource.objects.filter(name__in=BASES, open_for_bookings=True))
    if not bases:
        return 0
    slots = []
    for base in bases:
        capacity, courses = BASES[base.name]
        base.managers.add(partner)
        ResourceCourse.objects.bulk_create(
            [
                ResourceCourse(
                    resource=base,
                    title=title,
                    description=text,
                    age_groups=base.age_groups,
                    duration_minutes=minutes,
                )
                for title, text, minutes in courses
            ]
        )
        # Tuesdays and Thursdays of the next four weeks, a morning and an afternoon.
        for offset in range(1, 29):
            day = today + datetime.timedelta(days=offset)
            if day.weekday() not in (1, 3):
                continue
            for start, end in ((datetime.time(9), datetime.time(11, 30)),
                               (datetime.time(14), datetime.time(16, 30))):  # fmt: skip
                slots.append(
                    BookingSlot(
                        resource=base, date=day, starts_at=start, ends_at=end, capacity=capacity
                    )
                )
    BookingSlot.objects.bulk_create(slots)
    _book_demo_class(users, bases, partner)
    return len(slots)


def _book_demo_class(users, bases, partner) -> None:
    code, grade, number = DEMO_CLASS
    school_class = SchoolClass.objects.filter(school__code=code, grade=grade, number=number).first()
    if school_class is None:
        return
    students = school_class.students.count() or 20
    semester = current_semester()
    now = timezone.now()
    # Two trips on different days: one the base has confirmed, one still waiting.
    choices = ((BookingStatus.CONFIRMED, 2), (BookingStatus.REQUESTED, 5))
    for base, (status, nth) in zip(bases, choices, strict=False):
        slot = base.slots.order_by("date", "starts_at")[nth]
        booking = Booking.objects.create(
            slot=slot,
            school_id=school_class.school_id,
            school_class=school_class,
            district_id=school_class.district_id,
            semester=semester,
            course=base.courses.order_by("pk").first(),
            students=students,
            teachers=3,
            status=status,
            requested_by=users["demo.headteacher"],
            decided_by=partner if status == BookingStatus.CONFIRMED else None,
            decided_at=now if status == BookingStatus.CONFIRMED else None,
        )
        BookingSlot.objects.filter(pk=slot.pk).update(booked_students=booking.students)


def _list_providers(users) -> int:
    if StudyTourProvider.objects.exists():
        return 0
    districts = {d.code: d for d in District.objects.all()}
    names = NameSource(SEED + 41)
    providers = StudyTourProvider.objects.bulk_create(
        [
            StudyTourProvider(
                name=name,
                credit_code=credit,
                district=districts[code],
                contact_name=names.teacher(),
                contact_phone=names.mobile(),
                description="研学线路设计、带队导师、交通与保险一体化服务。",
                approval_status=ApprovalStatus.APPROVED if recommended else ApprovalStatus.APPLIED,
                is_recommended=recommended,
            )
            for name, credit, code, recommended in PROVIDERS
        ]
    )
    ApprovalRecord.objects.bulk_create(
        [
            ApprovalRecord(
                provider=provider,
                status=ApprovalStatus.APPROVED,
                note="资质、安全预案与保险材料审核通过，列入推荐名单。",
                decided_by=users["demo.city"],
            )
            for provider in providers
            if provider.is_recommended
        ]
    )
    return len(providers)


def _enlist_volunteers(rng, users, today) -> int:
    if Volunteer.objects.exists():
        return 0
    districts = {d.code: d for d in District.objects.all()}
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=name,
                kind=kind,
                district=districts.get(code),
                services=services,
                contact_name="韦丽芳",
                contact_phone=f"0779-28{index:02d}6688",
            )
            for index, (name, kind, code, services) in enumerate(ORGANISATIONS, start=1)
        ]
    )
    names = NameSource(SEED + 42)
    volunteers = []
    for _n in range(20):
        volunteers.append(
            Volunteer(
                name=names.parent(names.surname(), man=rng.random() < 0.4),
                phone=names.mobile(),
                organisation=rng.choice(organisations),
                skills=rng.sample(SKILLS, k=rng.randint(1, 3)),
                joined_on=today - datetime.timedelta(days=rng.randint(60, 900)),
            )
        )
    volunteers = Volunteer.objects.bulk_create(volunteers)
    codes = list(districts)
    through = Volunteer.districts.through
    served = []
    for volunteer in volunteers:
        home = volunteer.organisation.district_id or districts[rng.choice(codes)].pk
        served.append((volunteer, home))
    through.objects.bulk_create(
        [through(volunteer_id=v.pk, district_id=district) for v, district in served]
    )
    recorder = users["demo.caseworker"]
    hours = []
    for volunteer, district in served:
        for _n in range(rng.randint(1, 5)):
            verified = rng.random() < 0.7
            hours.append(
                VolunteerHours(
                    volunteer=volunteer,
                    served_on=today - datetime.timedelta(days=rng.randint(1, 120)),
                    hours=Decimal(rng.choice(["1.5", "2.0", "2.5", "3.0", "4.0"])),
                    activity=rng.choice(ACTIVITIES),
                    district_id=district,
                    recorded_by=recorder,
                    verified_by=users["demo.district"] if verified else None,
                    verified_at=timezone.now() if verified else None,
                )
            )
    VolunteerHours.objects.bulk_create(hours)
    return len(volunteers)


def _form_lecturer_groups() -> int:
    if LecturerGroup.objects.exists():
        return 0
    districts = {d.code: d for d in District.objects.all()}
    organisation = Organisation.objects.filter(name=ORGANISATIONS[0][0]).first()
    names = NameSource(SEED + 43)
    lecturers = []
    for name, code, description, people in LECTURER_GROUPS:
        group = LecturerGroup.objects.create(
            name=name,
            district=districts.get(code),
            organisation=organisation if code is None else None,
            description=description,
        )
        for person, title, expertise in people:
            lecturers.append(
                Lecturer(
                    group=group,
                    name=person,
                    title=title,
                    expertise=expertise,
                    bio=f"{title}，长期从事{expertise}方面的研究与宣讲。",
                    phone=names.mobile(),
                )
            )
    return len(Lecturer.objects.bulk_create(lecturers))


def _join_departments(users, today) -> int:
    if Department.objects.exists():
        return 0
    departments = Department.objects.bulk_create(
        [
            Department(name=name, kind=kind, contact_name=contact, contact_phone=phone)
            for name, kind, contact, phone in DEPARTMENTS
        ]
    )
    by_kind = {d.kind: d for d in departments}
    school = School.objects.filter(code=DEMO_SCHOOL).first()
    district = District.objects.filter(code=DEMO_DISTRICT).first()
    K = Department.Kind
    police = Alliance.objects.create(
        name="澄江区警教协同教联体",
        kind=Alliance.Kind.POLICE_EDUCATION,
        purpose="公安、检察与学校联动，开展校园安全巡查、法治宣讲和涉未成年人案件早期干预。",
        district=district,
        established_on=today - datetime.timedelta(days=400),
    )
    police.departments.set([by_kind[K.PUBLIC_SECURITY], by_kind[K.PROCURATORATE]])
    medical = Alliance.objects.create(
        name="澄州市医教协同教联体",
        kind=Alliance.Kind.MEDICAL_EDUCATION,
        purpose="卫健、妇联、民政与学校协同，做好学生心理健康筛查、转介和困境儿童关爱。",
        established_on=today - datetime.timedelta(days=300),
    )
    medical.departments.set(
        [
            by_kind[K.HEALTH],
            by_kind[K.WOMENS_FEDERATION],
            by_kind[K.CIVIL_AFFAIRS],
            by_kind[K.YOUTH_LEAGUE],
        ]
    )
    if school is not None:
        police.schools.add(school)
        medical.schools.add(school)
    meeting = JointMeeting.objects.create(
        alliance=police,
        district=district,
        held_on=today - datetime.timedelta(days=30),
        location="澄江区教育局三楼会议室",
        minutes="通报本学期校园周边治安情况；研究上下学高峰护学岗安排；"
        "部署防范电信诈骗进课堂；学校反映放学后校门口摊点聚集问题。",
        recorded_by=users["demo.district"],
    )
    attendees = [
        MeetingAttendee(meeting=meeting, name="刘卫东", department=by_kind[K.PUBLIC_SECURITY]),
        MeetingAttendee(meeting=meeting, name="覃明辉", department=by_kind[K.PROCURATORATE]),
    ]
    if school is not None:
        attendees.append(
            MeetingAttendee(meeting=meeting, name=users["demo.leader"].name, school=school)
        )
    MeetingAttendee.objects.bulk_create(attendees)
    FollowUpTask.objects.bulk_create(
        [
            FollowUpTask(
                meeting=meeting,
                title="协调城管清理江滨小学校门口流动摊点，并报送整改情况",
                owner=users["demo.leader"],
                due_on=today - datetime.timedelta(days=7),
            ),
            FollowUpTask(
                meeting=meeting,
                title="落实上下学高峰“护学岗”警力安排",
                owner=users["demo.district"],
                owner_department=by_kind[K.PUBLIC_SECURITY],
                due_on=today - datetime.timedelta(days=14),
                status=FollowUpTask.Status.DONE,
                done_at=timezone.now() - datetime.timedelta(days=16),
                outcome="江滨、南门两校已安排民警和辅警早晚各一岗。",
            ),
        ]
    )
    return 1
