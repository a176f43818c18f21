import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import (
    Alliance,
    ApprovalRecord,
    Booking,
    BookingSlot,
    Department,
    EducationResource,
    FollowUpTask,
    JointMeeting,
    Lecturer,
    MeetingAttendee,
    Organisation,
    ResourceCourse,
    StudyTourProvider,
    Volunteer,
    VolunteerHours,
)
from families.models import (
    Completion,
    CounsellingRequest,
    CounsellingStation,
    Course,
    FamilyLink,
    HotlineCall,
    Lecture,
    ParentSchool,
    Registration,
)
from portal.access import visible
from portal.models import Role, RoleAssignment, User
from portal.tests.helpers import log_in
from programs.models import Alert, AlertStep, CareNetwork, Case, NetworkContact, NetworkMember
from programs.models.cases import CaseTeamMember, FollowUp, Goal, Referral, Review
from schools.models import (
    CommitteeMember,
    District,
    Guardian,
    Guardianship,
    GuidanceActivity,
    HomeVisit,
    LawAppointment,
    LawSession,
    LawVicePrincipal,
    ParentCommittee,
    School,
    SchoolClass,
    Student,
    Town,
    Village,
    VisitedStudent,
)
from schools.tests.factories import DistrictFactory

# COPY runs on the connection outside the test's transaction wrapper.
pytestmark = pytest.mark.django_db(transaction=True)

TINY = "0.0005"


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_city", "--scale", TINY, *args, stdout=out)
    return out.getvalue()


def test_loads_a_consistent_city_the_portal_can_use():
    output = seed()

    # Every table, in Nanning's proportions.
    schools = School.objects.count()
    students = Student.objects.count()
    assert District.objects.count() == 12
    assert Town.objects.exists() and Village.objects.exists()
    assert 12 <= schools <= 24
    assert SchoolClass.objects.count() >= schools
    assert 1.5 <= Guardian.objects.count() / students <= 1.9
    assert Guardianship.objects.count() == Guardian.objects.count()
    assert 0.4 <= HomeVisit.objects.count() / students / 2 <= 0.8
    assert VisitedStudent.objects.count() == HomeVisit.objects.count()
    # City, districts, schools, every village or community, two online schools.
    assert ParentSchool.objects.count() == 1 + 12 + schools + Village.objects.count() + 2
    assert Lecture.objects.exists() and Registration.objects.exists()
    assert CareNetwork.objects.exists() and NetworkMember.objects.exists()
    assert Case.objects.count() >= schools
    assert FamilyLink.objects.exists()
    assert not Student.objects.filter(mentor__isnull=True).exists()
    assert "schools_student" in output and "rows/s" in output and "total" in output

    # Rows agree with each other where the schema repeats a value.
    assert not VisitedStudent.objects.exclude(school=F("student__school")).exists()
    assert not VisitedStudent.objects.exclude(semester=F("visit__semester")).exists()
    assert not Student.objects.exclude(school=F("school_class__school")).exists()
    assert not Student.objects.exclude(mentor__role_assignments__school=F("school")).exists()
    assert not HomeVisit.objects.exclude(author__role_assignments__school=F("school")).exists()
    assert not FamilyLink.objects.exclude(guardian__guardianships__student=F("student")).exists()
    assert not FamilyLink.objects.exclude(user__phone=F("guardian__phone")).exists()
    seats = Lecture.objects.annotate(n=Sum("registrations__seats"))
    assert not seats.exclude(n=F("seats_taken")).exists()

    # The foreign keys dropped for the load are back.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = 'schools_visitedstudent'::regclass"
        )
        assert cursor.fetchone()[0] == 4

    # Sequences were moved past the copied ids.
    district = DistrictFactory()
    user = User.objects.create_user(username="after-the-city", password="x")
    guardian = Guardian.objects.create(name="新家长", phone="13900000000")
    assert district.pk > District.objects.exclude(pk=district.pk).latest("pk").pk
    assert user.pk > User.objects.exclude(pk=user.pk).latest("pk").pk
    assert guardian.pk > Guardian.objects.exclude(pk=guardian.pk).latest("pk").pk

    # A generated head teacher signs in and sees their class.
    assignment = RoleAssignment.objects.filter(role=Role.HEAD_TEACHER).first()
    teacher = assignment.user
    client = Client()
    assert teacher.is_staff
    assert client.login(username=teacher.username, password="tongxin-city")
    seen = set(visible(teacher, Student).values_list("pk", flat=True))
    own_class = set(
        Student.objects.filter(school_class=assignment.school_class).values_list("pk", flat=True)
    )
    mentees = set(teacher.mentees.values_list("pk", flat=True))
    assert own_class and own_class <= seen <= own_class | mentees


