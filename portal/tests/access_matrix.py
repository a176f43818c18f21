"""The world the access matrix is walked in, and its one table.

Every object concerns 李明 of class 3(1) of 青秀区第一小学 (or that class,
school or district), so each persona has something that is theirs and
something that is not: the head teacher and a subject teacher of 3(1) own
it, the teacher of 3(2) and the teacher of another school do not; the case
worker on the case's team owns the case, the district's other case worker
does not; the parent bound to 李明 owns his rows, the parent bound to 王芳
does not; the officer of 西乡塘区 is outside the district.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework.authtoken.models import Token

from community.models import Department
from community.tests.factories import (
    BookingFactory,
    BookingSlotFactory,
    EducationResourceFactory,
    ResourceCourseFactory,
    StudyTourProviderFactory,
)
from community.tests.factories_partners import (
    AllianceFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
    LecturerFactory,
    LecturerGroupFactory,
    MeetingAttendeeFactory,
    OrganisationFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from families.tests.factories import BindingCodeFactory, FamilyLinkFactory, ParentSchoolFactory
from families.tests.factories_attendance import (
    CompletionFactory,
    CourseFactory,
    LectureFactory,
    RegistrationFactory,
)
from families.tests.factories_content import (
    CounsellingRequestFactory,
    CounsellingStationFactory,
    HotlineCallFactory,
    ReadingItemFactory,
    TipFactory,
)
from portal.dashboard.measures import measures
from portal.models import Role, RoleAssignment
from portal.tests.factories import UserFactory, assign
from portal.tests.list_rows import (
    ApprovalRecordFactory,
    CommitteeDecisionFactory,
    CommitteeMeetingFactory,
    CommitteeMemberFactory,
    DeliveryFactory,
    HomeVisitFactory,
    IndicatorSnapshotFactory,
    LawSessionFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    ReplayViewFactory,
    ReportFactory,
    TargetFactory,
    VisitedStudentFactory,
)
from programs.models import CareNetwork
from programs.services import alerts, cases, referrals
from programs.tests.factories import NetworkContactFactory, NetworkMemberFactory
from programs.views import alerts as alert_views
from programs.views import cases as case_views
from programs.views import referrals as referral_views
from schools.models import HomeVisit
from schools.tests.factories import (
    GuardianFactory,
    GuardianshipFactory,
    GuidanceActivityFactory,
    LawAppointmentFactory,
    LawVicePrincipalFactory,
    ParentCommitteeFactory,
    SemesterFactory,
)

# --- The personas -------------------------------------------------------------

# Persona -> the `people` fixture's attribute, or None for those made here.
PERSONAS = {
    "city": "city_officer",
    "district": "district_officer",
    "other_district": "other_district_officer",
    "leader": "school_leader",
    "head_teacher": "head_teacher",
    "class_teacher": None,  # teaches 3(1), not its head teacher
    "other_class_teacher": "teacher",  # teaches 3(2) of the same school
    "other_school_teacher": "other_school_teacher",
    "counsellor": "counsellor",
    "case_member": "case_worker",  # on the case's team
    "case_outsider": None,  # a case worker of the district, not on the team
    "partner": "partner",
    "parent": "parent",  # bound to 李明
    "other_parent": None,  # bound to 王芳
    "stranger": "stranger",  # an account without a role
    "anonymous": None,
}
ANONYMOUS = "anonymous"


def personas(city, people) -> dict:
    """Persona name -> user (None for anonymous)."""
    users = {name: getattr(people, attribute) for name, attribute in PERSONAS.items() if attribute}
    users["class_teacher"] = UserFactory(username="meng", name="蒙老师")
    assign(users["class_teacher"], Role.TEACHER, school_class=city.class_1)
    users["case_outsider"] = UserFactory(username="ling", name="凌社工")
    assign(users["case_outsider"], Role.CASE_WORKER, district=city.qingxiu)
    users["other_parent"] = UserFactory(username="wu", name="吴家长")
    assign(users["other_parent"], Role.PARENT)
    users[ANONYMOUS] = None
    return users


# --- The world ------------------------------------------------------------------


def build_world(city, people, users) -> SimpleNamespace:
    """One object of each kind a route is about, all in 李明's class,
    school and district."""
    _spread_ids()
    w = SimpleNamespace(**vars(city))
    school, qingxiu = city.school, city.qingxiu
    _families(w, city, users)
    _school_life(w, city, users)
    _community(w, city, users)
    w.parent_school = ParentSchoolFactory(school=school, principal=users["leader"])
    w.course = CourseFactory(parent_school=w.parent_school)
    w.lecture = LectureFactory(parent_school=w.parent_school, course=w.course, online=True)
    w.registration = RegistrationFactory(lecture=w.lecture, user=users["parent"])
    w.completion = CompletionFactory(course=w.course, user=users["parent"])
    w.tip = TipFactory(audience="school", school=school, district=qingxiu)
    w.reading_item = ReadingItemFactory()
    w.station = CounsellingStationFactory(district=qingxiu, counsellors=[users["counsellor"]])
    w.counselling_request = CounsellingRequestFactory(
        station=w.station, requester=users["parent"], student=city.student_1
    )
    w.hotline_call = HotlineCallFactory(station=w.station, counsellor=users["counsellor"])
    w.binding_code = BindingCodeFactory(student=city.student_1, issued_by=users["head_teacher"])
    _care(w, city, users)
    w.report = ReportFactory(district=qingxiu, requested_by=users["district"])
    w.report.csv.save("report.csv", ContentFile(b"indicator,value\n"), save=True)
    w.notification = NotificationFactory(recipient=users["parent"])
    w.parent = users["parent"]
    w.indicator = measures()[0].key
    w.certificate_number = w.completion.certificate_number
    w.visit_type = ContentType.objects.get_for_model(HomeVisit).pk
    _back_office_rows(w, city, users)
    return w


def _spread_ids() -> None:
    """Each table's next id far from every other's, so that an entry
    filling a district's URL with a network's id cannot pass because both
    happen to be 1."""
    with connection.cursor() as cursor:
        for index, model in enumerate(sorted(apps.get_models(), key=lambda m: m._meta.label)):
            table, pk = model._meta.db_table, model._meta.pk
            if not isinstance(pk, models.AutoField):
                continue
            # Ahead of wherever the sequence is, so no row already made collides.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s),"
                " nextval(pg_get_serial_sequence(%s, %s)) + %s)",
                [table, pk.column, table, pk.column, 1000 * (index + 1)],
            )


def _families(w, city, users) -> None:
    w.guardian = GuardianFactory(name="李爸爸")
    GuardianshipFactory(student=city.student_1, guardian=w.guardian, relation="father")
    FamilyLinkFactory(user=users["parent"], student=city.student_1, guardian=w.guardian)
    other = GuardianFactory(name="王妈妈")
    GuardianshipFactory(student=city.student_2, guardian=other, relation="mother")
    FamilyLinkFactory(user=users["other_parent"], student=city.student_2, guardian=other)


def _school_life(w, city, users) -> None:
    w.semester = SemesterFactory()
    w.visit = HomeVisitFactory(
        school=city.school, semester=w.semester, author=users["head_teacher"]
    )
    VisitedStudentFactory(visit=w.visit, student=city.student_1)
    w.activity = GuidanceActivityFactory(
        school=city.school, semester=w.semester, recorded_by=users["leader"]
    )
    w.committee = ParentCommitteeFactory(
        school=city.school, level="class", grade=3, school_class=city.class_1
    )
    w.vice_principal = LawVicePrincipalFactory(district=city.qingxiu)
    appointment = LawAppointmentFactory(vice_principal=w.vice_principal, school=city.school)
    w.law_session = LawSessionFactory(appointment=appointment)


def _community(w, city, users) -> None:
    w.resource = EducationResourceFactory(district=city.qingxiu)
    w.slot = BookingSlotFactory(resource=w.resource)
    w.booking = BookingFactory(
        slot=w.slot, school_class=city.class_1, requested_by=users["head_teacher"]
    )
    w.organisation = OrganisationFactory(district=city.qingxiu)
    w.volunteer = VolunteerFactory(districts=[city.qingxiu])
    w.volunteer_hours = VolunteerHoursFactory(volunteer=w.volunteer, district=city.qingxiu)
    w.lecturer_group = LecturerGroupFactory(district=city.qingxiu)
    w.lecturer = LecturerFactory(group=w.lecturer_group)
    w.liaison = UserFactory(username="police", name="民警小韦")
    w.department = Department.objects.create(
        name="青秀分局", kind="public_security", district=city.qingxiu
    )
    w.department.liaisons.add(w.liaison)
    w.alliance = AllianceFactory(
        district=city.qingxiu, schools=[city.school], departments=[w.department]
    )
    w.meeting = JointMeetingFactory(alliance=w.alliance, recorded_by=users["district"])
    w.task = FollowUpTaskFactory(meeting=w.meeting, owner=users["leader"])


def _care(w, city, users) -> None:
    w.network = CareNetwork.objects.create(
        name="长塘村关爱网络",
        school=city.school,
        district=city.qingxiu,
        town=city.village.town,
        head=users["head_teacher"],
        cadre=users["partner"],
        contact_every_days=30,
    )
    NetworkMemberFactory(network=w.network, student=city.student_1)
    w.network_contact = NetworkContactFactory(network=w.network, student=city.student_1)
    # The case is led by a counsellor colleague, so that the school's
    # counsellor persona is not on its team.
    w.case_lead = UserFactory(username="qin", name="覃老师")
    assign(w.case_lead, Role.COUNSELLOR, school=city.school)
    w.case = cases.open_case(
        opened_by=w.case_lead,
        student=city.student_1,
        categories=["left_behind"],
        risk_level="medium",
        summary="父母外出务工，孩子由祖母照看。",
    )
    cases.add_team_member(
        case=w.case, by=w.case_lead, user=users["case_member"], part="case_worker"
    )
    w.goal = cases.add_goal(
        case=w.case,
        by=w.case_lead,
        goal="情绪稳定",
        measures="每周谈心一次",
        owner=w.case_lead,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    cases.record_consent(case=w.case, by=w.case_lead, guardian=w.guardian)
    cases.submit_plan(case=w.case, by=w.case_lead)
    cases.approve_plan(case=w.case, by=users["leader"])
    w.review = w.case.reviews.get()
    w.follow_up = cases.log_follow_up(
        case=w.case, by=w.case_lead, happened_on=timezone.localdate(), note="电话了解近况。"
    )
    w.referral = referrals.send_referral(
        case=w.case,
        by=w.case_lead,
        to_department=w.department,
        reason="监护缺失",
        asked="协助走访核实监护情况",
    )
    w.alert = alerts.raise_alert(
        student=city.student_1,
        level="early_warning",
        source="other",
        raised_by=users["class_teacher"],
        note="课间独自哭泣",
        check_scope=False,
    )


def _back_office_rows(w, city, users) -> None:
    """Rows only the back office opens, so each of its models has one in
    李明's school or district."""
    w.staff_user = users["head_teacher"]
    w.staff_role = RoleAssignment.objects.get(user=w.staff_user)
    w.preference = NotificationPreferenceFactory(user=users["parent"])
    w.delivery = DeliveryFactory(notification=w.notification)
    w.target = TargetFactory(district=city.qingxiu)
    w.snapshot = IndicatorSnapshotFactory(district=city.qingxiu)
    w.committee_member = CommitteeMemberFactory(committee=w.committee)
    w.committee_meeting = CommitteeMeetingFactory(committee=w.committee)
    w.committee_decision = CommitteeDecisionFactory(meeting=w.committee_meeting)
    w.resource_course = ResourceCourseFactory(resource=w.resource)
    w.provider = StudyTourProviderFactory(district=city.qingxiu)
    w.approval = ApprovalRecordFactory(resource=w.resource, decided_by=users["district"])
    w.attendee = MeetingAttendeeFactory(meeting=w.meeting, department=w.department)
    w.replay_view = ReplayViewFactory(lecture=w.lecture, user=users["parent"])
    _third_party_rows(w, users)


