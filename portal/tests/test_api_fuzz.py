"""Schemathesis fuzzes every API operation from the OpenAPI schema, as a city
officer, a head teacher and a parent, over a small city with one record of
each kind: no answer may be a server error, and every answer (errors
included) must be one the schema documents."""

import datetime
import os
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, note, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community.tests.factories import BookingFactory, EducationResourceFactory
from community.tests.factories_partners import (
    AllianceFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
    OrganisationFactory,
    VolunteerHoursFactory,
)
from families.tests.factories import FamilyLinkFactory
from families.tests.factories_attendance import (
    CompletionFactory,
    LectureFactory,
    RegistrationFactory,
)
from families.tests.factories_content import CounsellingRequestFactory
from portal import notify
from portal.models import AreaLevel, Report, ReportStatus
from portal.tests.list_rows import HomeVisitFactory, VisitedStudentFactory
from portal.wsgi import application
from programs.tests.factories import CareNetworkFactory
from programs.tests.factories_cases import (
    AlertFactory,
    CaseFactory,
    GoalFactory,
    ReferralFactory,
    ReviewFactory,
    TeamMemberFactory,
)
from schools.tests.factories import GuidanceActivityFactory, ParentCommitteeFactory

pytestmark = pytest.mark.django_db

PERSONAS = ("city_officer", "head_teacher", "parent")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Every example goes as each of the three personas. The coverage phase's
# hundreds of boundary cases per operation would triple the suite's time, so
# the suite runs examples and fuzzing (valid and invalid input); `make fuzz`
# (TONGXIN_FUZZ_DEEP=1) adds the coverage phase and five times the examples.
DEEP = os.environ.get("TONGXIN_FUZZ_DEEP") == "1"
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"deterministic": True, "with-security-parameters": False},
        "phases": {"coverage": {"enabled": DEEP, "unexpected-methods": []}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Django closes the database connection when a request ends; the test
    client stops that, and schemathesis calls the WSGI application directly."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(city, people):
    """One record behind each kind of path parameter, keyed by the path
    segment before it, in the scope of at least one persona."""
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        approved_by=people.school_leader,
    )
    TeamMemberFactory(case=case, user=people.head_teacher)
    FamilyLinkFactory(user=people.parent, student=city.student_1)
    lecture = LectureFactory()
    alliance = AllianceFactory(district=city.qingxiu, schools=[city.school])
    meeting = JointMeetingFactory(alliance=alliance, recorded_by=people.district_officer)
    visit = HomeVisitFactory(school=city.school, author=people.head_teacher)
    VisitedStudentFactory(visit=visit, student=city.student_1)
    hours = VolunteerHoursFactory(district=city.qingxiu)
    note = notify.notify(
        kind="portal.announcement", recipient=people.parent, subject_key="fuzz", title="通知"
    )
    return {
        "alerts": AlertFactory(student=city.student_1, raised_by=people.counsellor).pk,
        "alliances": alliance.pk,
        "bookings": BookingFactory(school_class=city.class_1, requested_by=people.head_teacher).pk,
        "cases": case.pk,
        "goals": GoalFactory(case=case).pk,
        "reviews": ReviewFactory(case=case).pk,
        "referrals": ReferralFactory(case=case).pk,
        "certificates": CompletionFactory(user=people.parent).certificate_number,
        "classes": city.class_1.pk,
        "counselling": CounsellingRequestFactory(requester=people.parent).pk,
        "districts": city.qingxiu.pk,
        "families": city.student_1.pk,
        "follow-up-tasks": FollowUpTaskFactory(meeting=meeting, owner=people.district_officer).pk,
        "guidance-activities": GuidanceActivityFactory(school=city.school).pk,
        "home-visits": visit.pk,
        "lectures": lecture.pk,
        "meetings": meeting.pk,
        "networks": CareNetworkFactory(school=city.school).pk,
        "notifications": note.pk,
        "organisations": OrganisationFactory(district=city.qingxiu).pk,
        "parent-committees": ParentCommitteeFactory(school=city.school).pk,
        "registrations": RegistrationFactory(lecture=lecture, user=people.parent).pk,
        "reports": Report.objects.create(
            level=AreaLevel.CITY,
            month=datetime.date(2026, 10, 1),
            status=ReportStatus.FAILED,
            requested_by=people.city_officer,
        ).pk,
        "resources": EducationResourceFactory(district=city.qingxiu).pk,
        "schools": city.school.pk,
        "students": city.student_1.pk,
        "volunteer-hours": hours.pk,
        "volunteers": hours.volunteer.pk,
    }


def point_at_known_records(case, known_ids):
    """Half the generated integer ids (the even ones) are swapped for real
    records, so that the answers with data are checked too, not only 404s."""
    for name, value in case.path_parameters.items():
        segment = re.search(rf"([\w-]+)/\{{{name}\}}", case.path).group(1)
        if isinstance(value, int) and value % 2 == 0 and segment in known_ids:
            case.path_parameters[name] = known_ids[segment]


@pytest.fixture
def tokens(people):
    # The API issues tokens only after the full login (TOTP included), so a
    # token stands for a person who has passed it.
    return {
        persona: Token.objects.create(user=getattr(people, persona)).key for persona in PERSONAS
    }


@schema.parametrize()
@settings(
    max_examples=50 if DEEP else 10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_answer_is_documented_and_none_is_a_server_error(case, tokens, known_ids):
    if case.path_parameters:
        point_at_known_records(case, known_ids)
    for persona in PERSONAS:
        note(f"as {persona}")
        # In a savepoint: what one call writes is not the next one's data.
        with transaction.atomic():
            case.call_and_validate(
                headers={"Authorization": f"Token {tokens[persona]}"}, checks=CHECKS
            )
            transaction.set_rollback(True)
