import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.tests.helpers import log_in
from schools.models import (
    CommitteeDecision,
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    DecisionKind,
    ParentCommittee,
)
from schools.services import committees as services
from schools.services.committees import DecisionInput
from schools.services.errors import SchoolsError
from schools.tests.factories import GuardianshipFactory, ParentCommitteeFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
START = datetime.date(2025, 9, 10)
END = datetime.date(2027, 8, 31)


def guardian_of(student, **kwargs):
    return GuardianshipFactory(student=student, **kwargs).guardian


@pytest.fixture
def committee(city):
    return ParentCommitteeFactory(school=city.school, established_on=START)


def seat(committee, guardian, role=CommitteeRole.MEMBER, by=None, **kwargs):
    values = {"term_starts_on": START, "term_ends_on": END}
    values.update(kwargs)
    return services.add_committee_member(
        committee=committee, guardian=guardian, role=role, by=by, **values
    )


@pytest.fixture
def four_members(committee, city, people):
    return [
        seat(committee, guardian_of(city.student_1), CommitteeRole.CHAIR, people.school_leader),
        seat(committee, guardian_of(city.student_2), by=people.school_leader),
        seat(
            committee,
            guardian_of(StudentFactory(school_class=city.class_1)),
            by=people.school_leader,
        ),
        seat(
            committee,
            guardian_of(StudentFactory(school_class=city.class_2)),
            by=people.school_leader,
        ),
    ]


def fee(amount="120.00", votes_for=2):
    return DecisionInput(
        kind=DecisionKind.FEE,
        text="春季研学活动费用",
        amount_yuan=Decimal(amount) if amount is not None else None,
        votes_for=votes_for,
    )


def meet(committee, by, attendees=2, held_on=TODAY, decisions=()):
    return services.record_committee_meeting(
        committee=committee,
        held_on=held_on,
        attendees=attendees,
        minutes="讨论研学安排",
        by=by,
        decisions=list(decisions),
    )


# --- committees -------------------------------------------------------------


def test_leader_sets_up_a_class_committee(people, city):
    committee = services.create_committee(
        school=city.school,
        level=CommitteeLevel.CLASS,
        school_class=city.class_1,
        established_on=START,
        by=people.school_leader,
    )
    assert committee.grade == 3 and committee.district == city.qingxiu


def test_second_committee_at_the_same_level_is_refused(people, city, committee):
    with pytest.raises(SchoolsError, match="already has a parent committee at that level"):
        services.create_committee(
            school=city.school, level="school", established_on=START, by=people.school_leader
        )
    assert ParentCommittee.objects.count() == 1


def test_grade_committee_needs_a_grade_the_school_teaches(people, city):
    with pytest.raises(SchoolsError, match="grade this school teaches"):
        services.create_committee(
            school=city.school,
            level="grade",
            grade=9,
            established_on=START,
            by=people.school_leader,
        )


def test_class_committee_of_another_school_is_refused(people, city):
    with pytest.raises(SchoolsError, match="class of this school"):
        services.create_committee(
            school=city.school,
            level="class",
            school_class=city.other_class,
            established_on=START,
            by=people.school_leader,
        )


def test_teacher_may_not_set_up_a_committee(people, city):
    with pytest.raises(PermissionDenied):
        services.create_committee(
            school=city.school, level="school", established_on=START, by=people.teacher
        )


# --- members ----------------------------------------------------------------


def test_guardian_of_the_school_joins(people, city, committee):
    member = seat(committee, guardian_of(city.student_1), CommitteeRole.CHAIR, people.school_leader)
    assert member.committee == committee


def test_guardian_of_another_school_is_refused(people, city, committee):
    with pytest.raises(SchoolsError, match="guardians of students of this school"):
        seat(committee, guardian_of(city.other_student), by=people.school_leader)
    assert not CommitteeMember.objects.exists()


