"""Referrals: the case team asks a department, an organisation or a
volunteer for a service; the receiver accepts or declines with a reason
and records the service given. Each refusal says why and saves nothing."""

import pytest
from django.http import Http404
from django.urls import reverse

from portal.audit import trail_of
from portal.models import AuditAction, Notification
from portal.tests.factories import UserFactory
from programs.models import Case, CaseTeamMember, Referral, ReferralStatus
from programs.selectors.referrals import referral_for
from programs.services import referrals
from programs.tests.factories_cases import (
    CaseFactory,
    DepartmentFactory,
    OrganisationFactory,
    ReferralFactory,
    VolunteerFactory,
    all_audit_details,
    refused,
    steps_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "祖母年迈多病，孩子无人照看晚饭。"
ASKED = "请民政协助申请临时救助，并安排社工每周入户。"


@pytest.fixture
def case(city, people):
    """An active plan for 李明 with the guardian's consent, led by the
    counsellor, with the head teacher on the team."""
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        consented=True,
        approved_by=people.school_leader,
    )
    CaseTeamMember.objects.create(case=case, user=people.head_teacher, part="teacher")
    return case


@pytest.fixture
def liaison(db):
    return UserFactory(username="civil-affairs-liaison", name="民政联络员")


@pytest.fixture
def department(liaison):
    return DepartmentFactory(name="青秀区民政局", liaisons=[liaison])


def send(case, by, **receiver):
    return referrals.send_referral(case=case, by=by, reason=REASON, asked=ASKED, **receiver)


@pytest.fixture
def referral(case, people, department):
    return send(case, people.counsellor, to_department=department)


def answered(kind):
    return Notification.objects.filter(kind=kind).order_by("recipient_id")


# --- Sending -------------------------------------------------------------------


def test_the_team_refers_the_family_and_the_liaison_is_told(referral, case, people, liaison):
    assert referral.status == ReferralStatus.SENT
    assert (referral.sent_by, referral.escalate_after_days) == (people.counsellor, 5)
    notice = Notification.objects.get(kind="programs.referral_to_me")
    assert notice.recipient == liaison
    assert notice.url == reverse("programs:referral-detail", args=[referral.pk])
    assert steps_of(referral) == ["referral_sent"]
    assert trail_of(referral).get().action == AuditAction.CREATE
    assert trail_of(case).first().detail == {"step": "referral_sent", "referral": referral.pk}
    assert REASON not in all_audit_details() and ASKED not in all_audit_details()


def test_a_team_member_may_refer_and_the_plan_now_shares_data(case, people, department):
    assert not case.shares_with_partners
    send(case, people.head_teacher, to_department=department)
    assert Case.objects.get(pk=case.pk).shares_with_partners


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"submitted": True},
        {"closed": True},
    ],
)
def test_a_referral_comes_only_from_an_active_plan(people, city, department, state):
    case = CaseFactory(student=city.student_1, lead=people.counsellor, consented=True, **state)
    refused(
        referrals.send_referral,
        "Referrals are sent from an approved, active plan.",
        case=case,
        by=people.counsellor,
        reason=REASON,
        asked=ASKED,
        to_department=department,
    )


def test_a_referral_needs_the_guardians_consent(people, city, department):
    case = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        approved_by=people.school_leader,
    )
    refused(
        referrals.send_referral,
        "A referral shares the child's data outside the school: record the guardian's "
        "consent first.",
        field="receiver",
        case=case,
        by=people.counsellor,
        reason=REASON,
        asked=ASKED,
        to_department=department,
    )


def test_a_referral_goes_to_exactly_one_receiver(case, people, department, city):
    organisation = OrganisationFactory(district=city.qingxiu)
    for receivers in ({}, {"to_department": department, "to_organisation": organisation}):
        refused(
            referrals.send_referral,
            "Refer to exactly one department, organisation or volunteer.",
            field="receiver",
            case=case,
            by=people.counsellor,
            reason=REASON,
            asked=ASKED,
            **receivers,
        )


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"reason": " "}, "Say why the family is referred.", "reason"),
        ({"asked": ""}, "Say what the receiver is asked to do.", "asked"),
        (
            {"escalate_after_days": 0},
            "Escalate after 1 to 30 days without an answer.",
            "escalate_after_days",
        ),
        (
            {"escalate_after_days": 31},
            "Escalate after 1 to 30 days without an answer.",
            "escalate_after_days",
        ),
    ],
)
def test_bad_referrals_are_refused(case, people, department, overrides, message, field):
    arguments = {
        "case": case,
        "by": people.counsellor,
        "reason": REASON,
        "asked": ASKED,
        "to_department": department,
        **overrides,
    }
    refused(referrals.send_referral, message, field=field, **arguments)