def get_ok(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def test_fills_school_life_consistently():
    seed()
    schools = School.objects.count()

    # One school committee a school and one a class, 5–9 and 3–5 members,
    # every member a guardian of a child of the school (of the class).
    assert ParentCommittee.objects.filter(level="school").count() == schools
    assert ParentCommittee.objects.filter(level="class").count() == SchoolClass.objects.count()
    sizes = ParentCommittee.objects.annotate(n=Count("members"))
    assert not sizes.filter(level="school").exclude(n__range=(5, 9)).exists()
    assert not sizes.filter(level="class").exclude(n__range=(1, 5)).exists()
    assert not ParentCommittee.objects.exclude(district=F("school__district")).exists()
    members = CommitteeMember.objects
    assert not members.exclude(
        guardian__guardianships__student__school=F("committee__school")
    ).exists()
    assert (
        not members.filter(committee__level="class")
        .exclude(guardian__guardianships__student__school_class=F("committee__school_class"))
        .exists()
    )
    assert members.filter(role="chair").count() == ParentCommittee.objects.count()

    # Nine schools in ten have a vice principal, with ≥ 4 class hours a year.
    appointments = LawAppointment.objects
    assert appointments.count() == LawVicePrincipal.objects.count()
    assert 0.85 * schools <= appointments.count() <= schools
    assert not appointments.exclude(district=F("school__district")).exists()
    assert not appointments.exclude(vice_principal__district=F("district")).exists()
    assert not LawSession.objects.exclude(school=F("appointment__school")).exists()
    assert not LawSession.objects.exclude(district=F("school__district")).exists()
    hours = appointments.annotate(h=Sum("sessions__class_hours"))
    assert not hours.filter(h__lt=Decimal("4")).exists()

    # Three to six guidance activities a school a semester, by its leader.
    per_semester = GuidanceActivity.objects.values("school", "semester").annotate(n=Count("pk"))
    assert len(per_semester) == schools * 2
    assert all(3 <= row["n"] <= 6 for row in per_semester)
    activities = GuidanceActivity.objects
    assert not activities.exclude(district=F("school__district")).exists()
    assert not activities.exclude(recorded_by__role_assignments__school=F("school")).exists()
    assert not activities.filter(attendance__gt=F("invited")).exists()

    leader = RoleAssignment.objects.filter(role=Role.SCHOOL_LEADER).first()
    client = log_in(Client(), leader.user)
    committee = ParentCommittee.objects.filter(school=leader.school, level="school").get()
    get_ok(client, reverse("schools:activities-school", args=[leader.school_id]))
    get_ok(client, reverse("schools:committees"))
    get_ok(client, reverse("schools:committee-detail", args=[committee.pk]))
    get_ok(client, reverse("schools:law"))
    officer = RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER).first()
    client = log_in(Client(), officer.user)
    get_ok(client, reverse("schools:activities-district", args=[officer.district_id]))
    get_ok(client, reverse("schools:law"))