def test_class_committee_takes_guardians_of_that_class_only(people, city):
    committee = ParentCommitteeFactory(
        school=city.school, level="class", grade=3, school_class=city.class_1, established_on=START
    )
    with pytest.raises(SchoolsError, match="guardians of students of this class"):
        seat(committee, guardian_of(city.student_2), by=people.school_leader)
    assert seat(committee, guardian_of(city.student_1), by=people.school_leader).pk


def test_grade_committee_takes_guardians_of_that_grade(people, city):
    committee = ParentCommitteeFactory(
        school=city.school, level="grade", grade=4, established_on=START
    )
    with pytest.raises(SchoolsError, match="guardians of students of this grade"):
        seat(committee, guardian_of(city.student_1), by=people.school_leader)


def test_term_must_end_after_it_starts(people, city, committee):
    with pytest.raises(SchoolsError, match="term must end after it starts"):
        seat(
            committee,
            guardian_of(city.student_1),
            by=people.school_leader,
            term_ends_on=START,
        )
    assert not CommitteeMember.objects.exists()


def test_one_chair_at_a_time(people, city, committee):
    seat(committee, guardian_of(city.student_1), CommitteeRole.CHAIR, people.school_leader)
    with pytest.raises(SchoolsError, match="already has a chair in that term") as caught:
        seat(committee, guardian_of(city.student_2), CommitteeRole.CHAIR, people.school_leader)
    assert caught.value.field == "role"
    assert CommitteeMember.objects.count() == 1


def test_next_chair_after_the_term_ends(people, city, committee):
    seat(committee, guardian_of(city.student_1), CommitteeRole.CHAIR, people.school_leader,
         term_ends_on=datetime.date(2026, 8, 31))  # fmt: skip
    later = seat(committee, guardian_of(city.student_2), CommitteeRole.CHAIR, people.school_leader,
                 term_starts_on=datetime.date(2026, 9, 1))  # fmt: skip
    assert later.pk


def test_same_guardian_twice_in_one_term_is_refused(people, city, committee):
    guardian = guardian_of(city.student_1)
    seat(committee, guardian, by=people.school_leader)
    with pytest.raises(SchoolsError, match="already has a seat"):
        seat(committee, guardian, CommitteeRole.SECRETARY, people.school_leader,
             term_starts_on=datetime.date(2026, 1, 1))  # fmt: skip


def test_teacher_may_not_add_members(people, city, committee):
    with pytest.raises(PermissionDenied):
        seat(committee, guardian_of(city.student_2), by=people.teacher)


def test_head_teacher_manages_their_class_committee(people, city):
    committee = ParentCommitteeFactory(
        school=city.school, level="class", grade=3, school_class=city.class_1, established_on=START
    )
    assert seat(committee, guardian_of(city.student_1), by=people.head_teacher).pk


def test_head_teacher_may_not_manage_the_school_committee(people, city, committee):
    with pytest.raises(PermissionDenied):
        seat(committee, guardian_of(city.student_1), by=people.head_teacher)


# --- meetings and decisions -------------------------------------------------


def test_meeting_with_a_fee_decision_at_quorum(people, committee, four_members):
    meeting = meet(committee, people.school_leader, attendees=2, decisions=[fee()])
    decision = meeting.decisions.get()
    assert decision.kind == DecisionKind.FEE and decision.amount_yuan == Decimal("120.00")


def test_fee_decision_below_quorum_is_refused_and_nothing_is_saved(people, committee, four_members):
    general = DecisionInput(text="成立读书小组", votes_for=1)
    with pytest.raises(SchoolsError, match="at least half of the committee present: 1 of 4") as e:
        meet(committee, people.school_leader, attendees=1, decisions=[general, fee(votes_for=1)])
    assert e.value.field == "decisions.1.attendees"
    assert not CommitteeMeeting.objects.exists()
    assert not CommitteeDecision.objects.exists()


