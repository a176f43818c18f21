"""Every list page, API list and back-office changelist costs the same
number of queries for 10 rows as for 100, and that number is pinned.

The routes come from the URL resolver, so a new list without an entry in
`LISTINGS` fails `test_every_list_route_has_a_pinned_count`."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.views.generic import ListView
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin

from community.models import (
    Alliance,
    Booking,
    BookingSlot,
    Department,
    EducationResource,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    LecturerGroup,
    Organisation,
    StudyTourProvider,
    Volunteer,
    VolunteerHours,
)
from community.tests.factories import EducationResourceFactory
from families.models import (
    BindingCode,
    Completion,
    CounsellingRequest,
    FamilyLink,
    HotlineCall,
    Lecture,
    ParentSchool,
    ReadingItem,
    Registration,
    Tip,
)
from families.tests.factories_content import CounsellingStationFactory
from portal.models import Notification, Report
from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in
from portal.tests.list_rows import ApprovedCaseFactory, make_rows
from portal.tests.routes import walk as _walk
from programs.models import Alert, CareNetwork, Case, NetworkContact, NetworkMember, Referral
from programs.tests.factories import CareNetworkFactory
from schools.models import (
    District,
    Guardianship,
    GuidanceActivity,
    HomeVisit,
    LawSession,
    LawVicePrincipal,
    ParentCommittee,
    School,
    SchoolClass,
    Student,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"portal", "schools", "community", "families", "programs"}


# --- Which routes are lists ---------------------------------------------------


def _source(function) -> str:
    try:
        return inspect.getsource(inspect.unwrap(function))
    except (OSError, TypeError):
        return ""


def _is_list(name: str, callback) -> bool:
    if name.startswith("admin:"):
        app_label = name.removeprefix("admin:").split("_")[0]
        return name.endswith("_changelist") and app_label in OUR_APPS
    api_view = getattr(callback, "cls", None)
    if api_view is not None:
        if (getattr(callback, "actions", None) or {}).get("get") == "list":
            return True
        if issubclass(api_view, ListModelMixin):
            return True
        # A GET that hand-rolls its list (several serializers, extra keys).
        get = getattr(api_view, "get", None)
        source = _source(get) if issubclass(api_view, GenericAPIView) and get else ""
        return "many=True" in source or "paginate_queryset" in source
    django_view = getattr(callback, "view_class", None)
    if django_view is not None:
        return issubclass(django_view, ListView)
    if callback.__module__.split(".")[0] not in OUR_APPS:
        return False
    return "Paginator(" in _source(callback)


def list_routes() -> list[str]:
    return sorted(
        name for name, callback in _walk(get_resolver().url_patterns) if _is_list(name, callback)
    )


# --- What each list is asked with ---------------------------------------------


@dataclass(frozen=True)
class Listing:
    """`rows(ctx, count)` makes `count` rows that `persona` sees on the
    list; `kwargs(ctx)` fills the URL; `query` is its query string;
    `shown(response)` counts rows where the generic `_shown` cannot."""

    persona: str
    rows: Callable
    expected: int | None
    kwargs: Callable | None = None
    query: str = ""
    shown: Callable | None = None


@dataclass
class Context:
    city: object
    people: object
    user: object
    state: dict


def _admin_listings():
    listings = {}
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        # The superuser: every changelist opens for them, and the scoped
        # querysets of the roles are counted on the API and the pages.
        listings[name] = Listing("superuser", rows_of(model), ADMIN_EXPECTED.get(name))
    return listings


ADMIN_EXPECTED = {
    "admin:community_alliance_changelist": 7,
    "admin:community_approvalrecord_changelist": 7,
    "admin:community_booking_changelist": 9,
    "admin:community_bookingslot_changelist": 10,
    "admin:community_department_changelist": 7,
    "admin:community_educationresource_changelist": 8,
    "admin:community_followuptask_changelist": 6,
    "admin:community_jointmeeting_changelist": 9,
    "admin:community_lecturer_changelist": 7,
    "admin:community_lecturergroup_changelist": 7,
    "admin:community_meetingattendee_changelist": 7,
    "admin:community_organisation_changelist": 7,
    "admin:community_resourcecourse_changelist": 7,
    "admin:community_studytourprovider_changelist": 7,
    "admin:community_volunteer_changelist": 8,
    "admin:community_volunteerhours_changelist": 9,
    "admin:families_bindingcode_changelist": 8,
    "admin:families_completion_changelist": 10,
    "admin:families_counsellingrequest_changelist": 9,
    "admin:families_counsellingstation_changelist": 7,
    "admin:families_course_changelist": 7,
    "admin:families_familylink_changelist": 8,
    "admin:families_hotlinecall_changelist": 9,
    "admin:families_lecture_changelist": 9,
    "admin:families_parentschool_changelist": 8,
    "admin:families_readingitem_changelist": 6,
    "admin:families_registration_changelist": 8,
    "admin:families_replayview_changelist": 9,
    "admin:families_tip_changelist": 10,
    "admin:portal_auditentry_changelist": 10,
    "admin:portal_delivery_changelist": 6,
    "admin:portal_indicatorsnapshot_changelist": 8,
    "admin:portal_notification_changelist": 9,
    "admin:portal_notificationpreference_changelist": 7,
    "admin:portal_report_changelist": 9,
    "admin:portal_roleassignment_changelist": 7,
    "admin:portal_target_changelist": 9,
    "admin:portal_user_changelist": 6,
    "admin:programs_alert_changelist": 6,
    "admin:programs_alertstep_changelist": 6,
    "admin:programs_carenetwork_changelist": 7,
    "admin:programs_case_changelist": 6,
    "admin:programs_caseteammember_changelist": 6,
    "admin:programs_followup_changelist": 6,
    "admin:programs_goal_changelist": 6,
    "admin:programs_networkcontact_changelist": 6,
    "admin:programs_networkmember_changelist": 6,
    "admin:programs_referral_changelist": 6,
    "admin:programs_review_changelist": 6,
    "admin:schools_committeedecision_changelist": 7,
    "admin:schools_committeemeeting_changelist": 9,
    "admin:schools_committeemember_changelist": 7,
    "admin:schools_district_changelist": 6,
    "admin:schools_guardian_changelist": 6,
    "admin:schools_guardianship_changelist": 6,
    "admin:schools_guidanceactivity_changelist": 10,
    "admin:schools_homevisit_changelist": 9,
    "admin:schools_lawappointment_changelist": 7,
    "admin:schools_lawsession_changelist": 9,
    "admin:schools_lawviceprincipal_changelist": 7,
    "admin:schools_parentcommittee_changelist": 7,
    "admin:schools_school_changelist": 7,
    "admin:schools_schoolclass_changelist": 7,
    "admin:schools_semester_changelist": 7,
    "admin:schools_student_changelist": 8,
    "admin:schools_town_changelist": 7,
    "admin:schools_village_changelist": 7,
    "admin:schools_visitedstudent_changelist": 8,
}


def once(ctx, key, make):
    """One object the rows hang on (a station, a network), made on first use."""
    if key not in ctx.state:
        ctx.state[key] = make(ctx)
    return ctx.state[key]


def rows_of(model, vary=(), **fields):
    """Rows of `model`; a field given as a function is called with the context."""

    def rows(ctx, count):
        values = {name: value(ctx) if callable(value) else value for name, value in fields.items()}
        make_rows(model, count, vary=vary, **values)

    return rows


def pk_of(key, make):
    return lambda ctx: {"pk": once(ctx, key, make).pk}


def _station(ctx):
    return CounsellingStationFactory(counsellors=[ctx.people.counsellor])


def _network(ctx):
    return CareNetworkFactory(school=ctx.city.school)


def _resource(ctx):
    return EducationResourceFactory(district=ctx.city.qingxiu)


def _case(ctx):
    return ApprovedCaseFactory(student=ctx.city.student_1, lead=ctx.user, consented=True)


me = lambda ctx: ctx.user  # noqa: E731
school = lambda ctx: ctx.city.school  # noqa: E731
qingxiu = lambda ctx: ctx.city.qingxiu  # noqa: E731
class_1 = lambda ctx: ctx.city.class_1  # noqa: E731
station = lambda ctx: once(ctx, "station", _station)  # noqa: E731
network = lambda ctx: once(ctx, "network", _network)  # noqa: E731


LISTINGS: dict[str, Listing] = {
    # The API
    "api:notification-list": Listing("parent", rows_of(Notification, recipient=me), 5),
    "api:district-list": Listing("city_officer", rows_of(District), 5),
    "api:school-list": Listing("city_officer", rows_of(School, district=qingxiu), 5),
    "api:class-list": Listing("city_officer", rows_of(SchoolClass, school=school), 5),
    "api:student-list": Listing("city_officer", rows_of(Student, school_class=class_1), 5),
    "api:student-guardian-list": Listing(
        "head_teacher",
        rows_of(Guardianship, student=lambda ctx: ctx.city.student_1),
        6,
        kwargs=lambda ctx: {"pk": ctx.city.student_1.pk},
    ),
    "api:home-visit-list": Listing("head_teacher", rows_of(HomeVisit, school=school, author=me), 7),
    "api:home-visit-unvisited": Listing(
        "head_teacher",
        rows_of(Student, school_class=class_1),
        6,
        kwargs=lambda ctx: {"pk": ctx.city.class_1.pk},
    ),
    "api:guidance-activity-list": Listing(
        "city_officer", rows_of(GuidanceActivity, school=school), 5
    ),
    "api:guidance-progress": Listing(
        "city_officer",
        rows_of(School, district=qingxiu),
        7,
        kwargs=lambda ctx: {"district_id": ctx.city.qingxiu.pk},
    ),
    "api:parent-committee-list": Listing(
        "city_officer", rows_of(ParentCommittee, school__district=qingxiu), 5
    ),
    "api:law-school-report": Listing("city_officer", rows_of(School, district=qingxiu), 6),
    "api:law-vice-principal-list": Listing(
        "city_officer", rows_of(LawVicePrincipal, district=qingxiu), 6
    ),
    "api:law-session-list": Listing(
        "city_officer", rows_of(LawSession, appointment__school=school), 5
    ),
    "api:map-provider-list": Listing(
        "head_teacher",
        rows_of(StudyTourProvider, approval_status="approved", is_recommended=True),
        5,
    ),
    "api:map-resource-slots": Listing(
        "head_teacher",
        rows_of(BookingSlot, resource=lambda ctx: once(ctx, "resource", _resource)),
        5,
        kwargs=pk_of("resource", _resource),
    ),
    "api:booking-list": Listing("school_leader", rows_of(Booking, school_class=class_1), 5),
    "api:booking-participation": Listing("city_officer", rows_of(School, district=qingxiu), 6),
    "api:organisation-list": Listing("city_officer", rows_of(Organisation, district=qingxiu), 6),
    "api:volunteer-list": Listing("city_officer", rows_of(Volunteer), 7),
    "api:volunteer-hours-list": Listing(
        "city_officer", rows_of(VolunteerHours, district=qingxiu), 5
    ),
    "api:lecturer-group-list": Listing("city_officer", rows_of(LecturerGroup), 6),
    "api:lecturer-list": Listing("city_officer", rows_of(Lecturer), 5),
    "api:department-list": Listing("city_officer", rows_of(Department), 5),
    "api:alliance-list": Listing("city_officer", rows_of(Alliance, district=qingxiu), 5),
    "api:meeting-list": Listing(
        "city_officer", rows_of(JointMeeting, alliance__district=qingxiu), 7
    ),
    "api:follow-up-task-list": Listing(
        "city_officer", rows_of(FollowUpTask, meeting__alliance__district=qingxiu), 5
    ),
    "api:family-children": Listing("parent", rows_of(FamilyLink, user=me), 4),
    "api:parent-school-list": Listing("parent", rows_of(ParentSchool, school=school), 5),
    "api:class-binding-codes": Listing(
        "head_teacher",
        rows_of(BindingCode, vary=("student",), student__school_class=class_1),
        6,
        kwargs=lambda ctx: {"pk": ctx.city.class_1.pk},
    ),
    "api:lecture-list": Listing("parent", rows_of(Lecture), 5),
    "api:registration-list": Listing("parent", rows_of(Registration, user=me), 5),
    "api:my-completion-list": Listing("parent", rows_of(Completion, user=me), 4),
    "api:reading-list": Listing(
        "parent",
        rows_of(ReadingItem),
        4,
        shown=lambda response: sum(len(group["items"]) for group in response.json()),
    ),
    "api:tip-list": Listing("parent", rows_of(Tip), 5),
    "api:counselling-request-list": Listing("parent", rows_of(CounsellingRequest, requester=me), 5),
    "api:counselling-queue": Listing("counsellor", rows_of(CounsellingRequest, station=station), 6),
    "api:hotline-call-list": Listing(
        "counsellor", rows_of(HotlineCall, station=station, counsellor=me), 6
    ),
    "api:network-list": Listing("school_leader", rows_of(CareNetwork, school=school), 6),
    "api:network-member-list": Listing(
        "school_leader",
        rows_of(NetworkMember, network=network),
        5,
        kwargs=pk_of("network", _network),
    ),
    "api:network-contact-list": Listing(
        "school_leader",
        rows_of(NetworkContact, network=network),
        6,
        kwargs=pk_of("network", _network),
    ),
    "api:case-list": Listing(
        "case_worker", rows_of(Case, student=lambda ctx: ctx.city.student_1, lead=me), 6
    ),
    "api:referral-list": Listing(
        "case_worker", rows_of(Referral, case=lambda ctx: once(ctx, "case", _case)), 8
    ),
    "api:alert-list": Listing(
        "counsellor", rows_of(Alert, student=lambda ctx: ctx.city.student_1), 6
    ),
    "api:my-alerts": Listing(
        "teacher", rows_of(Alert, student=lambda ctx: ctx.city.student_2, raised_by=me), 5
    ),
    "api:report-list": Listing(
        "city_officer", rows_of(Report, district=qingxiu, requested_by=me), 5
    ),
    # The pages
    "portal:inbox": Listing("parent", rows_of(Notification, recipient=me), 6),
    "dashboard:city": Listing("city_officer", rows_of(District), 12),
    "dashboard:district": Listing(
        "city_officer",
        rows_of(School, district=qingxiu),
        13,
        kwargs=lambda ctx: {"pk": ctx.city.qingxiu.pk},
    ),
    "dashboard:reports": Listing(
        "city_officer", rows_of(Report, district=qingxiu, requested_by=me), 6
    ),
    "schools:committees": Listing(
        "city_officer", rows_of(ParentCommittee, school__district=qingxiu), 6
    ),
    "schools:law": Listing("city_officer", rows_of(School, district=qingxiu), 15),
    "community:map": Listing("parent", rows_of(EducationResource, district=qingxiu), 7),
    "community:bookings": Listing("school_leader", rows_of(Booking, school_class=class_1), 7),
    "community:partners": Listing("city_officer", rows_of(Organisation, district=qingxiu), 10),
    "community:volunteers": Listing("city_officer", rows_of(Volunteer), 8),
    "families:parent-schools": Listing("parent", rows_of(ParentSchool, school=school), 7),
    "families:lectures": Listing("parent", rows_of(Lecture), 7),
    "families:my-registrations": Listing("parent", rows_of(Registration, user=me), 6),
    "families:tips": Listing("parent", rows_of(Tip), 7),
    "families:tips-published": Listing(
        "school_leader", rows_of(Tip, audience="school", school=school, published_by=me), 7
    ),
    "families:my-counselling": Listing("parent", rows_of(CounsellingRequest, requester=me), 6),
    "families:counselling-queue": Listing(
        "counsellor", rows_of(CounsellingRequest, station=station), 7
    ),
    "programs:cases": Listing(
        "case_worker", rows_of(Case, student=lambda ctx: ctx.city.student_1, lead=me), 7
    ),
    "programs:networks": Listing("school_leader", rows_of(CareNetwork, school=school), 8),
    "programs:alerts": Listing(
        "counsellor", rows_of(Alert, student=lambda ctx: ctx.city.student_1), 7
    ),
    "programs:my-alerts": Listing(
        "teacher", rows_of(Alert, student=lambda ctx: ctx.city.student_2, raised_by=me), 7
    ),
}
LISTINGS.update(_admin_listings())


# --- Asking and counting ------------------------------------------------------


def _shown(response) -> int:
    """How many rows the response says the list holds (all pages)."""
    context = response.context
    if context is not None:
        if "cl" in context:
            return context["cl"].queryset.count()
        contexts = context if isinstance(context, list) else [context]
        for value in (value for each in contexts for value in each.flatten().values()):
            if isinstance(value, Page):
                return value.paginator.count
        raise AssertionError("no page of rows in the context")
    data = response.json()
    if isinstance(data, dict):
        if "count" in data:
            return data["count"]
        if "features" in data:
            return len(data["features"])
        raise AssertionError(f"cannot count rows in {sorted(data)}")
    return len(data)


def _persona(people, name):
    if name == "superuser":
        return UserFactory(username="root", is_staff=True, is_superuser=True)
    return getattr(people, name)


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(queries)


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_list_costs_the_same_queries_for_10_and_100_rows(name, client, city, people):
    listing = LISTINGS[name]
    user = _persona(people, listing.persona)
    ctx = Context(city=city, people=people, user=user, state={})
    log_in(client, user)
    listing.rows(ctx, 10)
    kwargs = listing.kwargs(ctx) if listing.kwargs else {}
    url = reverse(name, kwargs=kwargs) + (f"?{listing.query}" if listing.query else "")
    # The first request fills per-process caches (content types, the
    # person's scope, the session), which later requests do not query again.
    client.get(url)

    shown = listing.shown or _shown
    response, at_10 = _get(client, url)
    shown_at_10 = shown(response)
    listing.rows(ctx, 90)
    response, at_100 = _get(client, url)
    shown_at_100 = shown(response)

    assert shown_at_10 >= 10
    assert shown_at_100 - shown_at_10 == 90
    assert (at_10, at_100) == (listing.expected, listing.expected), (at_10, at_100)


# Routes that look like lists to `_is_list` but show no rows to count.
NOT_LISTS = {
    # The area page paginates the places under an area; a school has none.
    "dashboard:school",
}


def test_every_list_route_has_a_pinned_count():
    unpinned = [
        name
        for name in list_routes()
        if name not in NOT_LISTS and (name not in LISTINGS or LISTINGS[name].expected is None)
    ]
    assert unpinned == []
