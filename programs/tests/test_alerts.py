"""The alert ladder (prevention → early warning → crisis): raising an alert
once per source record, a flagged home visit becoming an early-warning
alert, receiving it, moving it up and down, linking it to the child's
plan, closing it; a crisis tells the school's designated people and the
district with an urgent notice nobody can turn off, and opens or
escalates the plan."""

import datetime
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal import concerns, notify
from portal.audit import trail_of
from portal.models import AuditAction, Delivery, Notification, NotificationPreference, Role
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs.models import (
    Alert,
    AlertLevel,
    AlertSource,
    AlertStatus,
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    RiskLevel,
)
from programs.selectors.alerts import alert_for
from programs.services import alerts
from programs.tests.factories_cases import (
    AlertFactory,
    CaseFactory,
    all_audit_details,
    refused,
    steps_of,
)
from schools.models import HomeVisit, PersonMet, VisitTopic
from schools.services import visits
from schools.tests.factories import GuardianFactory, GuardianshipFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOTE = "孩子近期情绪低落，说不想上学。"
RAISED = "programs.alert_raised"
CRISIS = "programs.crisis"
RECEIVED = "programs.concern_received"


def raise_alert(by, student, **overrides) -> Alert:
    arguments = {
        "student": student,
        "level": AlertLevel.EARLY_WARNING,
        "source": AlertSource.OTHER,
        "raised_by": by,
        "note": NOTE,
        **overrides,
    }
    return alerts.raise_alert(**arguments)


def notices(kind, **filters):
    return Notification.objects.filter(kind=kind, **filters).order_by("recipient_id")


def recipients(kind) -> set:
    return {n.recipient for n in notices(kind)}


def fresh(alert) -> Alert:
    return Alert.objects.get(pk=alert.pk)


@pytest.fixture
def elsewhere(city):
    """The other school's counsellor and leader: never told of this school's children."""
    counsellor = UserFactory(username="qin", name="覃老师")
    assign(counsellor, Role.COUNSELLOR, school=city.other_school)
    leader = UserFactory(username="other-leader", name="韦校长")
    assign(leader, Role.SCHOOL_LEADER, school=city.other_school)
    return SimpleNamespace(counsellor=counsellor, leader=leader)


@pytest.fixture
def alert(people, city):
    """An early-warning alert about 李明 raised by his head teacher."""
    return raise_alert(people.head_teacher, city.student_1)


# --- Raising ------------------------------------------------------------------------


def test_a_teacher_raises_an_alert_and_the_schools_counsellor_is_told(
    alert, people, city, elsewhere
):
    assert (alert.student, alert.school, alert.district) == (
        city.student_1,
        city.school,
        city.qingxiu,
    )
    assert (alert.level, alert.status, alert.raised_by) == (
        AlertLevel.EARLY_WARNING,
        AlertStatus.OPEN,
        people.head_teacher,
    )
    step = alert.steps.get()
    assert (step.action, step.by, step.note) == ("raised", people.head_teacher, NOTE)
    told = notices(RAISED).get()
    assert told.recipient == people.counsellor
    assert (told.subject_key, told.url) == (
        f"alert:{alert.pk}",
        reverse("programs:alert-detail", args=[alert.pk]),
    )
    assert NOTE not in told.title + told.body
    entry = trail_of(alert).get()
    assert entry.detail == {"step": "alert_raised", "step_id": step.pk}
    assert entry.user == people.head_teacher
    assert NOTE not in all_audit_details()


def test_a_counsellor_who_raises_an_alert_is_not_told_of_it(people, city):
    colleague = UserFactory(username="colleague-counsellor")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    raise_alert(people.counsellor, city.student_1)
    assert recipients(RAISED) == {colleague}


def test_an_alert_raised_twice_from_the_same_record_is_one_alert(people, city):
    first = raise_alert(
        people.head_teacher, city.student_1, source=AlertSource.SCREENING, source_id="scl90:7"
    )
    again = raise_alert(
        people.head_teacher, city.student_1, source=AlertSource.SCREENING, source_id="scl90:7"
    )
    assert again == first
    assert Alert.objects.count() == 1 and first.steps.count() == 1
    assert notices(RAISED).count() == 1


