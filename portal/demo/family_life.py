"""Family education in the demo city: parent schools at every level (two
schools still without one), a lecture course with a full lecture and a
waiting list, parent accounts bound to their children, the counselling
station with requests and hotline calls, the reading list and tips. Each part
is written once: a part that already has rows is left alone, so a second run
adds nothing."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from community.models import Lecturer
from families.models import (
    Channel,
    CounsellingRequest,
    CounsellingStation,
    CounsellingTopic,
    Course,
    FamilyLink,
    ForWhom,
    HotlineCall,
    Lecture,
    ParentSchool,
    ParentSchoolLevel,
    ReaderAge,
    ReadingItem,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Tip,
    TipAudience,
)
from portal.demo import city
from portal.demo.plan import DEMO_CLASS, DEMO_DISTRICT, DEMO_SCHOOL, SEED
from portal.models import Role, RoleAssignment, User
from schools.models import District, Guardianship, School

CITY_SCHOOL = "澄州市新父母大讲堂"
# Village schools that have not set up a parent school yet: the coverage gap.
WITHOUT_PARENT_SCHOOL = ("3459030008", "3459810005")
ONLINE_SCHOOLS = ("澄州家长网上学校", "润心线上家长课堂")
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

# title, description, days from today, audience grades, venue or online
LECTURES = (
    ("读懂孩子的情绪", "从“情绪教练”五步法讲起，帮助家长接住孩子的情绪。", -42, [1, 2, 3], "venue"),
    ("“双减”之后，家长怎样陪伴学习", "作业、睡眠、手机、读物、体质：五项管理在家里怎么做。", -14,
     [3, 4, 5, 6], "online"),
    ("隔代教养：祖辈与父母如何形成合力", "留守与隔代养育家庭的沟通与分工。", 10, [], "venue"),
    ("青春期前夜：和十岁的孩子好好说话", "小学高年级家长必修：尊重、边界与信任。", 24,
     [4, 5, 6], "venue"),
)  # fmt: skip
BOOKS = (
    (
        "园丁与木匠",
        "艾莉森·高普尼克",
        ReaderAge.INFANT,
        "养育不是把孩子“做”成某个样子，而是提供让他自由生长的环境。",
    ),
    (
        "全脑教养法",
        "丹尼尔·西格尔、蒂娜·佩恩·布赖森",
        ReaderAge.INFANT,
        "用通俗的脑科学解释孩子的情绪和行为。",
    ),
    ("捕捉儿童敏感期", "孙瑞雪", ReaderAge.KINDERGARTEN, "认识幼儿各个敏感期，少一些误解和打断。"),
    ("游戏力", "劳伦斯·科恩", ReaderAge.KINDERGARTEN, "用游戏走进孩子的内心，化解对抗。"),
    (
        "孩子，把你的手给我",
        "海姆·G·吉诺特",
        ReaderAge.KINDERGARTEN,
        "亲子沟通的经典，教家长说孩子能听进去的话。",
    ),
    (
        "好妈妈胜过好老师",
        "尹建莉",
        ReaderAge.PRIMARY,
        "一位母亲兼教师的家庭教育手记，谈习惯、阅读与自由。",
    ),
    (
        "如何说孩子才会听，怎么听孩子才肯说",
        "阿黛尔·法伯、伊莱恩·玛兹丽施",
        ReaderAge.PRIMARY,
        "大量对话示例，拿来就能用的沟通技巧。",
    ),
    ("正面管教", "简·尼尔森", ReaderAge.PRIMARY, "和善而坚定，不惩罚、不娇纵地培养孩子的自律。"),
    (
        "第56号教室的奇迹",
        "雷夫·艾斯奎斯",
        ReaderAge.PRIMARY,
        "一位小学教师的教育实践，家长也能借鉴。",
    ),
    (
        "十几岁孩子的正面管教",
        "简·尼尔森、琳·洛特",
        ReaderAge.JUNIOR,
        "陪伴青春期孩子，既不控制也不放任。",
    ),
    (
        "叛逆不是孩子的错",
        "杰弗里·伯恩斯坦",
        ReaderAge.JUNIOR,
        "理解青春期的对抗行为，化冲突为合作。",
    ),
    (
        "不管教的勇气",
        "岸见一郎",
        ReaderAge.SENIOR,
        "阿德勒心理学视角下的亲子关系：课题分离与信任。",
    ),
    ("PET父母效能训练", "托马斯·戈登", ReaderAge.ALL, "积极倾听、“我—信息”与双赢解决冲突的方法。"),
)
CALL_SUMMARIES = {
    CounsellingTopic.PSYCHOLOGY: (
        "孩子近两周不愿上学，入睡困难。倾听并评估风险，建议联系班主任并预约面询。",
        "孩子与同学发生冲突后情绪低落，指导家长陪伴与表达共情。",
    ),
    CounsellingTopic.FAMILY_GUIDANCE: (
        "父母在外务工，祖辈管不住孩子玩手机，讨论了约定使用时间的办法。",
        "父母离异后孩子抗拒与父亲见面，建议保持稳定的探视节奏。",
    ),
    CounsellingTopic.STUDY_METHODS: (
        "孩子写作业拖拉到深夜，建议分段计时并与老师沟通作业量。",
        "初三孩子考前焦虑，介绍了放松练习与合理作息。",
    ),
    CounsellingTopic.POLICY: (
        "咨询小升初划片入学政策，告知了区教育局的咨询电话与公示时间。",
        "询问课后服务收费与自愿参加规定，作了解释。",
    ),
}


def seed_family_life() -> dict[str, int]:
    rng = random.Random(SEED + 5)
    now = timezone.now()
    parent = User.objects.filter(username="demo.parent").first()
    if parent is None:
        return {}
    return {
        "parent schools": _open_parent_schools(rng),
        "family links": _bind_families(rng, parent),
        "lectures": _schedule_lectures(rng, parent, now),
        "counselling requests": _open_station(rng, parent, now),
        "reading list": _publish_reading_list(),
        "tips": _publish_tips(now),
    }


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _leaders() -> dict[int, User]:
    rows = RoleAssignment.objects.filter(role=Role.SCHOOL_LEADER).select_related("user")
    return {row.school_id: row.user for row in rows.order_by("pk")}


def _open_parent_schools(rng: random.Random) -> int:
    if ParentSchool.objects.exists():
        return 0
    today = timezone.localdate()
    city_officer = User.objects.filter(username="demo.city").first()
    rows = [
        ParentSchool(
            name=CITY_SCHOOL,
            level=ParentSchoolLevel.CITY,
            principal_name=city_officer.name if city_officer else "陈建华",
            principal=city_officer,
            star_rating=5,
            established_on=datetime.date(2019, 5, 15),
        )
    ]
    for online in ONLINE_SCHOOLS:
        rows.append(
            ParentSchool(
                name=online,
                level=ParentSchoolLevel.ONLINE,
                principal_name="覃海燕",
                star_rating=4,
                established_on=datetime.date(2021, 3, 1),
            )
        )
    officers = {
        row.district_id: row.user
        for row in RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER)
        .select_related("user")
        .order_by("-pk")
    }
    for district in District.objects.order_by("code"):
        officer = officers.get(district.pk)
        rows.append(
            ParentSchool(
                name=f"{district.name}家长学校",
                level=ParentSchoolLevel.COUNTY,
                district=district,
                principal_name=officer.name if officer else "",
                principal=officer,
                star_rating=rng.choice([3, 4, 4, 5]),
                established_on=datetime.date(2020, 9, 1),
            )
        )
    leaders = _leaders()
    for school in School.objects.exclude(code__in=WITHOUT_PARENT_SCHOOL).order_by("code"):
        leader = leaders.get(school.pk)
        rows.append(
            ParentSchool(
                name=f"{school.name}家长学校",
                level=ParentSchoolLevel.SCHOOL,
                district_id=school.district_id,
                school=school,
                principal_name=leader.name if leader else "",
                principal=leader,
                star_rating=rng.choice([None, 2, 3, 3, 4, 5]),
                established_on=today - datetime.timedelta(days=rng.randint(200, 2500)),
            )
        )
    return len(ParentSchool.objects.bulk_create(rows))


def _bind_families(rng: random.Random, parent: User) -> int:
    """demo.parent to both children, and most other parent accounts to theirs,
    through the roster guardian who has the account's phone."""
    if FamilyLink.objects.exists():
        return 0
    accounts = {
        user.phone: user
        for user in User.objects.filter(role_assignments__role=Role.PARENT).order_by("pk")
        if user.pk == parent.pk or rng.random() < 0.6
    }
    links = []
    rows = (
        Guardianship.objects.filter(guardian__phone__in=list(accounts))
        .select_related("guardian")
        .order_by("student_id", "position")
    )
    seen = set()
    for row in rows:
        user = accounts[row.guardian.phone]
        if (user.pk, row.student_id) in seen:
            continue
        seen.add((user.pk, row.student_id))
        links.append(
            FamilyLink(
                user=user,
                student_id=row.student_id,
                guardian=row.guardian,
                method=FamilyLink.Method.ROSTER_PHONE,
            )
        )
    return len(FamilyLink.objects.bulk_create(links, batch_size=500))


