"""The wall around care cases, before any page exists: only the case team and
the roles above it in scope read a case; nobody else, whatever their role."""

import pytest

from portal import access
from portal.models import Role
from portal.tests.factories import UserFactory, assign
from programs.models import Alert, Case, CaseTeamMember, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(city, people):
    case = Case.objects.create(
        kind="plan",
        student=city.student_1,
        school=city.school,
        district=city.qingxiu,
        categories=["left_behind", "psychological_risk"],
        risk_level="high",
        lead=people.counsellor,
        summary="父母外出务工，近期情绪低落。",
    )
    CaseTeamMember.objects.create(case=case, user=people.head_teacher, part="teacher")
    return case


def sees(person, model, row) -> bool:
    return access.visible(person, model).filter(pk=row.pk).exists()


def test_the_team_and_the_roles_above_it_read_the_case(case, people):
    for persona in (people.counsellor, people.head_teacher, people.school_leader):
        assert sees(persona, Case, case)
    assert sees(people.district_officer, Case, case)


def test_everyone_else_gets_nothing(case, people, city):
    colleague = UserFactory(username="same-school-counsellor")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    outsiders = (
        people.teacher,  # same school, not on the team
        colleague,  # a counsellor of the same school, not on the team
        people.other_district_officer,
        people.city_officer,
        people.case_worker,
        people.partner,
        people.parent,
        people.stranger,
    )
    for persona in outsiders:
        assert not sees(persona, Case, case), persona.username
        assert not access.visible(persona, CaseTeamMember).filter(case=case).exists()


def test_a_teacher_who_raised_an_alert_sees_the_alert_not_the_case(case, people, city):
    alert = Alert.objects.create(
        student=city.student_2,
        school=city.school,
        district=city.qingxiu,
        level="early_warning",
        source="home_visit",
        source_id="visit:1",
        raised_by=people.teacher,
        case=case,
    )
    assert sees(people.teacher, Alert, alert)
    assert not sees(people.teacher, Case, case)
    assert not sees(people.other_school_teacher, Alert, alert)


def test_a_referral_receiver_reads_the_referral_only(case, people, city):
    from community.models import Department

    liaison = UserFactory(username="police-liaison")
    department = Department.objects.create(name="青秀分局", kind="public_security")
    department.liaisons.add(liaison)
    referral = Referral.objects.create(
        case=case,
        to_department=department,
        reason="家庭监护缺失",
        asked="协助走访核实监护情况",
        sent_by=people.counsellor,
    )
    assert sees(liaison, Referral, referral)
    assert not sees(liaison, Case, case)


def test_categories_never_reach_the_roster_pages_or_api(client, case, people, city):
    """The child is on the roster, the API and the teacher's list as any
    child is; nothing there says the child has a case or why."""
    from django.urls import reverse

    from portal.tests.helpers import log_in
    from programs.models import CaseCategory

    labels = [str(CaseCategory(value).label) for value in case.categories]
    pages = [
        reverse("api:student-list"),
        reverse("api:student-detail", args=[city.student_1.pk]),
        reverse("schools:my-students"),
        reverse("admin:schools_student_changelist"),
        reverse("admin:schools_student_change", args=[city.student_1.pk]),
    ]
    read = 0
    for persona in (people.head_teacher, people.school_leader, people.district_officer):
        log_in(client, persona)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            read += 1
            text = response.content.decode()
            assert not any(label in text for label in labels), (persona.username, url)
            assert "left_behind" not in text and "psychological_risk" not in text
    assert read >= 10  # the check read real pages, not only refusals