def test_alerts_without_a_source_record_are_each_their_own(people, city):
    raise_alert(people.head_teacher, city.student_1)
    raise_alert(people.head_teacher, city.student_1)
    assert Alert.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"level": "orange"}, "Choose the level of the alert.", "level"),
        ({"source": "rumour"}, "Choose where the concern comes from.", "source"),
        ({"note": "  "}, "Describe what was seen or found.", "note"),
    ],
)
def test_bad_alerts_are_refused(people, city, overrides, message, field):
    arguments = {
        "student": city.student_1,
        "level": AlertLevel.EARLY_WARNING,
        "source": AlertSource.OTHER,
        "raised_by": people.head_teacher,
        "note": NOTE,
        **overrides,
    }
    refused(alerts.raise_alert, message, field=field, **arguments)


@pytest.mark.parametrize("persona", ["teacher", "other_school_teacher", "parent", "stranger"])
def test_alerts_are_raised_only_for_children_one_works_with(people, city, persona):
    refused(
        alerts.raise_alert,
        "You can raise alerts only for children you work with.",
        field="student",
        student=city.student_1,
        level=AlertLevel.EARLY_WARNING,
        source=AlertSource.OTHER,
        raised_by=getattr(people, persona),
        note=NOTE,
    )


# --- A flagged home visit -------------------------------------------------------------


def log_visit(author, students, **overrides) -> HomeVisit:
    arguments = {
        "visited_on": timezone.localdate(),
        "people_met": [PersonMet.PARENT],
        "topics": [VisitTopic.STUDY, VisitTopic.SAFETY],
        "summary": "学习习惯良好，叮嘱暑期防溺水。",
        **overrides,
    }
    return visits.log_visit(author=author, students=students, **arguments)


def edit_visit(visit, user, **overrides) -> HomeVisit:
    arguments = {
        "visited_on": visit.visited_on,
        "form": visit.form,
        "people_met": visit.people_met,
        "topics": visit.topics,
        "summary": visit.summary,
        "concerns": visit.concerns,
        "follow_up_on": visit.follow_up_on,
        "flag_for_counsellor": visit.flagged_for_counsellor,
        **overrides,
    }
    return visits.update_visit(visit=visit, user=user, **arguments)


def test_a_flagged_home_visit_raises_one_early_warning_alert_for_the_schools_counsellor(
    people, city, elsewhere
):
    visit = log_visit(
        people.head_teacher,
        [city.student_1],
        concerns="孩子近期情绪低落，父母外出务工。",
        flag_for_counsellor=True,
    )

    alert = Alert.objects.get()
    assert (alert.student, alert.level, alert.source, alert.source_id) == (
        city.student_1,
        AlertLevel.EARLY_WARNING,
        AlertSource.HOME_VISIT,
        f"visit:{visit.pk}:{city.student_1.pk}",
    )
    assert (alert.raised_by, alert.status) == (people.head_teacher, AlertStatus.OPEN)
    assert alert.steps.get().note == "孩子近期情绪低落，父母外出务工。"
    told = notices(RAISED)
    assert [(n.recipient, n.subject_key, n.url) for n in told] == [
        (people.counsellor, f"alert:{alert.pk}", reverse("programs:alert-detail", args=[alert.pk]))
    ]
    assert "情绪低落" not in told.get().title + told.get().body
    visit.refresh_from_db()
    assert visit.flagged_for_counsellor and visit.flagged_at is not None

    # Saved again, unflagged and flagged again: still one alert, one notice.
    HomeVisit.objects.filter(pk=visit.pk).update(
        flagged_at=visit.flagged_at - datetime.timedelta(minutes=5)
    )
    visit.refresh_from_db()
    edit_visit(visit, people.head_teacher, summary="再次保存")
    edit_visit(visit, people.head_teacher, flag_for_counsellor=False)
    edit_visit(visit, people.head_teacher, flag_for_counsellor=True)
    assert Alert.objects.count() == 1
    assert notices(RAISED).count() == 1
    assert not Notification.objects.filter(kind="schools.concern_flagged").exists()