def test_fills_the_community_consistently():
    seed()
    resources = EducationResource.objects
    schools = School.objects.count()

    # About three places a school, inside the city; a third open for bookings.
    assert resources.count() >= 2 * schools
    south, west, north, east = settings.CITY_BOUNDS
    assert not resources.exclude(
        latitude__range=(south, north), longitude__range=(west, east)
    ).exists()
    assert not resources.exclude(town__district=F("district")).exists()
    bookable = resources.filter(open_for_bookings=True)
    assert abs(bookable.count() - resources.count() / 3) <= 1
    assert not bookable.exclude(approval_status="approved").exists()
    assert not bookable.filter(managers__isnull=True).exists()
    assert not bookable.exclude(managers__role_assignments__village__town=F("town")).exists()
    assert ApprovalRecord.objects.filter(resource__isnull=False).count() == resources.count()
    assert StudyTourProvider.objects.exists()
    assert ResourceCourse.objects.count() == 3 * bookable.count()

    # Bookings: a class of a school in the base's district, within capacity.
    bookings = Booking.objects
    assert bookings.exists()
    assert not bookings.exclude(school_class__school=F("school")).exists()
    assert not bookings.exclude(district=F("school__district")).exists()
    assert not bookings.exclude(slot__resource__district=F("district")).exists()
    assert not bookings.exclude(course__resource=F("slot__resource")).exists()
    assert not bookings.exclude(requested_by__role_assignments__school=F("school")).exists()
    assert (
        not bookings.filter(decided_by__isnull=False)
        .exclude(decided_by__managed_resources=F("slot__resource"))
        .exists()
    )
    assert not bookings.exclude(semester__starts_on__lte=F("slot__date")).exists()
    holding = Q(bookings__status__in=["requested", "confirmed"])
    slots = BookingSlot.objects.annotate(held=Sum("bookings__students", filter=holding))
    assert not slots.filter(held__isnull=True).exclude(booked_students=0).exists()
    assert not slots.filter(held__isnull=False).exclude(booked_students=F("held")).exists()

    # Partners, lecturers and alliances.
    assert Organisation.objects.exists() and Lecturer.objects.exists()
    assert VolunteerHours.objects.count() == 5 * Volunteer.objects.count()
    assert not VolunteerHours.objects.exclude(district__in=F("volunteer__districts")).exists()
    assert Department.objects.filter(district__isnull=True).exists()
    assert not Department.objects.filter(liaisons__isnull=True).exists()
    district_alliances = Alliance.objects.filter(district__isnull=False)
    assert district_alliances.count() == 24
    assert (
        not Alliance.objects.exclude(departments__district=F("district"))
        .filter(district__isnull=False)
        .exists()
    )
    memberships = Alliance.schools.through.objects
    assert memberships.count() == 2 * schools
    assert not memberships.exclude(school__district=F("alliance__district")).exists()
    assert JointMeeting.objects.count() == 4 * Alliance.objects.count()
    assert not MeetingAttendee.objects.filter(department__isnull=True, school__isnull=True).exists()
    assert FollowUpTask.objects.filter(status="done").exists()
    assert FollowUpTask.objects.filter(status="open").exists()

    booking = bookings.select_related("slot__resource").first()
    head = booking.requested_by
    client = log_in(Client(), head)
    get_ok(client, reverse("community:bookings"))
    get_ok(client, reverse("community:booking-detail", args=[booking.pk]))
    get_ok(client, reverse("community:map"))
    get_ok(client, reverse("community:resources-geojson"))
    get_ok(client, reverse("community:resource-detail", args=[booking.slot.resource_id]))
    manager = booking.slot.resource.managers.first()
    client = log_in(Client(), manager)
    get_ok(client, reverse("community:bookings"))
    get_ok(client, reverse("community:base-slots", args=[booking.slot.resource_id]))
    officer = RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER).first()
    client = log_in(Client(), officer.user)
    alliance = district_alliances.filter(district=officer.district).first()
    get_ok(client, reverse("community:partners"))
    get_ok(client, reverse("community:volunteers"))
    get_ok(client, reverse("community:alliances"))
    get_ok(client, reverse("community:alliance-detail", args=[alliance.pk]))
    get_ok(client, reverse("community:my-tasks"))


