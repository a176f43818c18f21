"""Care programs in the demo city: "1+1+N" care networks for town and village
schools with contacts over the last weeks (some children overdue), one plan
per child (一人一案) and 1+X family support at every school with a counsellor
in every state from draft to closed, referrals to the city departments
(answered by a liaison account per department) and alerts on the
mental-health ladder, with one crisis at the demo school.

Every step with rules goes through the programs services, so the rows are
what the portal itself would write; the only history written directly is the
networks' set-up date, moved back a few weeks so that their contacts can
lie in the past. Each part is written once: a part that already has rows is
left alone, so a second run adds nothing. The services tell people as they
go: those notices stay in the inboxes, but their SMS and e-mail deliveries
are dropped, so the seed does not print a text message per step."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from community.models import Department
from portal.demo.names import NameSource
from portal.demo.plan import DEMO_SCHOOL, SEED
from portal.models import Delivery, Notification, Role, RoleAssignment, User
from portal.selectors import holders_of
from programs.models import (
    Alert,
    AlertLevel,
    AlertSource,
    CareNetwork,
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    CaseTeamMember,
    ContactKind,
    Goal,
    NetworkContact,
    NetworkMember,
    RiskLevel,
)
from programs.services import alerts, cases, networks, referrals
from programs.services.cases import DISTRICT_APPROVES
from schools.models import Guardianship, Relation, School, SchoolArea, SchoolStage, Student

Cat = CaseCategory
Part = CaseTeamMember.Part
K = Department.Kind
SENT, ACCEPTED, CLOSED = "sent", "accepted", "closed"
DEMO_LIAISON_KIND = K.PUBLIC_SECURITY
# Schools with cases in every state, one per district: the demo school, and
# town or village schools (岩口小学 is in the demo partner's village).
FULL_SCHOOLS = (DEMO_SCHOOL, "3459030005", "3459230005", "3459810003")


@dataclass(frozen=True)
class Referral:
    department: str
    reason: str
    asked: str
    answer: str
    service: str


@dataclass(frozen=True)
class Story:
    categories: tuple[str, ...]
    risk: str
    summary: str
    # goal, measures, whose it is: "lead", "teacher", "cadre" or "case_worker"
    goals: tuple[tuple[str, str, str], ...]
    follow_up: str
    review: str
    outcome: str
    referral: Referral
    with_cadre: bool = False
    review_every_days: int = 60


PLANS = (
    Story(
        (Cat.LEFT_BEHIND,),
        RiskLevel.LOW,
        "父母常年在广东务工，孩子随祖母生活。祖母年迈、不识字，无法辅导作业；"
        "孩子近期作业拖欠较多，课间常独处，与父母每月通话不足两次。",
        (
            (
                "每周与父母视频通话至少一次",
                "班主任协调每周五放学后在学校“亲情聊天室”与父母视频；村干部上门教祖母用手机视频。",
                "teacher",
            ),
            (
                "按时完成作业，学期末作业上交率达到九成",
                "安排学习伙伴结对；课后服务时段由任课教师集中辅导。",
                "lead",
            ),
        ),
        "与祖母电话沟通，本周孩子完成了全部作业；周五与母亲视频二十分钟，情绪明显好转。",
        "两项目标进展顺利：视频通话已坚持四周，作业上交率由六成提高到八成以上。"
        "继续执行，下次复评重点关注期中考试后的情绪。",
        "父亲返乡就近务工，孩子与父亲同住；作业上交率稳定在九成以上，课间能主动参与集体活动。"
        "经评估关爱需求已解除，转为常规关注。",
        Referral(
            K.WOMENS_FEDERATION,
            "祖辈监护力量薄弱，孩子放学后无人看护。",
            "请村“儿童之家”将孩子纳入放学后托管和周末活动，并安排“爱心妈妈”结对。",
            "已安排村儿童之家接收，本周起每周二、四放学后参加活动。",
            "儿童之家已连续四周提供课后托管，“爱心妈妈”每月上门探望一次。",
        ),
        with_cadre=True,
    ),
    Story(
        (Cat.DISABILITY, Cat.POVERTY),
        RiskLevel.MEDIUM,
        "孩子为听力残疾（二级），佩戴助听器随班就读。助听器老化，课堂上常听不清，"
        "数学跟不上进度，家庭无力承担更换费用。",
        (
            (
                "更换助听器，保证课堂正常听讲",
                "协助家长申请残疾儿童康复救助，准备残疾证、收入证明等材料。",
                "lead",
            ),
            (
                "座位调到前排，教师授课配合板书提示",
                "班主任与各任课教师沟通，制定课堂支持清单并每周检查。",
                "teacher",
            ),
        ),
        "与任课教师碰头，前排座位和板书提示已落实；家长已备齐残疾证和收入证明复印件。",
        "座位与课堂支持已落实，孩子反映听课清楚多了；助听器更换申请已提交，等待审批。",
        "新助听器已适配完成，课堂听讲正常，数学单元测试回到班级中等水平。"
        "随班就读支持转入学校资源教室常规管理。",
        Referral(
            K.CIVIL_AFFAIRS,
            "家庭经济困难，无力承担助听器更换费用。",
            "请协助办理残疾儿童康复救助，资助更换助听器。",
            "已受理，安排到市康复中心做听力评估。",
            "已完成听力评估，资助更换一对助听器并提供一年的调试服务。",
        ),
    ),
    Story(
        (Cat.POVERTY,),
        RiskLevel.MEDIUM,
        "父亲因工伤丧失劳动能力，母亲打零工维持生活，家中三个孩子在读。"
        "孩子冬衣不足，常不吃早餐到校。",
        (
            (
                "落实学生资助，保证每天吃上早餐",
                "按程序认定家庭经济困难学生，纳入营养改善计划和生活补助。",
                "lead",
            ),
            (
                "协助家庭申请临时救助和低保",
                "村干部协助家长准备材料，陪同到镇民政办提出申请。",
                "cadre",
            ),
        ),
        "资助认定已完成公示；村干部陪同家长到镇民政办提交了低保申请材料。",
        "孩子已纳入营养改善计划，早餐问题解决；低保申请已进入入户调查阶段。",
        "家庭已纳入最低生活保障，孩子享受生活补助，冬衣由爱心企业捐助到位。"
        "学习状态稳定，结案后由班主任常规关注。",
        Referral(
            K.CIVIL_AFFAIRS,
            "家庭因伤致贫，收入不足以维持基本生活。",
            "请核查家庭情况，办理临时救助并指导申请低保。",
            "已受理，乡镇民政办将于本周入户核查。",
            "已发放临时救助金，家庭纳入低保，每月按时发放。",
        ),
        with_cadre=True,
    ),
    Story(
        (Cat.ILLNESS,),
        RiskLevel.MEDIUM,
        "孩子确诊1型糖尿病，需每日多次测血糖和注射胰岛素。住院一个月后返校，"
        "担心同学议论，不愿在学校测血糖。",
        (
            (
                "在校按时测血糖，发生低血糖能及时处理",
                "校医与班主任学习低血糖应急处置；在医务室为孩子准备独立空间和应急糖块。",
                "teacher",
            ),
            (
                "补上住院期间落下的课程",
                "任课教师利用课后服务时间分科补课，每周两次。",
                "lead",
            ),
        ),
        "校医已完成培训；孩子本周在医务室按时测了血糖，没有出现低血糖。",
        "在校血糖管理顺利，孩子情绪平稳；语文、数学两科已补完，英语继续。",
        "孩子已能自主管理血糖，主动向好朋友说明了病情；落下的课程全部补齐。"
        "转为校医常规健康管理，结案。",
        Referral(
            K.HEALTH,
            "患儿需要长期血糖管理，家长和学校缺少专业指导。",
            "请安排内分泌专科医生为家长和校医做一次用药与应急处置指导。",
            "已安排市人民医院内分泌科医生下周到校。",
            "医生到校为校医、班主任和家长讲解胰岛素使用与低血糖处置，并开通复诊绿色通道。",
        ),
    ),
    Story(
        (Cat.PSYCHOLOGICAL_RISK,),
        RiskLevel.HIGH,
        "心理筛查抑郁量表得分偏高。孩子近一个月上课注意力差、食欲下降，"
        "作文中多次流露消极念头。父母离异，随母亲生活，母子沟通少。",
        (
            (
                "每周一次心理辅导，量表得分下降",
                "心理老师每周二下午个体辅导；班主任安排信任的同学陪伴，不公开孩子的情况。",
                "lead",
            ),
            (
                "家长学会识别危险信号并及时求助",
                "约母亲面谈，讲解陪伴与沟通方法，告知心理援助热线。",
                "teacher",
            ),
        ),
        "第二次个体辅导，孩子愿意谈父母离婚后的感受；与母亲约定每天晚饭后聊十分钟。",
        "已完成四次辅导，复测量表得分下降，未再出现消极言语。建议维持每周辅导，并完成医院评估。",
        "经医院评估和八次辅导，孩子情绪恢复平稳，复测量表在正常范围，母子关系改善。"
        "转入学校心理健康常规关注，每学期复测一次。",
        Referral(
            K.HEALTH,
            "筛查及辅导中发现持续的抑郁情绪和消极念头。",
            "请精神卫生中心儿童心理门诊进行专业评估，必要时给出治疗建议。",
            "已预约儿童心理门诊，本周五上午就诊。",
            "已完成专业评估，给出心理治疗建议，每月复诊一次。",
        ),
        review_every_days=30,
    ),
    Story(
        (Cat.JUVENILE_JUSTICE, Cat.LEFT_BEHIND),
        RiskLevel.HIGH,
        "孩子跟随校外人员参与盗窃，被公安机关训诫，未达刑事责任年龄。"
        "父亲长期在外务工，母亲管教简单粗暴，孩子时常夜不归宿。",
        (
            (
                "不再与校外不良人员来往，晚上按时回家",
                "村干部与家长共同落实晚间去向报告；法治副校长开展一对一法治教育。",
                "cadre",
            ),
            (
                "每周参加一次学校社团活动",
                "班主任推荐加入篮球社，由社团老师记录出勤。",
                "teacher",
            ),
        ),
        "与法治副校长共同谈话，孩子承认错误并写下保证；本周晚上均按时回家。",
        "一个月内未再夜不归宿，篮球社出勤良好；继续巩固，配合派出所落实帮教。",
        "帮教期满，孩子未再出现违法行为，成绩有所提高；母亲参加家长课堂后管教方式改善。"
        "结案后由班主任和法治副校长持续关注。",
        Referral(
            K.PUBLIC_SECURITY,
            "未成年人因触法被训诫，存在再犯风险。",
            "请辖区派出所社区民警参与帮教，排查并劝离带坏孩子的校外人员。",
            "已受理，指定社区民警负责，每两周与孩子谈话一次。",
            "社区民警完成三个月帮教，校外相关人员已被依法处理，孩子未再与其来往。",
        ),
        with_cadre=True,
        review_every_days=30,
    ),
    Story(
        (Cat.WITHOUT_CARE, Cat.LEFT_BEHIND),
        RiskLevel.MEDIUM,
        "父亲服刑，母亲离家后失联，孩子由七十多岁的曾祖母照看。曾祖母身体不好，"
        "孩子衣食无人打理，经常迟到。",
        (
            (
                "认定为事实无人抚养儿童，落实基本生活补贴",
                "村干部协助收集材料，向乡镇提出认定申请。",
                "cadre",
            ),
            (
                "安排住校，保证一日三餐和作息",
                "学校安排寄宿床位，生活老师每晚查看。",
                "lead",
            ),
        ),
        "已安排住校，生活老师反映孩子作息正常；认定申请材料已交乡镇。",
        "住校后未再迟到，体重增加；事实无人抚养儿童认定已在村里公示。",
        "孩子已认定为事实无人抚养儿童，按月领取基本生活补贴；由姑姑签订委托照护协议，"
        "周末接回照料。结案，转入村儿童主任常规探访。",
        Referral(
            K.CIVIL_AFFAIRS,
            "父亲服刑、母亲失联，孩子实际无人抚养。",
            "请按事实无人抚养儿童政策核查认定，落实基本生活保障和委托照护。",
            "已受理，儿童督导员三日内入户。",
            "已完成认定并发放基本生活补贴，协调亲属签订委托照护协议。",
        ),
        with_cadre=True,
    ),
)

FAMILIES = (
    Story(
        (Cat.LEFT_BEHIND, Cat.POVERTY),
        RiskLevel.MEDIUM,
        "父母均在外省务工，孩子和弟弟跟祖父母生活。祖父今年中风，家庭收入锐减，"
        "祖母既要照顾病人又要照看两个孩子，家庭需要多方帮扶。",
        (
            (
                "父母至少一人返乡或就近就业",
                "村干部对接镇就业服务站，为母亲推荐县城工业园的岗位。",
                "cadre",
            ),
            (
                "兄弟俩参加课后服务和周末托管",
                "班主任为兄弟俩办理课后服务，周末由村儿童之家托管。",
                "teacher",
            ),
            (
                "祖父医疗费用报销和大病救助到位",
                "协助办理医保报销和医疗救助申请，跟进审批进度。",
                "lead",
            ),
        ),
        "村干部入户，母亲已同意回县城应聘；祖父医保报销材料已收齐。",
        "母亲已在县城工业园上班，每周回家两次；兄弟俩周末在儿童之家托管。",
        "母亲就近就业，家庭收入恢复；祖父医疗救助到位。家庭帮扶目标全部达成，结案。",
        Referral(
            K.WOMENS_FEDERATION,
            "家庭照护压力大，两个孩子放学后缺少照看。",
            "请安排“爱心妈妈”结对，并将兄弟俩纳入儿童之家周末托管。",
            "已安排两名“爱心妈妈”结对。",
            "“爱心妈妈”每月上门两次，兄弟俩每个周末在儿童之家参加活动。",
        ),
        with_cadre=True,
    ),
    Story(
        (Cat.ILLNESS, Cat.WITHOUT_CARE),
        RiskLevel.MEDIUM,
        "母亲患尿毒症，每周透析三次，父亲一边打零工一边照顾，家中无人辅导孩子，"
        "孩子情绪低落、成绩下滑。",
        (
            (
                "家庭申请大病救助，减轻医疗负担",
                "村干部协助准备病历和费用清单，向医保和民政部门申请救助。",
                "cadre",
            ),
            (
                "孩子每两周一次心理疏导",
                "心理老师定期个体辅导，帮助孩子表达对母亲病情的担心。",
                "lead",
            ),
            (
                "安排志愿者每周两次辅导作业",
                "班主任对接大学生志愿者，周二、周四晚上线上辅导。",
                "teacher",
            ),
        ),
        "心理老师第一次个体辅导，孩子哭着说怕妈妈离开；已与父亲沟通陪伴方式。",
        "大病救助已审批，透析费用自付部分明显减少；志愿者辅导按时进行，孩子作业完成良好。",
        "家庭医疗负担减轻，父亲找到离家近的工作；孩子成绩回升、情绪稳定，结案。",
        Referral(
            K.CIVIL_AFFAIRS,
            "家庭因病支出大，照护和经济压力都很重。",
            "请核查办理医疗救助和临时救助。",
            "已受理，正在审核医疗费用票据。",
            "已发放医疗救助和临时救助金，并将家庭列入重点关注名单。",
        ),
        with_cadre=True,
    ),
    Story(
        (Cat.DISABILITY, Cat.POVERTY),
        RiskLevel.LOW,
        "家中两个孩子均有残疾：姐姐肢体残疾在校就读，弟弟智力残疾在家。"
        "父母在镇上摆摊，无暇兼顾，姐姐常因照顾弟弟缺课。",
        (
            (
                "弟弟落实送教上门或进入特教学校",
                "与区特殊教育学校对接，评估弟弟的入学或送教上门安排。",
                "lead",
            ),
            (
                "姐姐出勤恢复正常",
                "班主任每天核对出勤，缺课当天电话联系家长。",
                "teacher",
            ),
        ),
        "特教学校老师已到家评估弟弟，建议先送教上门；姐姐本周全勤。",
        "送教上门每周两次已开始，姐姐连续四周全勤。",
        "弟弟已入读特殊教育学校，姐姐出勤和成绩稳定，家庭困难残疾人生活补贴已落实，结案。",
        Referral(
            K.CIVIL_AFFAIRS,
            "两名残疾儿童，家庭照护和经济困难。",
            "请落实困难残疾人生活补贴和重度残疾人护理补贴。",
            "已受理，乡镇正在审核。",
            "两项补贴已落实，按月发放。",
        ),
    ),
)

TEACHER_NOTES = (
    "班主任：孩子本周出勤正常，课堂上能主动举手发言。",
    "班主任：与家长电话沟通，家长表示会配合学校的安排。",
    "班主任：孩子和同桌相处融洽，本周作业按时上交。",
)
CONTACT_NOTES = {
    ContactKind.HOME_VISIT: (
        "到家中走访，孩子和奶奶在家，作业基本完成，叮嘱注意用电和防溺水安全。",
        "入户看望，家里新装了热水器，孩子精神状态不错。",
    ),
    ContactKind.PHONE: (
        "电话联系爷爷，孩子本周按时到校，感冒已经好了。",
        "电话询问周末安排，孩子在家帮忙干农活，已提醒按时完成作业。",
    ),
    ContactKind.VIDEO: (
        "陪孩子与在外务工的父母视频通话，约定放假后回家看看。",
        "帮孩子和母亲视频，母亲询问了期中考试成绩，孩子很开心。",
    ),
    ContactKind.ACTIVITY: (
        "组织网络内的孩子到村儿童之家参加周末手工活动。",
        "带孩子们参加村里的读书会，每人借了两本书。",
    ),
}
ALERT_NOTES = {
    "prevention": "最近两周孩子上课常趴在桌上，不愿参加集体活动，问起只说累。",
    "received": "已收到，心理老师本周找孩子谈一谈，先做观察。",
    "home_visit": "家访时祖母说孩子晚上常常哭，说过“不想上学了”，手臂上有划痕。",
    "screening": "心理健康筛查：焦虑、抑郁量表得分均高于预警线，需要进一步访谈评估。",
    "screening_plan": "心理筛查预警：焦虑、抑郁量表得分高于预警线，访谈中孩子说最近睡不好、"
    "害怕考试。先做评估并开展每周辅导。",
    "crisis": "孩子在心理辅导中流露明确的轻生念头并说出了具体打算。心理老师全程陪同，"
    "已通知家长到校，需要立即启动危机干预。",
    "crisis_plan": "危机干预：孩子流露明确的轻生念头。已二十四小时有人陪护，家长已到校，"
    "今日转介医院评估。",
}
CRISIS_GOAL = (
    "保证孩子安全，二十四小时有人陪护",
    "家长全天陪护，学校心理老师每天联系；当日陪同到医院做专业评估，制定复学方案。",
)


@transaction.atomic
def seed_care_life(*, password: str) -> dict[str, int]:
    if not School.objects.filter(code=DEMO_SCHOOL).exists():
        return {}
    rng = random.Random(SEED + 7)
    last_notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection = transaction.get_connection()
    queued = len(connection.run_on_commit)
    made = {
        "department liaisons": _appoint_liaisons(password),
        "care networks": _set_up_networks(rng),
        "cases": _open_cases(rng),
    }
    # The notices of the seeded history stay in the inboxes, but nothing is
    # sent: their SMS and e-mail deliveries go, and so do the sends the
    # services queued for the commit (the list captureOnCommitCallbacks reads),
    # which would find nothing to send and only log a line each.
    Delivery.objects.filter(notification_id__gt=last_notice).delete()
    del connection.run_on_commit[queued:]
    return made


# --- Department liaisons ---------------------------------------------------------


def _appoint_liaisons(password: str) -> int:
    departments = list(Department.objects.filter(liaisons__isnull=True).order_by("pk"))
    if not departments:
        return 0
    names = NameSource(SEED + 60)
    taken = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
    hashed = make_password(password)
    made = 0
    for department in departments:
        username = "demo.liaison" if department.kind == DEMO_LIAISON_KIND else f"ll.{department.pk}"
        user = User.objects.filter(username=username).first()
        if user is None:
            phone = names.mobile()
            while phone in taken:
                phone = names.mobile()
            user = User.objects.create(
                username=username,
                name=department.contact_name or names.teacher(),
                phone=phone,
                phone_verified=True,
                password=hashed,
            )
            made += 1
        department.liaisons.add(user)
    return made


# --- People of a school ------------------------------------------------------------


def _pick(people) -> User | None:
    """The printed demo login where it holds the role, else the first."""
    people = list(people)
    return next(
        (p for p in people if p.username.startswith("demo.")), people[0] if people else None
    )


def _head_teachers(school: School) -> dict[int, User]:
    rows = RoleAssignment.objects.filter(role=Role.HEAD_TEACHER, school=school).select_related(
        "user"
    )
    return {row.school_class_id: row.user for row in rows.order_by("pk")}


def _cadre(school: School) -> User | None:
    """A cadre of the school's village where the school lies in one, else of
    its town, else of its district."""
    rows = list(
        RoleAssignment.objects.filter(
            role=Role.COMMUNITY_PARTNER, village__district_id=school.district_id
        )
        .select_related("user", "village")
        .order_by("user__username")
    )
    in_town = [row for row in rows if row.village.town_id == school.town_id]
    for row in in_town:
        if row.village.name in school.address:
            return row.user
    return _pick(row.user for row in in_town or rows)


def _students(school: School, rng: random.Random) -> tuple[list[Student], list[Student]]:
    """The school's children, shuffled: those whose parents both live away
    first in a list of their own."""
    students = list(Student.objects.filter(school=school, is_active=True).order_by("pk"))
    away = set(
        Guardianship.objects.filter(
            student__school=school,
            relation__in=[Relation.FATHER, Relation.MOTHER],
            lives_with_child=False,
        ).values_list("student_id", flat=True)
    )
    rng.shuffle(students)
    return [s for s in students if s.pk in away], [s for s in students if s.pk not in away]


class _Pool:
    """Children not yet in a story of this school."""

    def __init__(self, school: School, rng: random.Random):
        self.left_behind, self.others = _students(school, rng)

    def take(self, *, left_behind: bool = False) -> Student | None:
        first, second = (
            (self.left_behind, self.others) if left_behind else (self.others, self.left_behind)
        )
        for group in (first, second):
            if group:
                return group.pop()
        return None


# --- 1+1+N care networks -------------------------------------------------------------


def _set_up_networks(rng: random.Random) -> int:
    if CareNetwork.objects.exists():
        return 0
    today = timezone.localdate()
    schools = School.objects.filter(area__in=[SchoolArea.TOWN, SchoolArea.RURAL]).exclude(
        stage=SchoolStage.KINDERGARTEN
    ) | School.objects.filter(code=DEMO_SCHOOL)
    made = 0
    contacts: list[NetworkContact] = []
    for school in schools.select_related("district", "town").order_by("code"):
        leader = _pick(holders_of((Role.SCHOOL_LEADER,), school_id=school.pk))
        cadre = _cadre(school)
        heads = _head_teachers(school)
        if leader is None or cadre is None or not heads:
            continue
        left_behind, others = _students(school, rng)
        if school.code == DEMO_SCHOOL:
            # The demo head teacher heads the network of their own class.
            head = _pick(heads.values())
            chosen = [
                s for s in left_behind + others if s.school_class_id == _class_of(heads, head)
            ]
        else:
            head = heads[rng.choice(sorted(heads))]
            chosen = left_behind + others
        chosen = chosen[: rng.randint(5, 15)]
        period = rng.choice((14, 30, 30))
        network = networks.set_up_network(
            by=leader,
            name=f"{school.name}·{_village_of(cadre) or school.town.name}“1+1+N”关爱网络",
            school=school,
            head=head,
            cadre=cadre,
            contact_every_days=period,
            students=chosen,
        )
        # Set up some weeks ago, so that the contacts below lie in the past.
        joined = today - datetime.timedelta(days=rng.randint(42, 70))
        NetworkMember.objects.filter(network=network).update(joined_on=joined)
        CareNetwork.objects.filter(pk=network.pk).update(
            created_at=network.created_at - (today - joined)
        )
        for student in chosen:
            contacts += _contacts(rng, network, student, joined=joined, today=today, period=period)
        made += 1
    NetworkContact.objects.bulk_create(contacts, batch_size=500)
    return made


def _class_of(heads: dict[int, User], head: User) -> int:
    return next(class_id for class_id, user in heads.items() if user.pk == head.pk)


def _village_of(cadre: User) -> str:
    row = RoleAssignment.objects.filter(
        user=cadre, role=Role.COMMUNITY_PARTNER, village__isnull=False
    ).select_related("village")
    first = row.first()
    return first.village.name if first else ""


def _contacts(rng, network, student, *, joined, today, period) -> list[NetworkContact]:
    """A student's contacts, written in bulk within log_contact's rules: by the
    head or the cadre, on a day from joining to today. Some students are
    overdue: never contacted, or last contacted longer ago than the period."""
    roll = rng.random()
    if roll < 0.15:
        return []
    if roll < 0.4:
        days_ago = [rng.randint(period + 3, period + 25)]
    else:
        days_ago = [rng.randint(0, period - 2)]
        if rng.random() < 0.6:
            days_ago.append(days_ago[0] + rng.randint(7, 20))
    rows = []
    for days in sorted(days_ago, reverse=True):
        kind = rng.choice(ContactKind.values)
        rows.append(
            NetworkContact(
                network=network,
                student=student,
                by=network.head if rng.random() < 0.5 else network.cadre,
                contacted_on=max(joined, today - datetime.timedelta(days=days)),
                kind=kind,
                note=rng.choice(CONTACT_NOTES[kind]),
            )
        )
    return rows


# --- Cases, referrals and alerts -------------------------------------------------------


@dataclass
class _School:
    school: School
    counsellor: User
    leader: User
    officer: User
    case_worker: User | None
    cadre: User | None
    head_teachers: dict[int, User]
    pool: _Pool


def _open_cases(rng: random.Random) -> int:
    if Case.objects.exists() or Alert.objects.exists():
        return 0
    departments = {d.kind: d for d in Department.objects.order_by("-pk")}
    schools = (
        School.objects.exclude(stage=SchoolStage.KINDERGARTEN)
        .select_related("district", "town")
        .order_by("code")
    )
    before = Case.objects.count()
    index = 0
    for school in schools:
        place = _school(school, rng)
        if place is None:
            continue
        _school_cases(place, index, rng, departments)
        _school_alerts(place, index)
        if school.code == DEMO_SCHOOL:
            _demo_school_extras(place, rng, departments)
        index += 1
    return Case.objects.count() - before


def _school(school: School, rng: random.Random) -> _School | None:
    counsellor = _pick(holders_of((Role.COUNSELLOR,), school_id=school.pk))
    leader = _pick(holders_of((Role.SCHOOL_LEADER,), school_id=school.pk))
    officer = _pick(holders_of((Role.DISTRICT_OFFICER,), district_id=school.district_id))
    if counsellor is None or leader is None or officer is None:
        return None
    return _School(
        school=school,
        counsellor=counsellor,
        leader=leader,
        officer=officer,
        case_worker=_pick(holders_of((Role.CASE_WORKER,), district_id=school.district_id)),
        cadre=_cadre(school),
        head_teachers=_head_teachers(school),
        pool=_Pool(school, rng),
    )


def _school_cases(place: _School, index: int, rng, departments) -> None:
    """A draft, a plan waiting for the school leader and an active plan at
    every school; at the schools of FULL_SCHOOLS also a closed plan and an
    active 1+X family case (kept to a few schools: each step goes through
    the services, which keeps the seed quick)."""
    full = place.school.code in FULL_SCHOOLS
    stories = [PLANS[(index * 3 + k) % len(PLANS)] for k in range(4)]
    # The plan waiting for approval waits for the school leader.
    waiting = [s for s in PLANS if s.risk not in DISTRICT_APPROVES]
    stories[1] = waiting[index % len(waiting)]
    states = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.ACTIVE, CaseStatus.CLOSED)
    answers = (SENT, ACCEPTED, CLOSED)
    for story, state in zip(stories, states, strict=True):
        if state == CaseStatus.CLOSED and not full:
            continue
        _case(
            place,
            story,
            state,
            rng=rng,
            departments=departments,
            answer=CLOSED if state == CaseStatus.CLOSED else answers[index % 3],
        )
    if full:
        _case(
            place,
            FAMILIES[index % len(FAMILIES)],
            CaseStatus.ACTIVE,
            kind=CaseKind.FAMILY_SUPPORT,
            rng=rng,
            departments=departments,
            answer=answers[(index + 1) % 3],
        )


def _case(
    place: _School,
    story: Story,
    state: str,
    *,
    rng,
    departments,
    answer: str,
    kind: str = CaseKind.INDIVIDUAL_PLAN,
) -> Case | None:
    student = place.pool.take(left_behind=Cat.LEFT_BEHIND in story.categories)
    if student is None:
        return None
    lead = place.counsellor
    case = cases.open_case(
        opened_by=lead,
        student=student,
        kind=kind,
        categories=story.categories,
        risk_level=story.risk,
        summary=story.summary,
        review_every_days=story.review_every_days,
    )
    team = _build_team(place, case, student, story)
    today = timezone.localdate()
    goals = story.goals if state != CaseStatus.DRAFT else story.goals[:1]
    for number, (goal, measures, owner) in enumerate(goals, start=1):
        cases.add_goal(
            case=case,
            by=lead,
            goal=goal,
            measures=measures,
            owner=team.get(owner, lead),
            due_on=today + datetime.timedelta(days=30 * number + rng.randint(0, 20)),
        )
    if state == CaseStatus.DRAFT:
        return case
    _consent_and_submit(case, lead, student)
    if state == CaseStatus.SUBMITTED:
        return case
    approver = place.officer if story.risk in DISTRICT_APPROVES else place.leader
    cases.approve_plan(case=case, by=approver)
    cases.log_follow_up(case=case, by=lead, happened_on=today, note=story.follow_up)
    if "teacher" in team:
        cases.log_follow_up(
            case=case, by=team["teacher"], happened_on=today, note=rng.choice(TEACHER_NOTES)
        )
    _refer(case, lead, story.referral, departments, answer)
    review = case.reviews.filter(done_on__isnull=True).first()
    cases.complete_review(review=review, by=lead, summary=story.review)
    if state == CaseStatus.CLOSED:
        for goal in case.goals.all():
            cases.set_goal_status(goal=goal, by=lead, status=Goal.Status.MET)
        cases.close_case(case=case, by=lead, outcome=story.outcome)
    return case


def _build_team(place: _School, case: Case, student: Student, story: Story) -> dict[str, User]:
    lead = case.lead
    team = {"lead": lead}
    wanted = [("teacher", Part.TEACHER, place.head_teachers.get(student.school_class_id))]
    if story.with_cadre or any(owner == "cadre" for _g, _m, owner in story.goals):
        wanted.append(("cadre", Part.CADRE, place.cadre))
    if story.risk in DISTRICT_APPROVES:
        wanted.append(("case_worker", Part.CASE_WORKER, place.case_worker))
    for key, part, user in wanted:
        if user is not None and user.pk != lead.pk:
            cases.add_team_member(case=case, by=lead, user=user, part=part)
            team[key] = user
    return team


def _consent_and_submit(case: Case, lead: User, student: Student) -> None:
    guardianship = (
        Guardianship.objects.filter(student=student).select_related("guardian").order_by("position")
    ).first()
    if guardianship is not None:
        cases.record_consent(case=case, by=lead, guardian=guardianship.guardian)
    cases.submit_plan(case=case, by=lead)


def _refer(case: Case, by: User, plan: Referral, departments, answer: str) -> None:
    department = departments.get(plan.department)
    if department is None:
        return
    referral = referrals.send_referral(
        case=case, by=by, reason=plan.reason, asked=plan.asked, to_department=department
    )
    if answer == SENT:
        return
    liaison = referrals.receivers_of(referral)
    receiver = liaison[0] if liaison else by
    referral = referrals.accept_referral(referral=referral, by=receiver, note=plan.answer)
    if answer == CLOSED:
        referrals.record_service(referral=referral, by=receiver, service_given=plan.service)


def _school_alerts(place: _School, index: int) -> None:
    """A prevention-level concern received by the counsellor, an early
    warning from a home visit still waiting, and at the schools of
    FULL_SCHOOLS a screening result that opened a plan."""
    counsellor = place.counsellor
    for level, source, note, received in (
        (AlertLevel.PREVENTION, AlertSource.OTHER, ALERT_NOTES["prevention"], True),
        (AlertLevel.EARLY_WARNING, AlertSource.HOME_VISIT, ALERT_NOTES["home_visit"], False),
    ):
        student = place.pool.take()
        teacher = place.head_teachers.get(student.school_class_id) if student else None
        if teacher is None:
            continue
        alert = alerts.raise_alert(
            student=student, level=level, source=source, raised_by=teacher, note=note
        )
        if received:
            alerts.acknowledge_alert(alert=alert, by=counsellor, note=ALERT_NOTES["received"])
    if place.school.code in FULL_SCHOOLS:
        student = place.pool.take()
        if student is None:
            return
        alert = alerts.raise_alert(
            student=student,
            level=AlertLevel.EARLY_WARNING,
            source=AlertSource.SCREENING,
            raised_by=counsellor,
            note=ALERT_NOTES["screening"],
        )
        case = alerts.open_plan_for_alert(alert=alert, by=counsellor)
        cases.change_case(
            case=case,
            by=counsellor,
            categories=[Cat.PSYCHOLOGICAL_RISK],
            summary=ALERT_NOTES["screening_plan"],
            review_every_days=30,
        )


def _demo_school_extras(place: _School, rng, departments) -> None:
    """At the demo school: a high-risk plan the district approved, with the
    demo case worker on its team and a referral waiting for the demo police
    liaison; and a crisis whose plan waits for the district's approval."""
    juvenile = next(s for s in PLANS if Cat.JUVENILE_JUSTICE in s.categories)
    _case(place, juvenile, CaseStatus.ACTIVE, rng=rng, departments=departments, answer=SENT)
    student = place.pool.take()
    if student is None:
        return
    counsellor = place.counsellor
    alert = alerts.raise_alert(
        student=student,
        level=AlertLevel.CRISIS,
        source=AlertSource.COUNSELLING,
        raised_by=counsellor,
        note=ALERT_NOTES["crisis"],
    )
    alert.refresh_from_db()
    if alert.case is None:
        return
    case = cases.change_case(
        case=alert.case,
        by=counsellor,
        categories=[Cat.PSYCHOLOGICAL_RISK],
        summary=ALERT_NOTES["crisis_plan"],
        review_every_days=7,
    )
    psych = next(s for s in PLANS if Cat.PSYCHOLOGICAL_RISK in s.categories)
    team = _build_team(place, case, student, psych)
    goal, measures = CRISIS_GOAL
    cases.add_goal(
        case=case,
        by=counsellor,
        goal=goal,
        measures=measures,
        owner=team.get("teacher", counsellor),
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    _consent_and_submit(case, counsellor, student)