def test_the_same_visits_concern_reported_twice_gives_one_alert(people, city):
    visit = log_visit(people.head_teacher, [city.student_1], concerns="孩子身上有伤痕")
    concern = concerns.Concern(
        student_id=city.student_1.pk,
        source="home_visit",
        source_id=f"visit:{visit.pk}:{city.student_1.pk}",
        raised_by_id=people.head_teacher.pk,
        note="孩子身上有伤痕",
    )
    first = concerns.report_concern(concern)
    again = concerns.report_concern(concern)
    assert first == again == [Alert.objects.get()]
    assert Alert.objects.get().steps.count() == 1
    assert notices(RAISED).count() == 1


def test_flagging_later_in_the_window_raises_the_alert(people, city):
    visit = log_visit(people.head_teacher, [city.student_1], concerns="作业常缺交")
    assert not Alert.objects.exists() and not notices(RAISED).exists()
    edit_visit(visit, people.head_teacher, flag_for_counsellor=True)
    alert = Alert.objects.get()
    assert alert.source_id == f"visit:{visit.pk}:{city.student_1.pk}"
    assert recipients(RAISED) == {people.counsellor}


def test_a_flagged_visit_of_siblings_raises_an_alert_for_each_child(people, city):
    mother = GuardianFactory(name="李母")
    GuardianshipFactory(student=city.student_1, guardian=mother)
    sister = StudentFactory(school_class=city.class_1, name="李红")
    GuardianshipFactory(student=sister, guardian=mother)
    log_visit(
        people.head_teacher,
        [city.student_1, sister],
        concerns="家中无人照看",
        flag_for_counsellor=True,
    )
    assert {a.student for a in Alert.objects.all()} == {city.student_1, sister}
    assert notices(RAISED).count() == 2


def test_flagging_a_concern_from_the_visit_form_tells_the_counsellor(client, people, city):
    log_in(client, people.head_teacher)
    client.post(
        f"{reverse('schools:visit-new')}?student={city.student_1.pk}",
        {
            "visited_on": timezone.localdate().isoformat(),
            "form": "home",
            "people_met": ["parent"],
            "topics": ["study", "safety"],
            "summary": "家长重视孩子学习，交流了防溺水安全。",
            "concerns": "孩子沉迷手机，与父母冲突多。",
            "follow_up_on": "",
            "flag_for_counsellor": "on",
        },
    )
    alert = Alert.objects.get()
    notice = Notification.objects.get(kind=RAISED)
    assert notice.recipient == people.counsellor
    assert notice.url == reverse("programs:alert-detail", args=[alert.pk])


# --- Receiving ---------------------------------------------------------------------------


def test_the_counsellor_receives_the_alert_and_the_raiser_is_told(alert, people):
    alerts.acknowledge_alert(alert=alert, by=people.counsellor, note="已约谈")
    assert fresh(alert).status == AlertStatus.ACKNOWLEDGED
    assert alert.steps.last().action == "received"
    told = notices(RECEIVED).get()
    assert told.recipient == people.head_teacher
    assert told.url == reverse("programs:my-alerts")
    assert steps_of(alert) == ["alert_raised", "alert_received"]
    refused(
        alerts.acknowledge_alert,
        "This alert has already been received.",
        alert=alert,
        by=people.counsellor,
    )


@pytest.mark.parametrize("persona", ["school_leader", "district_officer"])
def test_the_schools_leader_and_the_district_handle_alerts_too(alert, people, persona):
    alerts.acknowledge_alert(alert=alert, by=getattr(people, persona))
    assert fresh(alert).status == AlertStatus.ACKNOWLEDGED


HANDLERS_ONLY = "Only the school's counsellors, its leader or the district handle alerts."