def test_fills_families_and_care_consistently():
    seed()

    # Village and community parent schools serve a village of their district.
    local = ParentSchool.objects.filter(level__in=["village", "community"])
    assert local.count() == Village.objects.count()
    assert not local.exclude(village__district=F("district")).exists()

    # Lectures name a course of their parent school and a speaker of the district.
    lectures = Lecture.objects.filter(course__isnull=False)
    assert Course.objects.count() == School.objects.count()
    assert not lectures.exclude(course__parent_school=F("parent_school")).exists()
    assert not Lecture.objects.filter(speaker__isnull=True).exists()
    assert not Lecture.objects.exclude(
        speaker__group__district=F("parent_school__district")
    ).exists()
    assert Lecture.objects.exclude(replay_url="").exists()
    checked_in = Registration.objects.filter(checked_in_at__isnull=False)
    assert checked_in.exists()
    # Only lectures already held have check-ins, taken before the lecture ends.
    assert not checked_in.filter(lecture__starts_at__gt=timezone.now()).exists()
    assert not checked_in.filter(checked_in_at__gt=F("lecture__ends_at")).exists()
    assert not checked_in.exclude(
        checked_in_by__role_assignments__school=F("lecture__parent_school__school")
    ).exists()
    assert Completion.objects.exists()
    for completion in Completion.objects.all()[:20]:
        attended = checked_in.filter(user=completion.user, lecture__course=completion.course)
        assert attended.count() >= completion.course.lectures_to_complete

    # Counselling: about one family in a hundred, at their district's station.
    requests = CounsellingRequest.objects
    assert requests.exists() and HotlineCall.objects.exists()
    assert CounsellingStation.objects.count() == 12
    assert (
        not requests.filter(student__isnull=False)
        .exclude(requester__family_links__student=F("student"))
        .exists()
    )
    assert (
        not requests.filter(station__district__isnull=False)
        .exclude(station__district=F("requester__family_links__student__district"))
        .exists()
    )
    assert (
        not requests.filter(counsellor__isnull=False)
        .exclude(Q(station__counsellors=F("counsellor")) | Q(station__lead=F("counsellor")))
        .exists()
    )
    assert not HotlineCall.objects.exclude(station__counsellors=F("counsellor")).exists()
    assert RoleAssignment.objects.filter(role=Role.COUNSELLOR).count() == (
        CounsellingStation.counsellors.through.objects.count()
    )

    # Cases: a team with the lead, goals, follow-ups, reviews, referrals.
    cases = Case.objects
    assert cases.filter(kind="family").exists() or cases.count() < 10
    assert not cases.exclude(team__user=F("lead")).exists()
    assert Goal.objects.count() == 2 * cases.count()
    assert FollowUp.objects.exists() and Review.objects.filter(done_on__isnull=False).exists()
    assert (
        not CaseTeamMember.objects.filter(part="teacher")
        .exclude(user__role_assignments__school=F("case__school"))
        .exists()
    )
    referrals = Referral.objects
    assert referrals.count() == cases.filter(shares_with_partners=True).count()
    assert not referrals.exclude(to_department__district=F("case__district")).exists()
    assert not referrals.exclude(
        case__consent_guardian__guardianships__student=F("case__student")
    ).exists()
    assert (
        not referrals.filter(answered_by__isnull=False)
        .exclude(to_department__liaisons=F("answered_by"))
        .exists()
    )

    # Network members are contacted by the network's head or cadre; alerts
    # of children at psychological risk led to their plans.
    contacts = NetworkContact.objects
    assert contacts.exists()
    assert not contacts.exclude(network__members__student=F("student")).exists()
    assert not contacts.exclude(Q(by=F("network__head")) | Q(by=F("network__cadre"))).exists()
    alerts = Alert.objects
    assert alerts.count() == cases.filter(categories__contains=["psychological_risk"]).count()
    assert not alerts.exclude(case__student=F("student")).exists()
    assert not alerts.exclude(school=F("student__school")).exists()
    assert not AlertStep.objects.filter(at__lt=F("alert__raised_at")).exists()

    # The pages render for the people the rows belong to.
    request = requests.filter(counsellor__isnull=False).first()
    client = log_in(Client(), request.counsellor)
    get_ok(client, reverse("families:counselling-queue"))
    get_ok(client, reverse("families:counselling-detail", args=[request.pk]))
    get_ok(client, reverse("families:hotline-hours"))
    client = log_in(Client(), request.requester)
    get_ok(client, reverse("families:my-counselling"))
    get_ok(client, reverse("families:my-registrations"))
    get_ok(client, reverse("families:lectures"))
    get_ok(client, reverse("families:parent-schools"))
    parent = Completion.objects.first().user
    get_ok(log_in(Client(), parent), reverse("families:my-completions"))
    case = cases.filter(referrals__isnull=False).first() or cases.first()
    client = log_in(Client(), User.objects.get(pk=case.lead_id))
    get_ok(client, reverse("programs:cases"))
    get_ok(client, reverse("programs:case-detail", args=[case.pk]))
    leader = RoleAssignment.objects.get(role=Role.SCHOOL_LEADER, school=case.school).user
    client = log_in(Client(), leader)
    get_ok(client, reverse("programs:case-detail", args=[case.pk]))
    get_ok(client, reverse("programs:referrals"))
    get_ok(client, reverse("programs:alerts"))
    alert = alerts.filter(school=case.school).first()
    if alert is not None:
        get_ok(client, reverse("programs:alert-detail", args=[alert.pk]))
    network = CareNetwork.objects.first()
    client = log_in(Client(), network.head)
    get_ok(client, reverse("programs:networks"))
    get_ok(client, reverse("programs:network-detail", args=[network.pk]))
    referral = referrals.filter(answered_by__isnull=False).first()
    if referral is not None:
        client = log_in(Client(), referral.answered_by)
        get_ok(client, reverse("programs:referrals"))
        get_ok(client, reverse("programs:referral-detail", args=[referral.pk]))


def test_refuses_a_database_that_holds_schools_unless_wiped():
    seed()
    schools = School.objects.count()
    names = list(Student.objects.order_by("pk").values_list("name", flat=True))
    with pytest.raises(CommandError, match="already holds"):
        seed()
    assert School.objects.count() == schools

    seed("--wipe")
    # The same seed gives the same city.
    assert list(Student.objects.order_by("pk").values_list("name", flat=True)) == names