def test_fee_decision_must_state_the_amount(people, committee, four_members):
    with pytest.raises(SchoolsError, match="must state the amount"):
        meet(committee, people.school_leader, attendees=3, decisions=[fee(amount=None)])
    assert not CommitteeMeeting.objects.exists()


def test_negative_fee_is_refused(people, committee, four_members):
    with pytest.raises(SchoolsError, match="amount cannot be negative"):
        meet(committee, people.school_leader, attendees=3, decisions=[fee(amount="-5")])


def test_general_decision_with_an_amount_is_refused(people, committee, four_members):
    decision = DecisionInput(text="购买图书", votes_for=3, amount_yuan=Decimal(50))
    with pytest.raises(SchoolsError, match="Only a fee decision states an amount"):
        meet(committee, people.school_leader, attendees=3, decisions=[decision])


def test_meeting_before_the_committee_existed_is_refused(people, committee, four_members):
    with pytest.raises(SchoolsError, match="before the committee was established"):
        meet(committee, people.school_leader, held_on=datetime.date(2025, 6, 1), decisions=[fee()])
    assert not CommitteeMeeting.objects.exists()


def test_fee_decision_added_later_to_an_early_meeting_is_refused(people, committee, four_members):
    meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=datetime.date(2025, 6, 1), attendees=3, minutes="筹备会"
    )
    with pytest.raises(SchoolsError, match="before the committee was established"):
        services.record_decision(meeting=meeting, decision=fee(), by=people.school_leader)
    assert not CommitteeDecision.objects.exists()


def test_fee_decision_added_later_checks_the_quorum(people, committee, four_members):
    meeting = meet(committee, people.school_leader, attendees=1)
    with pytest.raises(SchoolsError, match="at least half"):
        services.record_decision(
            meeting=meeting, decision=fee(votes_for=1), by=people.school_leader
        )
    ok = meet(committee, people.school_leader, attendees=2)
    assert services.record_decision(meeting=ok, decision=fee(), by=people.school_leader).pk


def test_fee_decision_in_a_committee_without_members_is_refused(people, committee):
    with pytest.raises(SchoolsError, match="at least half"):
        meet(committee, people.school_leader, attendees=0, decisions=[fee(votes_for=0)])


def test_more_present_than_members_in_term_is_refused(people, committee, four_members):
    with pytest.raises(SchoolsError, match="5 members present is more than the 4 members"):
        meet(committee, people.school_leader, attendees=5)


def test_more_votes_than_present_is_refused(people, committee, four_members):
    with pytest.raises(SchoolsError, match="3 votes were cast but only 2"):
        meet(committee, people.school_leader, attendees=2, decisions=[fee(votes_for=3)])


def test_future_meeting_is_refused(people, committee):
    with pytest.raises(SchoolsError, match="cannot be in the future"):
        meet(committee, people.school_leader, attendees=0,
             held_on=TODAY + datetime.timedelta(days=1))  # fmt: skip


def test_meeting_needs_minutes(people, committee):
    with pytest.raises(SchoolsError, match="Write the minutes"):
        services.record_committee_meeting(
            committee=committee, held_on=TODAY, attendees=0, minutes=" ", by=people.school_leader
        )


# --- pages ------------------------------------------------------------------


def test_committee_page_masks_phones(client, people, city, committee):
    guardian = guardian_of(city.student_1, guardian__phone="13812345678", guardian__name="李爸爸")
    seat(committee, guardian, CommitteeRole.CHAIR, people.school_leader)
    meet(committee, people.school_leader, attendees=1, decisions=[fee(votes_for=1)])
    log_in(client, people.teacher)
    page = client.get(reverse("schools:committee-detail", args=[committee.pk])).content.decode()
    assert "李爸爸" in page and "138****5678" in page and "13812345678" not in page
    assert "春季研学活动费用" in page and "120.00" in page
    assert "Record a meeting" not in page


def test_committee_list_is_scoped(client, people, city, committee):
    ParentCommitteeFactory(school=city.other_school)
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:committees")).content.decode()
    assert city.school.name in page and city.other_school.name not in page