@pytest.mark.parametrize(
    "persona",
    ["head_teacher", "teacher", "case_worker", "other_district_officer", "city_officer", "other"],
)
def test_others_do_not_handle_alerts(alert, people, elsewhere, persona):
    person = elsewhere.counsellor if persona == "other" else getattr(people, persona)
    for step, extra in (
        (alerts.acknowledge_alert, {}),
        (alerts.change_level, {"level": AlertLevel.CRISIS, "note": "升级"}),
        (alerts.open_plan_for_alert, {}),
        (alerts.close_alert, {"note": "关闭"}),
    ):
        refused(step, HANDLERS_ONLY, alert=alert, by=person, **extra)


def test_the_raiser_is_told_when_the_alert_is_moved_on_without_a_separate_receipt(
    alert, people, city
):
    alerts.change_level(
        alert=alert, by=people.counsellor, level=AlertLevel.PREVENTION, note="家长已介入"
    )
    assert fresh(alert).status == AlertStatus.ACKNOWLEDGED
    assert [n.recipient for n in notices(RECEIVED)] == [people.head_teacher]

    second = raise_alert(people.head_teacher, city.student_1)
    alerts.open_plan_for_alert(alert=second, by=people.counsellor)
    assert notices(RECEIVED).count() == 2


# --- Up and down the ladder ---------------------------------------------------------


def test_the_level_moves_up_and_down_with_a_note(alert, people):
    alerts.change_level(alert=alert, by=people.counsellor, level=AlertLevel.PREVENTION, note="好转")
    alerts.change_level(
        alert=alert, by=people.counsellor, level=AlertLevel.EARLY_WARNING, note="反复"
    )
    assert [(s.action, s.level, s.note) for s in alert.steps.all()] == [
        ("raised", AlertLevel.EARLY_WARNING, NOTE),
        ("lowered", AlertLevel.PREVENTION, "好转"),
        ("escalated", AlertLevel.EARLY_WARNING, "反复"),
    ]
    assert steps_of(alert) == ["alert_raised", "alert_lowered", "alert_escalated"]
    assert "好转" not in all_audit_details() and "反复" not in all_audit_details()


@pytest.mark.parametrize(
    ("level", "note", "message", "field"),
    [
        ("orange", "升级", "Choose the level of the alert.", "level"),
        (AlertLevel.EARLY_WARNING, "不变", "The alert is already at this level.", "level"),
        (AlertLevel.PREVENTION, " ", "Say why the level changes.", "note"),
    ],
)
def test_bad_level_changes_are_refused(alert, people, level, note, message, field):
    refused(
        alerts.change_level,
        message,
        field=field,
        alert=alert,
        by=people.counsellor,
        level=level,
        note=note,
    )


def test_a_closed_alert_does_not_move(alert, people):
    alerts.close_alert(alert=alert, by=people.counsellor, note="误报")
    refused(
        alerts.change_level,
        "This alert is closed.",
        alert=alert,
        by=people.counsellor,
        level=AlertLevel.CRISIS,
        note="又出事了",
    )


# --- Crisis ----------------------------------------------------------------------------


def test_a_crisis_tells_the_schools_counsellors_and_leaders_and_the_district_urgently(
    people, city, elsewhere
):
    alert = raise_alert(people.head_teacher, city.student_1, level=AlertLevel.CRISIS)

    assert recipients(CRISIS) == {people.counsellor, people.school_leader, people.district_officer}
    for notice in notices(CRISIS):
        assert notice.urgent
        assert notice.url == reverse("programs:alert-detail", args=[alert.pk])
        assert city.school.name in notice.title
    assert not notices(RAISED).exists()
    outsiders = {
        people.head_teacher,
        people.teacher,
        people.other_district_officer,
        people.city_officer,
        elsewhere.counsellor,
        elsewhere.leader,
    }
    assert not outsiders & recipients(CRISIS)