@pytest.mark.parametrize("persona", ["teacher", "other_district_officer", "partner", "stranger"])
def test_only_the_case_team_refers(case, people, department, persona):
    refused(
        referrals.send_referral,
        "Only the case team sends referrals.",
        case=case,
        by=getattr(people, persona),
        reason=REASON,
        asked=ASKED,
        to_department=department,
    )


def test_those_above_the_team_refer_too(case, people, department):
    assert (
        send(case, people.school_leader, to_department=department).sent_by == people.school_leader
    )


def test_one_open_referral_per_receiver(referral, case, people, department, liaison):
    refused(
        referrals.send_referral,
        "This case already has an open referral to the same receiver.",
        field="receiver",
        case=case,
        by=people.counsellor,
        reason=REASON,
        asked=ASKED,
        to_department=department,
    )
    referrals.decline_referral(referral=referral, by=liaison, reason="不属本局职责")
    assert send(case, people.counsellor, to_department=department).status == ReferralStatus.SENT


# --- Answering -------------------------------------------------------------------


def test_the_liaison_accepts_and_the_team_is_told(referral, case, people, liaison):
    referrals.accept_referral(referral=referral, by=liaison, note="本周安排社工")
    referral.refresh_from_db()
    assert (referral.status, referral.answered_by) == (ReferralStatus.ACCEPTED, liaison)
    assert referral.answered_at is not None and referral.answer == "本周安排社工"
    told = answered("programs.referral_answered")
    assert [n.recipient for n in told] == [people.counsellor]
    assert told.get().url == reverse("programs:referral-detail", args=[referral.pk])
    assert steps_of(referral) == ["referral_sent", "referral_accepted"]
    assert trail_of(case).first().detail == {"step": "referral_accepted", "referral": referral.pk}
    assert "本周安排社工" not in all_audit_details()


def test_the_sender_and_the_lead_are_both_told(case, people, department, liaison):
    referral = send(case, people.head_teacher, to_department=department)
    referrals.accept_referral(referral=referral, by=liaison)
    told = answered("programs.referral_answered")
    assert {n.recipient for n in told} == {people.head_teacher, people.counsellor}


def test_a_referral_is_answered_once(referral, liaison):
    referrals.accept_referral(referral=referral, by=liaison)
    refused(
        referrals.accept_referral,
        "This referral has already been answered.",
        referral=referral,
        by=liaison,
    )
    refused(
        referrals.decline_referral,
        "This referral has already been answered.",
        referral=referral,
        by=liaison,
        reason="改变主意",
    )


def test_a_receiver_outside_the_childs_district_is_refused(case, people, city):
    from community.models import Department

    elsewhere = Department.objects.create(
        name="西乡塘分局", kind="public_security", district=city.xixiangtang
    )
    volunteer = VolunteerFactory(districts=[city.xixiangtang])
    for receiver in ({"to_department": elsewhere}, {"to_volunteer": volunteer}):
        refused(
            send,
            "Refer to an active receiver that serves the child's district or the whole city.",
            field="receiver",
            case=case,
            by=people.counsellor,
            **receiver,
        )


def test_declining_needs_a_reason(referral, liaison):
    refused(
        referrals.decline_referral,
        "Say why the referral is declined.",
        field="reason",
        referral=referral,
        by=liaison,
        reason="  ",
    )
    referrals.decline_referral(referral=referral, by=liaison, reason="请联系街道办")
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == (ReferralStatus.DECLINED, "请联系街道办")
    assert steps_of(referral)[-1] == "referral_declined"
    assert "请联系街道办" not in all_audit_details()