def test_other_district_officer_gets_404(client, people, committee):
    log_in(client, people.other_district_officer)
    assert client.get(reverse("schools:committee-detail", args=[committee.pk])).status_code == 404
    url = reverse("schools:committee-meeting-new", args=[committee.pk])
    assert client.post(url, {}).status_code == 404


def test_teacher_gets_403_on_the_meeting_form(client, people, committee):
    log_in(client, people.teacher)
    url = reverse("schools:committee-meeting-new", args=[committee.pk])
    assert client.get(url).status_code == 403


def _meeting_post(attendees, amount):
    return {
        "held_on": TODAY.isoformat(), "attendees": attendees, "minutes": "讨论校服",
        "decisions-TOTAL_FORMS": 2, "decisions-INITIAL_FORMS": 0,
        "decisions-MIN_NUM_FORMS": 0, "decisions-MAX_NUM_FORMS": 10,
        "decisions-0-kind": "fee", "decisions-0-text": "校服费", "decisions-0-amount_yuan": amount,
        "decisions-0-votes_for": 1, "decisions-0-votes_against": 0,
        "decisions-1-kind": "general", "decisions-1-text": "",
    }  # fmt: skip


def test_leader_records_a_meeting_through_the_form(client, people, committee, four_members):
    log_in(client, people.school_leader)
    url = reverse("schools:committee-meeting-new", args=[committee.pk])
    response = client.post(url, _meeting_post(attendees=1, amount="200"))
    assert response.status_code == 200
    assert "at least half of the committee present" in response.content.decode()
    assert not CommitteeMeeting.objects.exists()
    response = client.post(url, _meeting_post(attendees=2, amount="200"))
    assert response.status_code == 302
    assert CommitteeDecision.objects.get().amount_yuan == Decimal("200")


def test_leader_adds_a_member_through_the_form(client, people, city, committee):
    guardian = guardian_of(city.student_1)
    log_in(client, people.school_leader)
    url = reverse("schools:committee-member-new", args=[committee.pk])
    data = {"guardian": guardian.pk, "role": "chair", "term_starts_on": "2026-09-01",
            "term_ends_on": "2026-08-31"}  # fmt: skip
    response = client.post(url, data)
    assert "term must end after it starts" in response.content.decode()
    data["term_ends_on"] = "2027-08-31"
    assert client.post(url, data).status_code == 302
    assert CommitteeMember.objects.get().guardian == guardian


def test_member_form_offers_only_guardians_of_the_committee(client, people, city, committee):
    guardian_of(city.student_1, guardian__name="本校家长")
    guardian_of(city.other_student, guardian__name="外校家长")
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:committee-member-new", args=[committee.pk])).content.decode()
    assert "本校家长" in page and "外校家长" not in page


@pytest.mark.parametrize("count", [10, 100])
def test_committee_page_query_count_is_constant(
    client, people, city, committee, count, django_assert_num_queries
):
    for n in range(count):
        guardian = guardian_of(StudentFactory(school_class=city.class_1))
        CommitteeMember.objects.create(
            committee=committee, guardian=guardian, role="member",
            term_starts_on=START, term_ends_on=END,
        )  # fmt: skip
        meeting = CommitteeMeeting.objects.create(
            committee=committee, held_on=TODAY, attendees=1, minutes=f"会议{n}"
        )
        CommitteeDecision.objects.create(meeting=meeting, text="决定", votes_for=1)
    log_in(client, people.school_leader)
    url = reverse("schools:committee-detail", args=[committee.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_committee_list_query_count_is_constant(
    client, people, city, count, django_assert_num_queries
):
    for grade in range(1, 7):
        ParentCommitteeFactory(school=city.school, level="grade", grade=grade)
    for _ in range(count):
        ParentCommitteeFactory(school=StudentFactory().school)
    log_in(client, people.city_officer)
    url = reverse("schools:committees")
    client.get(url)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
