import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F, Sum
from django.test import Client

from families.models import FamilyLink, Lecture, ParentSchool, Registration
from portal.access import visible
from portal.models import Role, RoleAssignment, User
from programs.models import CareNetwork, Case, NetworkMember
from schools.models import (
    District,
    Guardian,
    Guardianship,
    HomeVisit,
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
    assert ParentSchool.objects.count() == schools + 12 + 1
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