def test_a_crisis_notice_cannot_be_turned_off(people, city):
    assert notify.set_preference(user=people.counsellor, kind_key=CRISIS, mode="off") is None
    # Even a preference row written around the service is ignored.
    NotificationPreference.objects.create(user=people.school_leader, kind=CRISIS, mode="off")
    people.district_officer.notify_by_email = False
    people.district_officer.save(update_fields=["notify_by_email"])

    raise_alert(people.head_teacher, city.student_1, level=AlertLevel.CRISIS)

    assert recipients(CRISIS) == {people.counsellor, people.school_leader, people.district_officer}
    to_deng = notices(CRISIS, recipient=people.district_officer).get()
    assert to_deng.deliveries.filter(channel="email", status=Delivery.Status.PENDING).exists()


def test_turning_ordinary_alerts_off_does_not_stop_a_crisis(people, city):
    notify.set_preference(user=people.counsellor, kind_key=RAISED, mode="off")
    raise_alert(people.head_teacher, city.student_1)
    assert not notices(RAISED).exists()
    raise_alert(people.head_teacher, city.student_1, level=AlertLevel.CRISIS)
    assert people.counsellor in recipients(CRISIS)


def test_a_crisis_opens_a_draft_plan_at_crisis_risk_linked_to_the_alert(people, city):
    alert = raise_alert(people.head_teacher, city.student_1, level=AlertLevel.CRISIS)

    case = Case.objects.get()
    assert fresh(alert).case == case
    assert (case.status, case.risk_level, case.kind) == (
        CaseStatus.DRAFT,
        RiskLevel.CRISIS,
        CaseKind.INDIVIDUAL_PLAN,
    )
    assert case.categories == [CaseCategory.PSYCHOLOGICAL_RISK]
    # The head teacher may not open cases: the school's counsellor leads.
    assert case.lead == people.counsellor
    assert [s.action for s in alert.steps.all()] == ["raised", "crisis"]
    assert steps_of(case) == ["opened", "alert_linked"]
    assert trail_of(case).first().detail == {"step": "alert_linked", "alert": alert.pk}
    assert NOTE not in all_audit_details()


def test_a_counsellor_who_escalates_to_crisis_leads_the_plan(alert, people):
    alerts.change_level(alert=alert, by=people.counsellor, level=AlertLevel.CRISIS, note="自伤")
    assert fresh(alert).case.lead == people.counsellor
    assert recipients(CRISIS) == {people.counsellor, people.school_leader, people.district_officer}
    assert fresh(alert).status == AlertStatus.ACKNOWLEDGED


def test_a_crisis_escalates_the_childs_existing_plan(alert, people, city):
    plan = CaseFactory(
        student=city.student_1,
        lead=people.counsellor,
        active=True,
        approved_by=people.school_leader,
    )
    alerts.change_level(
        alert=alert, by=people.district_officer, level=AlertLevel.CRISIS, note="离家出走"
    )
    assert Case.objects.get() == plan
    plan.refresh_from_db()
    assert (plan.status, plan.risk_level) == (CaseStatus.ACTIVE, RiskLevel.CRISIS)
    assert fresh(alert).case == plan
    assert steps_of(plan) == ["risk", "alert_linked"]


def test_a_crisis_escalates_the_childs_plan_rather_than_the_family_support(alert, people, city):
    family = CaseFactory(
        student=city.student_1, lead=people.counsellor, kind=CaseKind.FAMILY_SUPPORT
    )
    plan = CaseFactory(student=city.student_1, lead=people.counsellor)
    alerts.change_level(alert=alert, by=people.counsellor, level=AlertLevel.CRISIS, note="自伤")
    assert fresh(alert).case == plan
    assert Case.objects.get(pk=plan.pk).risk_level == RiskLevel.CRISIS
    assert Case.objects.get(pk=family.pk).risk_level == RiskLevel.MEDIUM


def test_a_crisis_on_an_alert_of_a_closed_plan_opens_a_new_plan(alert, people, city):
    old = CaseFactory(student=city.student_1, lead=people.counsellor, closed=True)
    Alert.objects.filter(pk=alert.pk).update(case=old)
    alerts.change_level(alert=alert, by=people.counsellor, level=AlertLevel.CRISIS, note="复发")
    old.refresh_from_db()
    assert (old.status, old.risk_level) == (CaseStatus.CLOSED, RiskLevel.MEDIUM)
    new = fresh(alert).case
    assert new != old
    assert (new.status, new.risk_level) == (CaseStatus.DRAFT, RiskLevel.CRISIS)