def _third_party_rows(w, users) -> None:
    parent = users["parent"]
    EmailAddress.objects.create(user=parent, email=parent.email, verified=True)
    RecoveryCodes.activate(parent)
    app = SocialApp.objects.create(provider="weixin", name="微信", client_id="wx", secret="s")
    account = SocialAccount.objects.create(user=parent, provider="weixin", uid="wx-pan")
    SocialToken.objects.create(app=app, account=account, token="t")
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.get_or_create(
        name="access matrix", defaults={"task": "portal.tasks.noop", "interval": every_day}
    )
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    CrontabSchedule.objects.create(minute="0", hour="8")
    SolarSchedule.objects.create(event="sunrise", latitude=22.8, longitude=108.3)
    Token.objects.create(user=parent)
    Group.objects.create(name="access matrix")


# --- What may be shown to whom ---------------------------------------------------------

# Text of the world's records -> who may ever read it, on any page, list,
# export or API answer. Getting past access is not enough: a list or a
# dashboard must not carry another child's case into a page that is yours.
DISCLOSED = {
    # The child's name: the class and school staff, the district and city,
    # the case team, the network's cadre and the parent bound to him.
    "李明": "city district leader head_teacher class_teacher counsellor case_member partner parent",
    # A home visit's summary (HomeVisitFactory): the school, district and
    # city, and its author; not the parent, not the case team.
    "了解孩子在家学习情况。": "city district leader head_teacher counsellor",
    # The case, its follow-ups and its referral: the case team, the school's
    # leader and the district; not the school's counsellor off the team.
    "父母外出务工，孩子由祖母照看。": "district leader case_member",
    "电话了解近况。": "district leader case_member",
    "协助走访核实监护情况": "district leader case_member",
    # The alert's note: whoever handles alerts; the teacher who raised it
    # follows its status only.
    "课间独自哭泣": "district leader counsellor",
    # What a parent asked the counselling station, and a hotline call.
    "孩子最近不愿意上学，晚上睡不好。": "counsellor parent",
    "家长询问亲子沟通方法。": "counsellor",
}


