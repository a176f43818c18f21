import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from schools.models import CommitteeDecision, CommitteeMeeting, CommitteeMember, ParentCommittee
from schools.tests.factories import GuardianshipFactory, ParentCommitteeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def committee(city):
    return ParentCommitteeFactory(school=city.school, established_on=datetime.date(2025, 9, 10))


def guardian_of(student, **kwargs):
    return GuardianshipFactory(student=student, **kwargs).guardian


def member_payload(guardian, role="chair"):
    return {"guardian": guardian.pk, "role": role, "term_starts_on": "2025-09-10",
            "term_ends_on": "2027-08-31"}  # fmt: skip


def test_api_adds_members_and_masks_phones(api, people, city, committee):
    guardian = guardian_of(city.student_1, guardian__phone="13812345678")
    api.force_authenticate(people.school_leader)
    url = reverse("api:parent-committee-member-create", args=[committee.pk])
    response = api.post(url, member_payload(guardian), format="json")
    assert response.status_code == 201
    assert response.json()["phone"] == "138****5678"
    second = guardian_of(city.student_2)
    response = api.post(url, member_payload(second), format="json")
    assert response.status_code == 400
    assert "one chair at a time" in response.json()["detail"]
    detail = api.get(reverse("api:parent-committee-detail", args=[committee.pk])).json()
    assert [m["phone"] for m in detail["members"]] == ["138****5678"]


def test_api_meeting_with_fee_below_quorum_saves_nothing(api, people, city, committee):
    api.force_authenticate(people.school_leader)
    for student in (city.student_1, city.student_2):
        api.post(
            reverse("api:parent-committee-member-create", args=[committee.pk]),
            member_payload(guardian_of(student), role="member"),
            format="json",
        )
    url = reverse("api:parent-committee-meeting-create", args=[committee.pk])
    body = {"held_on": TODAY.isoformat(), "attendees": 0, "minutes": "线上会议",
            "decisions": [{"kind": "fee", "text": "班费", "amount_yuan": "50.00",
                           "votes_for": 0}]}  # fmt: skip
    response = api.post(url, body, format="json")
    assert response.status_code == 400
    assert "at least half of the committee present" in response.json()["detail"]
    assert not CommitteeMeeting.objects.exists()
    body["attendees"] = 1
    body["decisions"][0]["votes_for"] = 1
    response = api.post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["decisions"][0]["amount_yuan"] == "50.00"


def test_api_out_of_scope_is_404_and_teacher_403(api, people, city, committee):
    api.force_authenticate(people.other_district_officer)
    assert api.get(reverse("api:parent-committee-detail", args=[committee.pk])).status_code == 404
    url = reverse("api:parent-committee-meeting-create", args=[committee.pk])
    assert api.post(url, {}, format="json").status_code == 404
    assert api.get(reverse("api:parent-committee-list")).json()["results"] == []
    api.force_authenticate(people.teacher)
    assert api.get(reverse("api:parent-committee-list")).json()["count"] == 1
    assert api.post(url, {}, format="json").status_code == 403


def leader(client, people):
    client.force_login(people.school_leader)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


def test_admin_adds_a_committee_through_the_service(client, people, city, committee):
    leader(client, people)
    url = reverse("admin:schools_parentcommittee_add")
    data = {"school": city.school.pk, "level": "school", "established_on": "2025-09-01"}
    response = client.post(url, data)
    assert "already has a parent committee at that level" in response.content.decode()
    data.update(level="class", school_class=city.class_1.pk)
    assert client.post(url, data).status_code == 302
    assert ParentCommittee.objects.filter(level="class", grade=3).exists()


def test_admin_member_and_decision_rules_hold(client, people, city, committee):
    leader(client, people)
    class_committee = ParentCommitteeFactory(
        school=city.school, level="class", grade=3, school_class=city.class_1,
        established_on=datetime.date(2025, 9, 10),
    )  # fmt: skip
    other_class_parent = guardian_of(city.student_2)
    response = client.post(
        reverse("admin:schools_committeemember_add"),
        {"committee": class_committee.pk, **member_payload(other_class_parent)},
    )
    assert "guardians of students of this class" in response.content.decode()
    assert not CommitteeMember.objects.exists()
    meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=TODAY, attendees=0, minutes="筹备"
    )
    response = client.post(
        reverse("admin:schools_committeedecision_add"),
        {"meeting": meeting.pk, "kind": "fee", "text": "活动费", "amount_yuan": "",
         "votes_for": 0, "votes_against": 0},
    )  # fmt: skip
    assert "must state the amount" in response.content.decode()
    assert not CommitteeDecision.objects.exists()


def test_admin_committee_page_shows_members_inline(client, people, city, committee):
    CommitteeMember.objects.create(
        committee=committee, guardian=guardian_of(city.student_1, guardian__name="李妈妈"),
        role="chair", term_starts_on=datetime.date(2025, 9, 10),
        term_ends_on=datetime.date(2027, 8, 31),
    )  # fmt: skip
    leader(client, people)
    page = client.get(
        reverse("admin:schools_parentcommittee_change", args=[committee.pk])
    ).content.decode()
    assert "李妈妈" in page


def test_schema_documents_the_committee_endpoints(client):
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/parent-committees/{id}/meetings/" in schema