def test_a_crisis_where_nobody_can_lead_a_plan_still_tells_the_district(people, city):
    alert = raise_alert(people.other_school_teacher, city.other_student, level=AlertLevel.CRISIS)
    assert recipients(CRISIS) == {people.other_district_officer}
    assert not Case.objects.exists()
    assert "nobody at the school can lead a plan yet" in alert.steps.last().note
    refused(
        alerts.close_alert,
        "A crisis alert is closed only once the child has a plan.",
        alert=alert,
        by=people.other_district_officer,
        note="已处理",
    )


# --- Plans and closing -------------------------------------------------------------------


def test_a_plan_is_opened_for_an_alert_at_the_matching_risk(alert, people):
    case = alerts.open_plan_for_alert(alert=alert, by=people.counsellor)
    assert (case.status, case.risk_level, case.lead) == (
        CaseStatus.DRAFT,
        RiskLevel.MEDIUM,
        people.counsellor,
    )
    alert = fresh(alert)
    assert (alert.case, alert.status) == (case, AlertStatus.ACKNOWLEDGED)
    assert alert.steps.last().action == "plan"
    assert steps_of(alert)[-1] == "alert_plan"
    refused(
        alerts.open_plan_for_alert,
        "This alert is already linked to a plan.",
        alert=alert,
        by=people.counsellor,
    )


def test_a_prevention_alert_opens_a_low_risk_plan(people, city):
    alert = raise_alert(people.head_teacher, city.student_1, level=AlertLevel.PREVENTION)
    assert alerts.open_plan_for_alert(alert=alert, by=people.counsellor).risk_level == "low"


def test_an_alert_is_linked_to_the_childs_open_plan(alert, people, city):
    plan = CaseFactory(student=city.student_1, lead=people.counsellor)
    assert alerts.open_plan_for_alert(alert=alert, by=people.school_leader) == plan
    assert Case.objects.count() == 1


def test_an_alert_is_closed_with_a_note_once(alert, people):
    refused(
        alerts.close_alert,
        "Say how the alert was resolved.",
        field="note",
        alert=alert,
        by=people.counsellor,
        note=" ",
    )
    alerts.close_alert(alert=alert, by=people.counsellor, note="家长已带孩子就医")
    assert fresh(alert).status == AlertStatus.CLOSED
    assert steps_of(alert)[-1] == "alert_closed"
    assert "就医" not in all_audit_details()
    refused(
        alerts.close_alert,
        "This alert is already closed.",
        alert=alert,
        by=people.counsellor,
        note="再关",
    )


def test_a_crisis_alert_closes_only_once_linked_to_a_plan(people, city):
    alert = AlertFactory(
        student=city.student_1, raised_by=people.head_teacher, level=AlertLevel.CRISIS
    )
    refused(
        alerts.close_alert,
        "A crisis alert is closed only once the child has a plan.",
        alert=alert,
        by=people.counsellor,
        note="已处理",
    )
    alerts.open_plan_for_alert(alert=alert, by=people.counsellor)
    alerts.close_alert(alert=alert, by=people.counsellor, note="已有方案跟进")
    assert fresh(alert).status == AlertStatus.CLOSED


# --- Reads -----------------------------------------------------------------------------


def test_reading_an_alert_is_audited_and_outsiders_get_404(alert, people, elsewhere):
    assert alert_for(people.counsellor, alert.pk) == alert
    assert alert_for(people.head_teacher, alert.pk) == alert
    reads = trail_of(alert).filter(action=AuditAction.VIEW)
    assert {r.user for r in reads} == {people.counsellor, people.head_teacher}
    for person in (people.teacher, people.other_district_officer, elsewhere.counsellor):
        with pytest.raises(Http404):
            alert_for(person, alert.pk)
    assert reads.count() == 2