def leaks(persona: str, body: str) -> list[str]:
    """The world's texts in `body` that `persona` may not read."""
    return [
        text for text, readers in DISCLOSED.items() if text in body and persona not in who(readers)
    ]


# --- How the table is read --------------------------------------------------------

STAFF = (
    "city district other_district leader head_teacher class_teacher other_class_teacher "
    "other_school_teacher counsellor case_member case_outsider"
)
GROUPS = {
    "ALL": " ".join(PERSONAS),
    "USERS": " ".join(name for name in PERSONAS if name != ANONYMOUS),
    "STAFF": STAFF,
    "OFFICERS": "city district other_district",
    "TEACHERS": "head_teacher class_teacher other_class_teacher other_school_teacher",
    "CASE_WORKERS": "case_member case_outsider",
}
# Any outcome but a 500 (allauth's own pages).
ANY = "any"


def who(text: str | None) -> frozenset | None:
    """Persona names, group names (ALL, USERS, STAFF) and `-name` to leave
    one out: "STAFF -other_district" is every staff persona but one."""
    if text is None:
        return None
    if text == ANY:
        return ANY
    names: set[str] = set()
    for word in text.split():
        if word.startswith("-"):
            names.discard(word[1:])
        else:
            names.update(GROUPS[word].split() if word in GROUPS else [word])
    unknown = names - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {sorted(unknown)} in {text!r}")
    return frozenset(names)


@dataclass(frozen=True)
class Fixed:
    """A URL argument that is not an object of the world (an action's
    name); each value is called in turn."""

    values: tuple

    def __init__(self, *values):
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class Entry:
    """Who may read (GET) and who may write (POST; PUT, PATCH and DELETE
    where an API view has them) one route; `None` where the route has no
    such method. `about` fills the URL: argument -> the world's object (its
    pk) or a `Fixed` value."""

    read: frozenset | None
    write: frozenset | None
    about: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)


def E(read: str | None, write: str | None = None, *, query=None, body=None, **about) -> Entry:
    """`query` and `body` name what a page needs beside its URL (the child a
    new visit is for), filled like `about`."""
    return Entry(who(read), who(write), about, query or {}, body or {})


@dataclass(frozen=True)
class Admin:
    """One back-office model: who opens its list, reads the world's row,
    adds rows, and changes (or deletes) the row."""

    list: str
    read: str
    add: str
    change: str
    delete: str | None = None  # as `change` unless it says

    @property
    def remove(self) -> str:
        return self.change if self.delete is None else self.delete


# Admin URL kind -> (the rule for GET, the rule for POST or None). The
# admin checks the add and delete permissions before it looks at the
# method, and a POST to the list or the history only shows them again, so
# only the change form is posted to (empty: it comes back with its errors).
ADMIN_KINDS = {
    "changelist": ("list", None),
    "add": ("add", None),
    "change": ("read", "change"),
    "history": ("read", None),
    "delete": ("remove", None),
}


@dataclass
class Check:
    name: str
    url: str
    methods: list
    body: dict = field(default_factory=dict)


SECTIONS = ("pages", "api", "admin", "allauth")
ALLAUTH_PREFIXES = ("account_", "mfa_", "socialaccount_", "weixin_", "dingtalk_")
# Django's own language switch; the `bench` urlconf is not the site's
# (ROOT_URLCONF), so the resolver never shows it.
SKIPPED = {"set_language"}


def section_of(name: str) -> str | None:
    if name in SKIPPED:
        return None
    if name.startswith("admin:"):
        return "admin"
    if name.startswith("api:"):
        return "api"
    if name.startswith(ALLAUTH_PREFIXES):
        return "allauth"
    return "pages"


def _value(world, value):
    if isinstance(value, Fixed):
        return value.values
    found = getattr(world, value)
    return (getattr(found, "pk", found),)


def urls_of(route, about: dict, world) -> list[str]:
    """Every URL of the route with its arguments from `about`; a route
    whose arguments the entry does not fill fails the walk."""
    missing = set(route.kwargs) - set(about)
    if missing:
        raise AssertionError(f"{route.name}: nothing fills {sorted(missing)}")
    combos = [{}]
    for name in route.kwargs:
        combos = [
            {**combo, name: value} for combo in combos for value in _value(world, about[name])
        ]
    return [reverse(route.name, kwargs=combo) for combo in combos]


def _admin_models() -> dict:
    """`app_model` (as in the admin's URL names) -> the registered model."""
    return {
        f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry
    }


def _admin_rule(name: str):
    """(the model's label, URL kind, its Admin rule) for a model's admin
    route; None for the site's own routes and extra views (in TABLE)."""
    rest = name.removeprefix("admin:")
    for prefix, model in _admin_models().items():
        kind = rest.removeprefix(f"{prefix}_")
        if rest.startswith(f"{prefix}_") and kind in ADMIN_KINDS:
            label = model._meta.label_lower
            if model._meta.app_label in OUR_APPS:
                return label, kind, ADMIN.get(label)
            return label, kind, THIRD_PARTY_ADMIN
    return None


def _admin_object(world, model):
    """The world's row of the model (its first, where the world names none)."""
    named = ADMIN_OBJECTS.get(model._meta.label_lower)
    if named:
        return getattr(world, named)
    row = model._default_manager.order_by("pk").first()
    if row is None:
        raise AssertionError(f"the world has no {model._meta.label} for the admin to open")
    return row