@pytest.mark.parametrize(
    "persona", ["counsellor", "head_teacher", "school_leader", "other_liaison", "stranger"]
)
def test_only_the_receiver_answers(referral, people, persona):
    other = DepartmentFactory(liaisons=[UserFactory(username="police-liaison")])
    person = other.liaisons.get() if persona == "other_liaison" else getattr(people, persona)
    refused(
        referrals.accept_referral,
        "Only the receiver of the referral answers it.",
        referral=referral,
        by=person,
    )
    refused(
        referrals.decline_referral,
        "Only the receiver of the referral answers it.",
        referral=referral,
        by=person,
        reason="不是我的",
    )


def test_the_lead_answers_for_an_organisation_without_accounts(case, people, city):
    referral = ReferralFactory(
        case=case, to_organisation=OrganisationFactory(district=city.qingxiu)
    )
    refused(
        referrals.accept_referral,
        "Only the receiver of the referral answers it.",
        referral=referral,
        by=people.head_teacher,
    )
    referrals.accept_referral(referral=referral, by=people.counsellor, note="电话确认已接收")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_a_volunteer_with_an_account_answers_their_referral(case, people):
    volunteer = VolunteerFactory(
        account=UserFactory(username="volunteer-li", name="李志愿者"), districts=[case.district]
    )
    referral = send(case, people.counsellor, to_volunteer=volunteer)
    assert Notification.objects.get(kind="programs.referral_to_me").recipient == volunteer.account
    refused(
        referrals.accept_referral,
        "Only the receiver of the referral answers it.",
        referral=referral,
        by=people.counsellor,
    )
    referrals.accept_referral(referral=referral, by=volunteer.account)


# --- Closing the loop ------------------------------------------------------------


def test_the_receiver_records_the_service_and_closes_the_loop(referral, case, people, liaison):
    referrals.accept_referral(referral=referral, by=liaison)
    referrals.record_service(referral=referral, by=liaison, service_given="已发放临时救助金")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.service_given == "已发放临时救助金" and referral.closed_at is not None
    assert steps_of(referral) == ["referral_sent", "referral_accepted", "referral_closed"]
    assert trail_of(case).first().detail == {"step": "referral_closed", "referral": referral.pk}
    told = answered("programs.referral_answered").filter(subject_key__endswith="referral_closed")
    assert [n.recipient for n in told] == [people.counsellor]
    assert "临时救助金" not in all_audit_details()


def test_service_is_recorded_only_on_an_accepted_referral(referral, liaison):
    refused(
        referrals.record_service,
        "Only an accepted referral can be closed with the service given.",
        referral=referral,
        by=liaison,
        service_given="提前记录",
    )
    referrals.decline_referral(referral=referral, by=liaison, reason="不属本局职责")
    refused(
        referrals.record_service,
        "Only an accepted referral can be closed with the service given.",
        referral=referral,
        by=liaison,
        service_given="已拒绝仍记录",
    )


def test_recording_service_needs_what_was_done_and_the_receiver(referral, people, liaison):
    referrals.accept_referral(referral=referral, by=liaison)
    refused(
        referrals.record_service,
        "Say what service was given.",
        field="service_given",
        referral=referral,
        by=liaison,
        service_given=" ",
    )
    refused(
        referrals.record_service,
        "Only the receiver of the referral records the service given.",
        referral=referral,
        by=people.counsellor,
        service_given="代为记录",
    )


def test_a_closed_referral_is_not_answered_again(referral, liaison):
    referrals.accept_referral(referral=referral, by=liaison)
    referrals.record_service(referral=referral, by=liaison, service_given="已入户")
    refused(
        referrals.record_service,
        "Only an accepted referral can be closed with the service given.",
        referral=referral,
        by=liaison,
        service_given="再记一次",
    )
    refused(
        referrals.decline_referral,
        "This referral has already been answered.",
        referral=referral,
        by=liaison,
        reason="事后拒绝",
    )


def test_reading_a_referral_is_audited_and_outsiders_get_404(referral, people, liaison):
    assert referral_for(liaison, referral.pk) == referral
    read = trail_of(referral).filter(action=AuditAction.VIEW).get()
    assert read.user == liaison
    for person in (people.teacher, people.partner, people.other_district_officer):
        with pytest.raises(Http404):
            referral_for(person, referral.pk)
    assert trail_of(referral).filter(action=AuditAction.VIEW).count() == 1