def _codes(rng: random.Random):
    seen = set(Registration.objects.values_list("check_in_code", flat=True))
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        if code not in seen:
            seen.add(code)
            yield code


def _schedule_lectures(rng: random.Random, parent: User, now: datetime.datetime) -> int:
    if Lecture.objects.exists():
        return 0
    home = ParentSchool.objects.filter(name=CITY_SCHOOL).first()
    if home is None:
        return 0
    speakers = list(Lecturer.objects.order_by("pk"))
    course = Course.objects.create(
        parent_school=home,
        title="新父母大讲堂·做智慧父母",
        description="四讲一期，听满三讲（现场或回放签到）可获结业证书。",
        lectures_to_complete=3,
    )
    today = timezone.localdate()
    lectures = []
    for index, (title, text, days, grades, place) in enumerate(LECTURES):
        day = today + datetime.timedelta(days=days)
        starts = _at(day, 19, 30) if place == "online" else _at(day, 9, 30)
        online = place == "online"
        full = index == 2
        lectures.append(
            Lecture(
                course=course,
                parent_school=home,
                title=title,
                description=text,
                speaker=speakers[index % len(speakers)] if speakers else None,
                audience_grades=grades,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=90),
                venue="" if online else ("澄江区江滨小学报告厅" if full else "澄州市图书馆报告厅"),
                online_url="https://live.chengzhou.edu.cn/parents" if online else "",
                capacity=500 if online else (60 if full else 200),
                signup_opens_at=starts - datetime.timedelta(days=21),
                signup_closes_at=starts - datetime.timedelta(hours=2),
                replay_url=f"https://live.chengzhou.edu.cn/replay/{index + 1}" if days < 0 else "",
                replay_views=rng.randint(300, 1500) if days < 0 else 0,
            )
        )
    lectures = Lecture.objects.bulk_create(lectures)
    others = list(
        User.objects.filter(role_assignments__role=Role.PARENT)
        .exclude(pk=parent.pk)
        .order_by("pk")
        .distinct()
    )
    codes = _codes(rng)
    registrations = []
    for index, lecture in enumerate(lectures):
        pool = rng.sample(others, k=min(len(others), 60))
        if index == 2:
            # Full: confirmed seats fill the hall exactly, then a waiting list.
            left = lecture.capacity
            for user in pool:
                if left == 0:
                    break
                seats = min(rng.choice([1, 1, 2, 2, 3]), left)
                left -= seats
                registrations.append((lecture, user, seats, RegistrationStatus.CONFIRMED))
            taken = {user.pk for _l, user, _s, _st in registrations if _l is lecture}
            waiting = [parent] + [u for u in pool if u.pk not in taken][:3]
            for user in waiting:
                registrations.append(
                    (lecture, user, 2 if user is parent else 1, RegistrationStatus.WAITING)
                )
            continue
        chosen = pool[: rng.randint(20, 40)]
        if index in (0, 3):
            chosen = [parent, *chosen]
        for user in chosen:
            seats = 2 if user is parent else rng.choice([1, 1, 2])
            registrations.append((lecture, user, seats, RegistrationStatus.CONFIRMED))
    rows = []
    for lecture, user, seats, status in registrations:
        attended = lecture.starts_at < now and (user is parent or rng.random() < 0.8)
        rows.append(
            Registration(
                lecture=lecture,
                user=user,
                seats=seats,
                status=status,
                check_in_code=next(codes),
                checked_in_at=lecture.starts_at + datetime.timedelta(minutes=rng.randint(-20, 5))
                if attended and status == RegistrationStatus.CONFIRMED
                else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=500)
    for lecture in lectures:
        lecture.seats_taken = sum(
            r.seats for r in rows if r.lecture is lecture and r.status == "confirmed"
        )
    Lecture.objects.bulk_update(lectures, ["seats_taken"])
    return len(lectures)


def _open_station(rng: random.Random, parent: User, now: datetime.datetime) -> int:
    if CounsellingStation.objects.exists():
        return 0
    counsellors = {}
    by_district = {}
    for row in (
        RoleAssignment.objects.filter(role=Role.COUNSELLOR)
        .select_related("user", "school")
        .order_by("pk")
    ):
        counsellors.setdefault(row.school.code, row.user)
        by_district.setdefault(row.school.district_id, row.user)
    lead = User.objects.filter(username="demo.counsellor").first()
    if lead is None:
        return 0
    member = counsellors.get("3459020003") or lead
    station = CounsellingStation.objects.create(
        name="澄州市润心家庭教育指导工作站", lead=lead, hotline="0779-12355"
    )
    station.counsellors.set({lead, member})
    # The other districts run their own station; 澄江区 families reach the city one.
    for spec in city.DISTRICTS:
        if spec.code == DEMO_DISTRICT:
            continue
        district = District.objects.get(code=spec.code)
        district_lead = by_district.get(district.pk)
        if district_lead is None:
            continue
        local = CounsellingStation.objects.create(
            name=f"{spec.name}润心工作站",
            district=district,
            lead=district_lead,
            hotline=f"0779-{spec.code[-3:]}12355",
        )
        local.counsellors.set([district_lead])

    children = list(
        FamilyLink.objects.filter(user=parent)
        .order_by("student__school_class__grade")
        .values_list("student_id", flat=True)
    )
    others = list(
        FamilyLink.objects.filter(student__district__code=DEMO_DISTRICT)
        .exclude(user=parent)
        .order_by("pk")
        .values_list("user_id", "student_id")[:2]
    )
    requests = [
        CounsellingRequest(
            station=station,
            requester=parent,
            student_id=children[0] if children else None,
            topic=CounsellingTopic.STUDY_METHODS,
            for_whom=ForWhom.CHILD,
            preferred_channel=Channel.PHONE,
            preferred_time="工作日晚上七点以后",
            description="孩子上三年级后写作业越来越慢，每天要到十点多，一催就哭。想请老师给些建议。",
            status=RequestStatus.IN_PROGRESS,
            counsellor=lead,
        )
    ]
    if len(others) >= 1:
        requests.append(
            CounsellingRequest(
                station=station,
                requester_id=others[0][0],
                student_id=others[0][1],
                topic=CounsellingTopic.PSYCHOLOGY,
                for_whom=ForWhom.CHILD,
                preferred_channel=Channel.IN_PERSON,
                preferred_time="周六上午",
                description="孩子最近总说肚子疼不想上学，去医院检查没有问题，担心是在学校遇到了什么事。",
                status=RequestStatus.NEW,
            )
        )
    if len(others) >= 2:
        requests.append(
            CounsellingRequest(
                station=station,
                requester_id=others[1][0],
                topic=CounsellingTopic.FAMILY_GUIDANCE,
                for_whom=ForWhom.GRANDPARENT,
                preferred_channel=Channel.VIDEO,
                description="我们在广东打工，孩子跟奶奶住，奶奶管不住孩子玩手机，想请老师和奶奶聊聊。",
                status=RequestStatus.CLOSED,
                counsellor=member,
                outcome="与祖辈视频沟通两次，约定了手机使用时间表，班主任协助落实。",
                closed_at=now - datetime.timedelta(days=6),
            )
        )
    requests = CounsellingRequest.objects.bulk_create(requests)
    for days, request in zip((3, 1, 20), requests, strict=False):
        CounsellingRequest.objects.filter(pk=request.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )

    calls = []
    for _n in range(30):
        started = now - datetime.timedelta(
            days=rng.randint(1, 120), hours=rng.randint(0, 10), minutes=rng.randint(0, 59)
        )
        started = timezone.localtime(started).replace(hour=rng.randint(9, 20))
        topic = rng.choice(list(CounsellingTopic))
        anonymous = rng.random() < 0.7
        calls.append(
            HotlineCall(
                station=station,
                counsellor=rng.choice([lead, member]),
                started_at=started,
                ended_at=started + datetime.timedelta(minutes=rng.randint(8, 55)),
                topic=topic,
                caller=rng.choice(
                    [ForWhom.CHILD, ForWhom.CHILD, ForWhom.MYSELF, ForWhom.GRANDPARENT]
                ),
                anonymous=anonymous,
                caller_name=""
                if anonymous
                else rng.choice(["黄女士", "韦先生", "李女士", "覃奶奶"]),
                summary=rng.choice(CALL_SUMMARIES[topic]),
            )
        )
    HotlineCall.objects.bulk_create(calls)
    return len(requests)


def _publish_reading_list() -> int:
    if ReadingItem.objects.exists():
        return 0
    return len(
        ReadingItem.objects.bulk_create(
            [
                ReadingItem(title=title, author=author, age_group=age, why=why, position=index)
                for index, (title, author, age, why) in enumerate(BOOKS, start=1)
            ]
        )
    )


def _publish_tips(now: datetime.datetime) -> int:
    if Tip.objects.exists():
        return 0
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["demo.city", "demo.leader", "demo.headteacher"])
    }
    school = School.objects.filter(code=DEMO_SCHOOL).first()
    rows = [
        Tip(
            title="暑期防溺水“六不”",
            body="不私自下水游泳；不擅自与他人结伴游泳；不在无家长或教师带领的情况下游泳；"
            "不到无安全设施、无救援人员的水域游泳；不到不熟悉的水域游泳；"
            "不熟悉水性的学生不擅自下水施救。",
            audience=TipAudience.ALL_PARENTS,
            published_by=users["demo.city"],
            published_at=now - datetime.timedelta(days=40),
        ),
        Tip(
            title="每天睡够10小时",
            body="小学生每天睡眠应达到10小时，晚上九点二十前入睡。作业未完成也要按时睡觉，"
            "请与老师沟通。",
            audience=TipAudience.ALL_PARENTS,
            published_by=users["demo.city"],
            published_at=now - datetime.timedelta(days=12),
        ),
    ]
    if school is not None:
        rows += [
            Tip(
                title="放学接送请走柳岸路侧门",
                body="学校正门施工期间，放学接送改走柳岸路侧门，请勿在校门口停车。",
                audience=TipAudience.SCHOOL,
                school=school,
                district_id=school.district_id,
                published_by=users["demo.leader"],
                published_at=now - datetime.timedelta(days=5),
            ),
            Tip(
                title="三年级：陪孩子过好“作文关”",
                body="三年级开始写作文。每天陪孩子说一说当天的一件小事，比报班更管用。",
                audience=TipAudience.GRADE,
                school=school,
                district_id=school.district_id,
                grade=DEMO_CLASS[1],
                published_by=users["demo.headteacher"],
                published_at=now - datetime.timedelta(days=2),
            ),
        ]
    return len(Tip.objects.bulk_create(rows))