def _admin_checks(route, world) -> list[Check]:
    label, kind, rule = _admin_rule(route.name)
    if rule is None:
        raise AssertionError(f"{label} has no entry in ADMIN")
    read, write = ADMIN_KINDS[kind]
    kwargs = {}
    if "object_id" in route.kwargs:
        kwargs["object_id"] = _admin_object(world, apps.get_model(label)).pk
    url = reverse(route.name, kwargs=kwargs)
    methods = [("get", who(getattr(rule, read)))]
    if write is not None:
        methods.append(("post", who(getattr(rule, write))))
    return [Check(route.name, url, methods)]


def _app_list_checks(route) -> list[Check]:
    """An app's page in the back office opens for whoever lists one of its
    models in ADMIN."""
    found = []
    for app_label in sorted(OUR_APPS):
        readers = frozenset().union(
            *(who(rule.list) for label, rule in ADMIN.items() if label.startswith(f"{app_label}."))
        )
        url = reverse(route.name, kwargs={"app_label": app_label})
        found.append(Check(route.name, url, [("get", readers), ("post", readers)]))
    return found


def declared_methods(callback) -> set[str] | None:
    """The methods a view says it takes (a class's handlers, a function's
    `require_http_methods`); None when it does not say."""
    if getattr(callback, "actions", None):
        return set(callback.actions)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is not None:
        return {name for name in METHODS if hasattr(view, name)}
    function = callback
    while function is not None:
        for cell in function.__closure__ or ():
            value = cell.cell_contents
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.lower() in METHODS for item in value)
            ):
                return {item.lower() for item in value}
        function = getattr(function, "__wrapped__", None)
    return None


def _route_checks(route, section, world) -> list[Check]:
    entry = TABLE[route.name]
    methods = [
        (name, entry.read if name == "get" else entry.write)
        for name in _methods_to_call(route, section, entry)
    ]
    query = urlencode(_fill(entry.query, world))
    body = _fill(entry.body, world)
    return [
        Check(route.name, f"{url}?{query}" if query else url, methods, body)
        for url in urls_of(route, entry.about, world)
    ]


def _methods_to_call(route, section, entry) -> list[str]:
    """The methods the view takes (GET and POST where it does not say;
    pages are forms, so only the API's PUT, PATCH and DELETE count). Where
    the table claims a read or a write the view has no method for, GET or
    POST is called anyway, so that the claim fails on its 405."""
    declared = declared_methods(route.callback) or {"get", "post"}
    usable = METHODS if section == "api" else ("get", "post")
    names = [name for name in usable if name in declared]
    if entry.read and "get" not in names:
        names.insert(0, "get")
    if entry.write and not set(names) - {"get"}:
        names.append("post")
    return names


def _fill(params: dict, world) -> dict:
    return {name: _value(world, value)[0] for name, value in params.items()}


def _allauth_checks(route, world) -> list[Check]:
    about = {name: Fixed("x") for name in route.kwargs}
    rule = who("ALL") if route.name in ALLAUTH_PUBLIC else ANY
    return [Check(route.name, url, [("get", rule)]) for url in urls_of(route, about, world)]


def checks(section: str, routes, world) -> list[Check]:
    found = []
    for route in routes:
        if section_of(route.name) != section:
            continue
        if section == "allauth":
            found += _allauth_checks(route, world)
        elif section == "admin" and _admin_rule(route.name):
            found += _admin_checks(route, world)
        elif route.name == "admin:app_list":
            found += _app_list_checks(route)
        else:
            found += _route_checks(route, section, world)
    return found


def unlisted(routes) -> tuple[list[str], list[str]]:
    """Routes the tables do not cover, and entries for routes gone."""
    names = {route.name for route in routes}
    unknown = []
    for name in sorted(names):
        if section_of(name) in (None, "allauth"):
            continue
        admin_rule = _admin_rule(name) if name.startswith("admin:") else None
        if admin_rule is not None:
            if admin_rule[2] is None:
                unknown.append(name)
        elif name not in TABLE:
            unknown.append(name)
    registered = {model._meta.label_lower for model in admin.site._registry}
    stale = sorted(set(TABLE) - names) + sorted(set(ADMIN) - registered)
    return unknown, stale


OUR_APPS = {"portal", "schools", "community", "families", "programs"}
API_WRITES = ("put", "patch", "delete")
METHODS = ("get", "post", *API_WRITES)
LOGS_OUT = {"admin:logout"}
ALLAUTH_PUBLIC = {"account_login", "account_signup", "account_reset_password"}


# --- The table ----------------------------------------------------------------------

CASE_ACTIONS = tuple(case_views.ACTIONS)
ALERT_ACTIONS = tuple(alert_views.ACTIONS)
REFERRAL_ACTIONS = tuple(referral_views.ACTIONS)

