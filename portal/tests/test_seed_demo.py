import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal import sms
from portal.accounts.services import requires_two_factor
from portal.demo.builder import COUNTED_MODELS
from portal.demo.plan import plan_city
from portal.models import Role, RoleAssignment, User
from portal.phones import MOBILE_PATTERN
from schools.models import (
    District,
    Guardian,
    Guardianship,
    Relation,
    School,
    SchoolArea,
    SchoolClass,
    SchoolStage,
    Student,
    Village,
)

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> dict[str, tuple[str, str]]:
    """role value -> (login, password), read from the table the command prints."""
    logins = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]
        if len(cells) != 4:
            continue
        role = re.search(r"\((\w+)\)$", cells[0])
        login = re.match(r"(?:username|phone) (\S+)", cells[1])
        if role and login:
            logins[role.group(1)] = (login.group(1), cells[2])
    return logins


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The city seeded once for this module (a seed takes seconds); each test
    still runs in its own transaction on top of it, and the rows go at the end."""
    with django_db_blocker.unblock():
        output = seed()
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_seed_builds_a_city_of_districts_schools_and_rosters(seeded):
    assert District.objects.count() >= 3
    assert Village.objects.filter(kind=Village.Kind.VILLAGE).exists()
    assert Village.objects.filter(kind=Village.Kind.COMMUNITY).exists()
    assert School.objects.count() >= 20
    assert set(School.objects.values_list("area", flat=True)) == set(SchoolArea.values)
    stages = set(School.objects.values_list("stage", flat=True))
    assert {
        SchoolStage.KINDERGARTEN,
        SchoolStage.PRIMARY,
        SchoolStage.JUNIOR,
        SchoolStage.SENIOR,
        SchoolStage.NINE_YEAR,
    } <= stages
    for school in School.objects.all():
        grades = set(school.classes.values_list("grade", flat=True))
        assert grades == set(school.grades), school.name
    assert not SchoolClass.objects.filter(students__isnull=True).exists()
    assert not Student.objects.filter(guardianships__isnull=True).exists()


def test_seeded_guardians_look_like_a_real_roster(seeded):
    phones = Guardian.objects.values_list("phone", flat=True)
    assert all(MOBILE_PATTERN.match(phone) for phone in phones)
    relations = set(Guardianship.objects.values_list("relation", flat=True))
    assert {Relation.FATHER, Relation.MOTHER, Relation.GRANDMOTHER, Relation.OTHER} <= relations
    assert Guardianship.objects.filter(lives_with_child=False).exists()
    # Siblings: some guardians are on the roster for more than one child.
    shared = Guardian.objects.filter(guardianships__isnull=False).distinct()
    assert any(guardian.guardianships.count() > 1 for guardian in shared[:2000])


def test_every_role_has_staff_at_its_place_in_the_tree(seeded):
    classes = SchoolClass.objects.count()
    head_teachers = RoleAssignment.objects.filter(role=Role.HEAD_TEACHER)
    assert head_teachers.count() == classes
    assert RoleAssignment.objects.filter(role=Role.SCHOOL_LEADER).count() == School.objects.count()
    assert (
        RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER)
        .values("district")
        .distinct()
        .count()
        == District.objects.count()
    )
    for role in Role:
        assert RoleAssignment.objects.filter(role=role).exists(), role
    # Parents with accounts are guardians on the roster, found by their phone.
    parents = User.objects.filter(role_assignments__role=Role.PARENT)
    assert parents.count() > 10
    assert all(Guardian.objects.filter(phone=parent.phone).exists() for parent in parents)


def test_every_printed_login_logs_in_with_the_printed_password(seeded, client):
    logins = printed_logins(seeded)

    assert set(logins) == set(Role.values)
    for role, (login, password) in logins.items():
        client.logout()
        response = client.post(reverse("account_login"), {"login": login, "password": password})
        assert response.status_code == 302, (role, login)
        user = User.objects.get(pk=client.session["_auth_user_id"])
        assert Role(role) in {Role(a.role) for a in user.role_assignments.all()}
        assert requires_two_factor(user) == Role(role).sees_case_data
        if Role(role).sees_case_data:
            response = client.get(reverse("portal:inbox"))
            assert reverse("mfa_activate_totp") in response["Location"]


def test_the_demo_parent_logs_in_with_an_sms_code(seeded, client):
    login, _password = printed_logins(seeded)[Role.PARENT]

    response = client.post(reverse("account_request_login_code"), {"phone": login})
    assert response.status_code == 302
    code = re.search(r"(?<![A-Z0-9])([A-Z0-9]{6})(?![A-Z0-9])", sms.outbox[-1].text).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})

    assert User.objects.get(pk=client.session["_auth_user_id"]).phone == login


def test_running_the_seed_twice_adds_nothing(seeded):
    first = counts()

    output = seed()

    assert counts() == first
    assert "nothing new was added" in output


def test_the_plan_is_the_same_on_every_run():
    first, second = plan_city(), plan_city()

    assert [(s.class_key, s.student_number, s.name) for s in first.students] == [
        (s.class_key, s.student_number, s.name) for s in second.students
    ]
    assert [p.username for p in first.staff] == [p.username for p in second.staff]


def test_reseeding_leaves_an_edited_guardian_alone(seeded):
    guardianship = Guardianship.objects.select_related("guardian").first()
    guardian = guardianship.guardian
    guardian.name = "改过的名字"
    guardian.save()
    before = counts()

    seed()

    assert counts() == before
    guardian.refresh_from_db()
    assert guardian.name == "改过的名字"


def test_seed_brings_a_semester_of_school_life(seeded):
    from schools.models import (
        CommitteeDecision,
        GuidanceActivity,
        LawAppointment,
        Student,
        VisitedStudent,
    )
    from schools.services.semesters import current_semester

    semester = current_semester()
    assert not Student.objects.filter(mentor__isnull=True).exists()
    visited = VisitedStudent.objects.filter(semester=semester).values("student").distinct().count()
    assert 0 < visited < Student.objects.count()
    assert GuidanceActivity.objects.filter(semester=semester).exists()
    assert CommitteeDecision.objects.filter(kind="fee", amount_yuan__gt=0).exists()
    schools_with_one = LawAppointment.objects.values("school").distinct().count()
    assert 0 < schools_with_one < School.objects.count()


def test_seed_brings_community_and_family_life(seeded):
    from django.conf import settings
    from django.db.models import Sum

    from community.models import Booking, BookingSlot, EducationResource
    from families.models import CounsellingStation, FamilyLink, Lecture

    south, west, north, east = settings.CITY_BOUNDS
    approved = EducationResource.objects.filter(approval_status="approved")
    assert approved.count() >= 10
    assert all(south <= r.latitude <= north and west <= r.longitude <= east for r in approved)
    base = approved.filter(open_for_bookings=True, managers__username="demo.partner").first()
    assert base is not None and base.slots.exists() and base.courses.exists()
    for slot in BookingSlot.objects.filter(booked_students__gt=0):
        holding = slot.bookings.filter(status__in=["requested", "confirmed"])
        assert holding.aggregate(n=Sum("students"))["n"] == slot.booked_students
    assert Booking.objects.filter(requested_by__username="demo.headteacher").count() == 2

    full = [lecture for lecture in Lecture.objects.all() if lecture.seats_left == 0]
    assert full and full[0].registrations.filter(status="waiting").exists()
    for lecture in Lecture.objects.all():
        confirmed = lecture.registrations.filter(status="confirmed").aggregate(n=Sum("seats"))
        assert (confirmed["n"] or 0) == lecture.seats_taken
    links = FamilyLink.objects.filter(user__username="demo.parent")
    assert links.count() == 2
    assert set(links.values_list("guardian__phone", flat=True)) == {"13907790326"}
    assert CounsellingStation.objects.filter(
        district__isnull=True, lead__username="demo.counsellor"
    ).exists()

    before = counts()
    assert "nothing new was added" in seed()
    assert counts() == before


def test_seed_brings_care_programs(seeded):
    from portal.models import Delivery, Notification
    from programs.models import (
        Alert,
        AlertLevel,
        CareNetwork,
        Case,
        CaseCategory,
        CaseKind,
        CaseStatus,
        NetworkContact,
        Referral,
        ReferralStatus,
        Review,
    )
    from programs.selectors.networks import cadre_candidates, head_candidates

    networks = CareNetwork.objects.all()
    assert set(networks.values_list("district", flat=True)) == set(
        District.objects.values_list("pk", flat=True)
    )
    for network in networks:
        assert 5 <= network.members.count() <= 15, network.name
        assert head_candidates(network.school_id).filter(pk=network.head_id).exists()
        assert cadre_candidates(network.district_id).filter(pk=network.cadre_id).exists()
    assert networks.filter(cadre__username="demo.partner").exists()
    contacted = set(NetworkContact.objects.values_list("network", "student"))
    members = {(m.network_id, m.student_id) for n in networks for m in n.members.all()}
    assert contacted and contacted < members  # some children never contacted: overdue

    demo_cases = Case.objects.filter(lead__username="demo.counsellor")
    assert set(demo_cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert demo_cases.filter(kind=CaseKind.FAMILY_SUPPORT, status=CaseStatus.ACTIVE).exists()
    assert Notification.objects.filter(
        recipient__username="demo.leader", kind="programs.plan_to_approve"
    ).exists()
    assert {c for row in Case.objects.values_list("categories", flat=True) for c in row} == set(
        CaseCategory.values
    )
    active = Case.objects.filter(status=CaseStatus.ACTIVE)
    assert Review.objects.filter(case__in=active, done_on__isnull=False).exists()
    assert all(case.outcome for case in Case.objects.filter(status=CaseStatus.CLOSED))

    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.CLOSED} <= statuses
    assert all(r.to_department.liaisons.exists() for r in Referral.objects.all())
    assert Referral.objects.filter(
        to_department__liaisons__username="demo.liaison", status=ReferralStatus.SENT
    ).exists()

    assert set(Alert.objects.values_list("level", flat=True)) == set(AlertLevel.values)
    crisis = Alert.objects.get(level=AlertLevel.CRISIS)
    assert crisis.case.status == CaseStatus.SUBMITTED
    # The seeded history's notices are in the inboxes, but none is sent.
    assert not Delivery.objects.filter(notification__kind__startswith="programs.").exists()