TABLE = {
    "portal:home": E("ALL", "ALL"),
    "portal:after-login": E("USERS", "USERS"),
    "portal:elder-mode": E(None, "ALL"),
    "portal:workbench": E(
        "USERS -parent -other_parent -stranger", "USERS -parent -other_parent -stranger"
    ),
    "portal:inbox": E("USERS", "USERS"),
    "portal:read-notification": E(None, "parent", pk="notification"),
    "portal:read-all-notifications": E(None, "USERS"),
    "portal:notification-settings": E("USERS", "USERS"),
    "healthz": E("ALL", "ALL"),
    "dashboard:home": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "dashboard:city": E("city", "city"),
    "dashboard:city-indicator": E("city", "city", key="indicator"),
    "dashboard:district": E("city district", "city district", pk="qingxiu"),
    "dashboard:district-indicator": E(
        "city district", "city district", pk="qingxiu", key="indicator"
    ),
    "dashboard:school": E("city district leader", "city district leader", pk="school"),
    "dashboard:school-indicator": E(
        "city district leader", "city district leader", pk="school", key="indicator"
    ),
    "dashboard:reports": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "dashboard:report-request": E(
        None, "city district", body={"level": Fixed("district"), "id": "qingxiu"}
    ),
    "dashboard:report": E("city district", "city district", pk="report"),
    "dashboard:report-retry": E(None, "city district", pk="report"),
    "dashboard:report-download": E("city district", "city district", pk="report", fmt=Fixed("csv")),
    "schools:my-students": E("USERS", "USERS"),
    "schools:visit-list": E("USERS", "USERS"),
    # Not the parent, who sees the child but does not visit their own family.
    "schools:visit-new": E(
        "city district leader head_teacher class_teacher counsellor",
        "city district leader head_teacher class_teacher counsellor",
        query={"student": "student_1"},
    ),
    "schools:visit-detail": E(
        "city district leader head_teacher counsellor",
        "city district leader head_teacher counsellor",
        pk="visit",
    ),
    # Only the visit's author changes it (within 7 days).
    "schools:visit-edit": E("head_teacher", "head_teacher", pk="visit"),
    "schools:coverage": E("STAFF -case_member -case_outsider", "STAFF -case_member -case_outsider"),
    "schools:coverage-district": E("city district", "city district", pk="qingxiu"),
    "schools:coverage-school": E(
        "city district leader counsellor", "city district leader counsellor", pk="school"
    ),
    "schools:coverage-unvisited": E(
        "city district leader head_teacher class_teacher counsellor",
        "city district leader head_teacher class_teacher counsellor",
        pk="class_1",
    ),
    "schools:roster-import": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "schools:roster-template": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "schools:activities": E(
        "STAFF -case_member -case_outsider", "STAFF -case_member -case_outsider"
    ),
    "schools:activity-new": E(
        "city district other_district leader counsellor",
        "city district other_district leader counsellor",
    ),
    "schools:activities-school": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        school_id="school",
    ),
    "schools:activities-district": E(
        "city district leader counsellor", "city district leader counsellor", district_id="qingxiu"
    ),
    "schools:committees": E("USERS", "USERS"),
    "schools:committee-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="committee",
    ),
    "schools:committee-member-new": E(
        "city district leader head_teacher", "city district leader head_teacher", pk="committee"
    ),
    "schools:committee-meeting-new": E(
        "city district leader head_teacher", "city district leader head_teacher", pk="committee"
    ),
    "schools:law": E("USERS", "USERS"),
    "schools:law-session-new": E("city district leader", "city district leader"),
    "community:map": E("ALL", "ALL"),
    "community:resources-geojson": E("ALL", "ALL"),
    "community:map-hsds": E("ALL", "ALL"),
    "community:resource-detail": E("ALL", "ALL", pk="resource"),
    "community:bookings": E("USERS", "USERS"),
    "community:booking-new": E(
        "leader head_teacher class_teacher other_class_teacher other_school_teacher",
        "leader head_teacher class_teacher other_class_teacher other_school_teacher",
        query={"resource": "resource"},
    ),
    "community:participation": E(
        "STAFF -case_member -case_outsider", "STAFF -case_member -case_outsider"
    ),
    "community:base-slots": E("city district", "city district", resource_id="resource"),
    "community:booking-detail": E(
        "city district leader head_teacher class_teacher",
        "city district leader head_teacher class_teacher",
        pk="booking",
    ),
    "community:booking-confirm": E(
        None, "city district leader head_teacher class_teacher", pk="booking"
    ),
    "community:booking-decline": E(
        None, "city district leader head_teacher class_teacher", pk="booking"
    ),
    "community:booking-cancel": E(
        None, "city district leader head_teacher class_teacher", pk="booking"
    ),
    "community:partners": E("USERS", "USERS"),
    "community:volunteers": E("USERS", "USERS"),
    "community:volunteer-hours": E("city district", "city district", pk="volunteer"),
    "community:verify-hours": E(None, "city district", pk="volunteer_hours"),
    "community:volunteer-account": E("USERS", "USERS"),
    "community:alliances": E("USERS", "USERS"),
    "community:alliance-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="alliance",
    ),
    "community:meeting-new": E("city district", "city district", pk="alliance"),
    "community:my-tasks": E("USERS", "USERS"),
    "community:task-complete": E(
        None,
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="task",
    ),
    "community:task-reopen": E(
        None,
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="task",
    ),
    "families:home": E("USERS", "USERS"),
    "families:bind": E("USERS", "USERS"),
    "families:binding-code-classes": E(
        "city district other_district leader head_teacher",
        "city district other_district leader head_teacher",
    ),
    "families:binding-codes": E(
        "city district leader head_teacher", "city district leader head_teacher", pk="class_1"
    ),
    "families:issue-binding-codes": E(None, "city district leader head_teacher", pk="class_1"),
    "families:parent-schools": E("ALL", "ALL"),
    "families:parent-school-coverage": E(
        "city district other_district", "city district other_district"
    ),
    "families:lectures": E("ALL", "ALL"),
    "families:lecture-detail": E("ALL", "ALL", pk="lecture"),
    "families:lecture-register": E(None, "USERS", pk="lecture"),
    "families:my-registrations": E("USERS", "USERS"),
    "families:registration-cancel": E(None, "parent", pk="registration"),
    "families:registration-ics": E("parent", "parent", pk="registration"),
    "families:ticket": E("parent", "parent", pk="registration"),
    "families:attendance-lectures": E("USERS", "USERS"),
    "families:check-in": E("city district leader", "city district leader", pk="lecture"),
    "families:roll-call": E("city district leader", "city district leader", pk="lecture"),
    "families:replay": E("ALL", "ALL", pk="lecture"),
    "families:my-completions": E("USERS", "USERS"),
    "families:certificate": E("parent", "parent", pk="completion"),
    "families:verify-certificate": E("ALL", "ALL"),
    "families:reading": E("ALL", "ALL"),
    "families:tips": E("USERS", "USERS"),
    "families:tip-new": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "families:tips-published": E(
        "city district other_district leader", "city district other_district leader"
    ),
    "families:counselling-new": E("USERS", "USERS"),
    "families:my-counselling": E("USERS", "USERS"),
    "families:counselling-queue": E("counsellor", "counsellor"),
    "families:counselling-detail": E(
        "counsellor parent", "counsellor parent", pk="counselling_request"
    ),
    "families:counselling-assign": E(None, "counsellor parent", pk="counselling_request"),
    "families:counselling-move": E(None, "counsellor parent", pk="counselling_request"),
    "families:hotline-new": E("counsellor", "counsellor"),
    "families:hotline-hours": E("counsellor", "counsellor"),
    "programs:home": E("USERS", "USERS"),
    "programs:cases": E("USERS", "USERS"),
    "programs:case-new": E("USERS", "USERS"),
    "programs:case-detail": E(
        "district leader case_member", "district leader case_member", pk="case"
    ),
    "programs:case-edit": E("district leader", "district leader", pk="case"),
    "programs:case-history": E(
        "district leader case_member", "district leader case_member", pk="case"
    ),
    "programs:case-action": E(
        None, "district leader case_member", pk="case", action=Fixed(*CASE_ACTIONS)
    ),
    "programs:networks": E("USERS", "USERS"),
    "programs:network-new": E("district other_district leader", "district other_district leader"),
    "programs:network-districts": E("district other_district", "district other_district"),
    "programs:network-district": E("district", "district", pk="qingxiu"),
    "programs:network-detail": E(
        "district leader head_teacher partner", "district leader head_teacher partner", pk="network"
    ),
    "programs:network-edit": E("district leader", "district leader", pk="network"),
    "programs:network-deactivate": E(None, "district leader head_teacher partner", pk="network"),
    "programs:network-reactivate": E(None, "district leader head_teacher partner", pk="network"),
    "programs:network-contact": E(None, "district leader head_teacher partner", pk="network"),
    "programs:network-students": E(
        "district leader head_teacher", "district leader head_teacher", pk="network"
    ),
    "programs:network-remove-student": E(
        None, "district leader head_teacher partner", pk="network", student_pk="student_1"
    ),
    "programs:alerts": E("USERS", "USERS"),
    "programs:my-alerts": E("USERS", "USERS"),
    "programs:alert-new": E("USERS", "USERS"),
    "programs:alert-from-counselling": E(
        "counsellor", "counsellor", request_pk="counselling_request"
    ),
    "programs:alert-detail": E(
        "district leader class_teacher counsellor",
        "district leader class_teacher counsellor",
        pk="alert",
    ),
    "programs:alert-action": E(
        None, "district leader counsellor", pk="alert", name=Fixed(*ALERT_ACTIONS)
    ),
    "programs:referrals": E("USERS", "USERS"),
    "programs:referral-new": E(
        "district leader case_member", "district leader case_member", case_pk="case"
    ),
    "programs:referral-detail": E(
        "district leader case_member", "district leader case_member", pk="referral"
    ),
    "programs:referral-action": E(
        None, "district leader case_member", pk="referral", name=Fixed(*REFERRAL_ACTIONS)
    ),
    "programs:family-timeline": E(
        "district leader case_member", "district leader case_member", student_pk="student_1"
    ),
    "api:token": E(None, "USERS"),
    "api:me": E("USERS", None),
    "api:notification-list": E("USERS", None),
    "api:notification-read": E(None, "parent", pk="notification"),
    "api:district-list": E("USERS", None),
    "api:school-list": E("USERS", None),
    "api:school-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        None,
        pk="school",
    ),
    "api:class-list": E("USERS", None),
    "api:student-list": E("USERS", None),
    "api:student-detail": E(
        "city district leader head_teacher class_teacher counsellor parent", None, pk="student_1"
    ),
    "api:student-guardian-list": E(
        "city district leader head_teacher class_teacher counsellor parent", None, pk="student_1"
    ),
    "api:student-mentor": E(None, "city district leader head_teacher", pk="student_1"),
    "api:class-mentor": E(
        None,
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="class_1",
    ),
    "api:roster-import": E(None, "city district other_district leader"),
    "api:home-visit-list": E("USERS", "USERS"),
    "api:home-visit-detail": E(
        "city district leader head_teacher counsellor",
        "city district leader head_teacher counsellor",
        pk="visit",
    ),
    "api:home-visit-coverage": E("STAFF -case_member -case_outsider", None),
    "api:home-visit-unvisited": E(
        "city district leader head_teacher class_teacher counsellor", None, pk="class_1"
    ),
    "api:guidance-activity-list": E("USERS", "USERS"),
    "api:guidance-activity-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        None,
        pk="activity",
    ),
    "api:guidance-progress": E(
        "city district leader counsellor case_member case_outsider", None, district_id="qingxiu"
    ),
    "api:parent-committee-list": E("USERS", None),
    "api:parent-committee-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        None,
        pk="committee",
    ),
    "api:parent-committee-member-create": E(
        None, "city district leader head_teacher", pk="committee"
    ),
    "api:parent-committee-meeting-create": E(
        None, "city district leader head_teacher", pk="committee"
    ),
    "api:law-school-report": E("USERS", None),
    "api:law-vice-principal-list": E("USERS", None),
    "api:law-session-list": E("USERS", "USERS"),
    "api:map-resource-list": E("ALL", None),
    "api:map-resource-detail": E("ALL", None, pk="resource"),
    "api:map-provider-list": E("ALL", None),
    "api:map-hsds": E("ALL", None),
    "api:map-resource-slots": E("USERS", "USERS", pk="resource"),
    "api:booking-list": E("USERS", "USERS"),
    "api:booking-participation": E("USERS", None),
    "api:booking-detail": E("city district leader head_teacher class_teacher", None, pk="booking"),
    "api:booking-confirm": E(None, "city district leader head_teacher class_teacher", pk="booking"),
    "api:booking-decline": E(None, "city district leader head_teacher class_teacher", pk="booking"),
    "api:booking-cancel": E(None, "city district leader head_teacher class_teacher", pk="booking"),
    "api:organisation-list": E("USERS", None),
    "api:organisation-detail": E("STAFF", None, pk="organisation"),
    "api:volunteer-list": E("USERS", None),
    "api:volunteer-detail": E("city district partner", None, pk="volunteer"),
    "api:volunteer-hours-list": E("USERS", "USERS"),
    "api:volunteer-hours-verify": E(None, "city district", pk="volunteer_hours"),
    "api:lecturer-group-list": E("USERS", None),
    "api:lecturer-list": E("USERS", None),
    "api:department-list": E("USERS", None),
    "api:alliance-list": E("USERS", None),
    "api:alliance-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        None,
        pk="alliance",
    ),
    "api:meeting-list": E("USERS", "USERS"),
    "api:meeting-detail": E(
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        None,
        pk="meeting",
    ),
    "api:follow-up-task-list": E("USERS", "USERS"),
    "api:follow-up-task-complete": E(None, "USERS", pk="task"),
    "api:follow-up-task-reopen": E(
        None,
        "city district leader head_teacher class_teacher other_class_teacher counsellor",
        pk="task",
    ),
    "api:family-bind": E(None, "USERS"),
    "api:family-children": E("USERS", None),
    "api:parent-school-list": E("ALL", None),
    "api:parent-school-coverage": E("city district other_district", None),
    "api:class-binding-codes": E(
        "city district leader head_teacher", "city district leader head_teacher", pk="class_1"
    ),
    "api:lecture-list": E("ALL", None),
    "api:lecture-detail": E("ALL", None, pk="lecture"),
    "api:lecture-register": E(None, "USERS", pk="lecture"),
    "api:registration-list": E("USERS", None),
    "api:registration-cancel": E(None, "parent", pk="registration"),
    "api:registration-leave": E(None, "parent", pk="registration"),
    "api:registration-ics": E("parent", None, pk="registration"),
    "api:lecture-check-in": E(None, "city district leader", pk="lecture"),
    "api:lecture-roll-call": E(None, "city district leader", pk="lecture"),
    "api:my-completion-list": E("USERS", None),
    "api:certificate-verify": E("ALL", None, number="certificate_number"),
    "api:reading-list": E("ALL", None),
    "api:tip-list": E("USERS", "USERS"),
    "api:counselling-request-list": E("USERS", "USERS"),
    "api:counselling-queue": E("counsellor", None),
    "api:counselling-request-detail": E("counsellor parent", None, pk="counselling_request"),
    "api:counselling-assign": E(None, "counsellor parent", pk="counselling_request"),
    "api:counselling-move": E(None, "counsellor parent", pk="counselling_request"),
    "api:hotline-call-list": E("counsellor", "USERS"),
    "api:hotline-hours": E("counsellor", None),
    "api:network-list": E("USERS", "USERS"),
    "api:network-detail": E("district leader head_teacher partner", None, pk="network"),
    "api:network-member-list": E(
        "district leader head_teacher partner", "district leader head_teacher partner", pk="network"
    ),
    "api:network-contact-list": E(
        "district leader head_teacher partner", "district leader head_teacher partner", pk="network"
    ),
    "api:case-list": E("USERS", "USERS"),
    "api:case-detail": E("district leader case_member", None, pk="case"),
    "api:case-team": E(None, "district leader case_member", pk="case"),
    "api:case-goals": E(None, "district leader case_member", pk="case"),
    "api:case-goal-status": E(None, "district leader case_member", pk="case", goal_id="goal"),
    "api:case-follow-ups": E(None, "district leader case_member", pk="case"),
    "api:case-consent": E(None, "district leader case_member", pk="case"),
    "api:case-submit": E(None, "district leader case_member", pk="case"),
    "api:case-approve": E(None, "district leader case_member", pk="case"),
    "api:case-return": E(None, "district leader case_member", pk="case"),
    "api:case-review-done": E(None, "district leader case_member", pk="case", review_id="review"),
    "api:case-close": E(None, "district leader case_member", pk="case"),
    "api:case-reopen": E(None, "district leader case_member", pk="case"),
    "api:case-risk": E(None, "district leader case_member", pk="case"),
    "api:referral-list": E("USERS", None),
    "api:referral-detail": E("district leader case_member", None, pk="referral"),
    "api:case-referrals": E(None, "district leader case_member", pk="case"),
    "api:referral-accept": E(None, "district leader case_member", pk="referral"),
    "api:referral-decline": E(None, "district leader case_member", pk="referral"),
    "api:referral-service": E(None, "district leader case_member", pk="referral"),
    "api:alert-list": E("USERS", "USERS"),
    "api:my-alerts": E("USERS", None),
    "api:alert-detail": E("district leader class_teacher counsellor", None, pk="alert"),
    "api:alert-receive": E(None, "district leader counsellor", pk="alert"),
    "api:alert-level": E(None, "district leader counsellor", pk="alert"),
    "api:alert-plan": E(None, "district leader counsellor", pk="alert"),
    "api:alert-close": E(None, "district leader counsellor", pk="alert"),
    "api:family-timeline": E("district leader case_member", None, student_id="student_1"),
    "api:indicators": E("city district other_district leader", None),
    "api:report-list": E("USERS", "USERS"),
    "api:report-detail": E("city district", None, pk="report"),
    "api:report-retry": E(None, "city district", pk="report"),
    "api:schema": E("ALL", None),
    "api:docs": E("ALL", None),
    "admin:index": E("STAFF", "STAFF"),
    "admin:login": E("", None),
    # Logging out is open to all (staff see the admin's page, others go to
    # the index); `walk` logs everyone in again after it.
    "admin:logout": E(ANY, ANY),
    # Their own password, behind the old one.
    "admin:password_change": E("STAFF", "STAFF"),
    "admin:password_change_done": E("STAFF", None),
    "admin:autocomplete": E("", None),
    "admin:jsi18n": E("STAFF", None),
    "admin:view_on_site": E("", None, content_type_id="visit_type", object_id="visit"),
    # Another person's password: the city only.
    "admin:auth_user_password_change": E("city", "city", id="parent"),
    "admin:families_completion_certificate": E(
        "city district leader", "city district leader", pk="completion"
    ),
    # Per app, whoever lists one of its models (see `_app_list_checks`).
    "admin:app_list": E(None, None, app_label=Fixed(*sorted(OUR_APPS))),
}

THIRD_PARTY_ADMIN = Admin(list="city", read="city", add="city", change="city")
# The world's row each back-office model opens (others: its first row).
ADMIN_OBJECTS = {
    "portal.user": "staff_user",
    "portal.roleassignment": "staff_role",
    "portal.notification": "notification",
    "portal.notificationpreference": "preference",
    "portal.delivery": "delivery",
    "portal.target": "target",
    "portal.indicatorsnapshot": "snapshot",
    "portal.report": "report",
    "schools.district": "qingxiu",
    "schools.village": "village",
    "schools.school": "school",
    "schools.schoolclass": "class_1",
    "schools.student": "student_1",
    "schools.guardian": "guardian",
    "schools.semester": "semester",
    "schools.homevisit": "visit",
    "schools.guidanceactivity": "activity",
    "schools.parentcommittee": "committee",
    "schools.committeemember": "committee_member",
    "schools.committeemeeting": "committee_meeting",
    "schools.committeedecision": "committee_decision",
    "schools.lawviceprincipal": "vice_principal",
    "schools.lawsession": "law_session",
    "community.educationresource": "resource",
    "community.resourcecourse": "resource_course",
    "community.studytourprovider": "provider",
    "community.approvalrecord": "approval",
    "community.bookingslot": "slot",
    "community.booking": "booking",
    "community.organisation": "organisation",
    "community.volunteer": "volunteer",
    "community.volunteerhours": "volunteer_hours",
    "community.lecturergroup": "lecturer_group",
    "community.lecturer": "lecturer",
    "community.department": "department",
    "community.alliance": "alliance",
    "community.jointmeeting": "meeting",
    "community.meetingattendee": "attendee",
    "community.followuptask": "task",
    "families.bindingcode": "binding_code",
    "families.parentschool": "parent_school",
    "families.course": "course",
    "families.lecture": "lecture",
    "families.registration": "registration",
    "families.replayview": "replay_view",
    "families.completion": "completion",
    "families.readingitem": "reading_item",
    "families.tip": "tip",
    "families.counsellingstation": "station",
    "families.counsellingrequest": "counselling_request",
    "families.hotlinecall": "hotline_call",
    "programs.carenetwork": "network",
    "programs.networkcontact": "network_contact",
    "programs.case": "case",
    "programs.goal": "goal",
    "programs.followup": "follow_up",
    "programs.review": "review",
    "programs.referral": "referral",
    "programs.alert": "alert",
}
# Who opens each of our models in the back office. Parents, partners and
# strangers are not staff and never appear; case data is kept from the
# city and from teachers; another district's officer lists the model but
# never opens this district's row.
ADMIN = {
    "community.alliance": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS",
        change="city district",
    ),
    "community.approvalrecord": Admin(list="OFFICERS", read="city district", add="", change=""),
    "community.booking": Admin(
        list="OFFICERS TEACHERS leader",
        read="city district leader head_teacher class_teacher",
        add="",
        change="city district leader head_teacher class_teacher",
    ),
    "community.bookingslot": Admin(
        list="OFFICERS", read="OFFICERS", add="OFFICERS", change="city district"
    ),
    "community.department": Admin(
        list="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        read="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        add="OFFICERS",
        change="city district",
    ),
    "community.educationresource": Admin(
        list="OFFICERS", read="OFFICERS", add="OFFICERS", change="city district"
    ),
    "community.followuptask": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="",
        change="city district",
    ),
    "community.jointmeeting": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="",
        change="city district",
    ),
    "community.lecturer": Admin(
        list="OFFICERS", read="OFFICERS", add="OFFICERS", change="city district"
    ),
    "community.lecturergroup": Admin(
        list="OFFICERS", read="OFFICERS", add="OFFICERS", change="city district"
    ),
    "community.meetingattendee": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="",
        change="city district",
    ),
    "community.organisation": Admin(
        list="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        read="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        add="OFFICERS",
        change="city district",
    ),
    "community.resourcecourse": Admin(
        list="OFFICERS", read="OFFICERS", add="OFFICERS", change="city district"
    ),
    "community.studytourprovider": Admin(
        list="OFFICERS leader", read="city district leader", add="OFFICERS", change="city district"
    ),
    "community.volunteer": Admin(
        list="OFFICERS", read="city district", add="OFFICERS", change="city district"
    ),
    "community.volunteerhours": Admin(
        list="OFFICERS", read="city district", add="OFFICERS", change="city district"
    ),
    "families.bindingcode": Admin(
        list="OFFICERS leader head_teacher",
        read="city district leader head_teacher",
        add="",
        change="",
    ),
    "families.completion": Admin(
        list="OFFICERS leader", read="city district leader", add="", change=""
    ),
    "families.counsellingrequest": Admin(list="counsellor", read="counsellor", add="", change=""),
    "families.counsellingstation": Admin(
        list="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        read="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        add="city",
        change="city",
    ),
    "families.course": Admin(
        list="OFFICERS leader",
        read="city district leader",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "families.familylink": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher counsellor",
        add="",
        change="city district leader head_teacher",
    ),
    "families.hotlinecall": Admin(list="counsellor", read="counsellor", add="", change=""),
    "families.lecture": Admin(
        list="OFFICERS leader",
        read="city district leader",
        add="OFFICERS leader",
        change="city district leader",
        delete="",
    ),
    "families.parentschool": Admin(
        list="OFFICERS leader",
        read="OFFICERS leader",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "families.readingitem": Admin(list="city", read="city", add="city", change="city"),
    "families.registration": Admin(
        list="OFFICERS leader",
        read="city district leader",
        add="",
        change="city district leader",
        delete="",
    ),
    "families.replayview": Admin(
        list="OFFICERS leader", read="city district leader", add="", change=""
    ),
    "families.tip": Admin(
        list="OFFICERS TEACHERS leader",
        read="city district leader head_teacher class_teacher other_class_teacher",
        add="",
        change="",
    ),
    "portal.auditentry": Admin(list="OFFICERS", read="city district", add="", change=""),
    "portal.delivery": Admin(list="", read="", add="", change=""),
    "portal.indicatorsnapshot": Admin(
        list="OFFICERS leader", read="city district", add="", change=""
    ),
    "portal.notification": Admin(list="", read="", add="", change=""),
    "portal.notificationpreference": Admin(list="", read="", add="", change=""),
    "portal.report": Admin(list="OFFICERS leader", read="city district", add="", change=""),
    "portal.roleassignment": Admin(
        list="OFFICERS leader",
        read="city district leader",
        add="OFFICERS leader",
        change="",
        delete="city district leader",
    ),
    "portal.target": Admin(
        list="OFFICERS leader", read="OFFICERS leader", add="city", change="city"
    ),
    "portal.user": Admin(
        list="OFFICERS leader",
        read="city district leader",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "programs.alert": Admin(
        list="district other_district leader counsellor",
        read="district leader counsellor",
        add="",
        change="",
    ),
    "programs.alertstep": Admin(
        list="district other_district leader counsellor",
        read="district leader counsellor",
        add="",
        change="",
    ),
    "programs.carenetwork": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.case": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.caseteammember": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.followup": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.goal": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.networkcontact": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.networkmember": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.referral": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "programs.review": Admin(
        list="district other_district leader", read="district leader", add="", change=""
    ),
    "schools.committeedecision": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.committeemeeting": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.committeemember": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.district": Admin(
        list="OFFICERS CASE_WORKERS leader counsellor",
        read="CASE_WORKERS city district leader counsellor",
        add="city",
        change="city",
    ),
    "schools.guardian": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.guardianship": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.guidanceactivity": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader counsellor",
        change="city district leader counsellor",
    ),
    "schools.homevisit": Admin(
        list="OFFICERS leader counsellor", read="city district leader counsellor", add="", change=""
    ),
    "schools.lawappointment": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "schools.lawsession": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "schools.lawviceprincipal": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS",
        change="city district",
    ),
    "schools.parentcommittee": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.school": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS",
        change="city district",
    ),
    "schools.schoolclass": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher other_class_teacher counsellor",
        add="OFFICERS leader",
        change="city district leader",
    ),
    "schools.semester": Admin(
        list="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        read="OFFICERS TEACHERS CASE_WORKERS leader counsellor",
        add="city",
        change="city",
    ),
    "schools.student": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher counsellor",
        add="OFFICERS leader head_teacher",
        change="city district leader head_teacher",
    ),
    "schools.town": Admin(
        list="OFFICERS CASE_WORKERS",
        read="CASE_WORKERS city district",
        add="OFFICERS",
        change="city district",
    ),
    "schools.village": Admin(
        list="OFFICERS CASE_WORKERS",
        read="CASE_WORKERS city district",
        add="OFFICERS",
        change="city district",
    ),
    "schools.visitedstudent": Admin(
        list="OFFICERS TEACHERS leader counsellor",
        read="city district leader head_teacher class_teacher counsellor",
        add="",
        change="",
    ),
}
