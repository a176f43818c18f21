"""Reminders to teachers, in the semester's last weeks, of their students
not yet visited at home: one message per teacher per semester, whatever
the number of runs, retries or students."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Delivery, Notification, Role, Target
from portal.tests.celery_worker import running_worker, wait_for
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import mails_in
from schools.models import LawSession, PersonMet, VisitTopic
from schools.services import reminders
from schools.services import visits as visit_services
from schools.services.semesters import semester_on
from schools.tests.factories import (
    GuidanceActivityFactory,
    LawAppointmentFactory,
    StudentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KIND = "schools.unvisited_students"
# The autumn semester 2026-1 ends on 2027-01-31 by the default calendar.
IN_WINDOW = datetime.date(2027, 1, 10)
BEFORE_WINDOW = datetime.date(2026, 12, 20)


def visit(author, *students):
    return visit_services.log_visit(
        author=author,
        students=list(students),
        visited_on=timezone.localdate(),
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="家访记录",
    )


def reminders_to(user):
    return Notification.objects.filter(kind=KIND, recipient=user)


def test_a_teacher_with_unvisited_students_gets_one_reminder_listing_them(city, people):
    for number in range(6):
        StudentFactory(school_class=city.class_1, name=f"学生甲{number}")

    assert reminders.send_unvisited_student_reminders(today=IN_WINDOW) >= 1

    [reminder] = reminders_to(people.head_teacher)
    assert reminder.title == "7 of your students have not been visited at home this semester"
    assert "李明" in reminder.body
    assert "and 2 more" in reminder.body
    assert "2027-01-31" in reminder.body
    assert reminder.url == reverse("schools:my-students")
    assert reminder.subject_key == f"home_visits:{semester_on(IN_WINDOW).period}"
    assert reminder.subject_key == "home_visits:2026-1"


def test_a_teacher_whose_students_are_all_visited_gets_none(city, people):
    visit(people.head_teacher, city.student_1)

    reminders.send_unvisited_student_reminders(today=IN_WINDOW)

    assert not reminders_to(people.head_teacher).exists()
    assert reminders_to(people.teacher).count() == 1


def test_other_schools_students_are_not_listed(city, people):
    reminders.send_unvisited_student_reminders(today=IN_WINDOW)

    [reminder] = reminders_to(people.teacher)
    assert "王芳" in reminder.body
    assert "赵强" not in reminder.body and "李明" not in reminder.body
    assert reminder.title.startswith("1 of your students")


def test_people_who_teach_no_class_get_none(city, people):
    reminders.send_unvisited_student_reminders(today=IN_WINDOW)

    recipients = set(Notification.objects.filter(kind=KIND).values_list("recipient", flat=True))
    assert recipients == {
        people.head_teacher.pk,
        people.teacher.pk,
        people.other_school_teacher.pk,
    }


def test_a_mentee_counts_among_the_mentors_students(city, people):
    mentee = StudentFactory(school_class=city.class_2, name="刘洋", mentor=people.head_teacher)

    reminders.send_unvisited_student_reminders(today=IN_WINDOW)

    assert mentee.name in reminders_to(people.head_teacher).get().body


def test_running_twice_reminds_each_teacher_once(city, people):
    first = reminders.send_unvisited_student_reminders(today=IN_WINDOW)
    second = reminders.send_unvisited_student_reminders(today=IN_WINDOW + datetime.timedelta(7))

    assert (first, second) == (3, 0)
    assert reminders_to(people.head_teacher).count() == 1


def test_a_run_cut_off_midway_is_finished_by_the_next_without_doubles(city, people, monkeypatch):
    """As when the worker dies after the first teacher: what was sent stays
    sent, the redelivered task reminds only the others."""
    real_notify = reminders.notify.notify
    calls = {"n": 0}

    def dies_after_one(**kwargs):
        calls["n"] += 1
        if calls["n"] > 1:
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(reminders.notify, "notify", dies_after_one)
    with pytest.raises(SystemExit):
        reminders.send_unvisited_student_reminders(today=IN_WINDOW)
    assert Notification.objects.filter(kind=KIND).count() == 1

    monkeypatch.setattr(reminders.notify, "notify", real_notify)
    assert reminders.send_unvisited_student_reminders(today=IN_WINDOW) == 2
    recipients = list(Notification.objects.filter(kind=KIND).values_list("recipient", flat=True))
    assert len(recipients) == len(set(recipients)) == 3


def test_moving_the_semester_end_does_not_remind_again(city, people):
    reminders.send_unvisited_student_reminders(today=IN_WINDOW)
    semester = semester_on(IN_WINDOW)
    semester.ends_on = datetime.date(2027, 1, 25)
    semester.save()
    # Past the pre-check, only the row's unique key stands in the way.

    assert (
        reminders._remind_teacher(people.head_teacher, semester, ["李明"], "home_visits:2026-1")
        is None
    )
    assert reminders_to(people.head_teacher).count() == 1


def test_nothing_before_the_last_weeks(city, people):
    assert reminders.send_unvisited_student_reminders(today=BEFORE_WINDOW) == 0
    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_window_is_a_parameter(city, people):
    assert reminders.send_unvisited_student_reminders(today=BEFORE_WINDOW, weeks_before_end=8) == 3


def test_the_task_replays_a_given_day(city, people):
    from schools.tasks import send_unvisited_student_reminders

    assert send_unvisited_student_reminders.delay(today=IN_WINDOW.isoformat()).get() == 3
    assert send_unvisited_student_reminders.delay(today=BEFORE_WINDOW.isoformat()).get() == 0


@pytest.fixture
def worker(tmp_path):
    with running_worker(tmp_path / "mail") as mail:
        yield mail


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_a_real_worker_reminds_each_teacher_once_despite_double_beat_and_retry(
    worker, city, people
):
    from schools.tasks import send_unvisited_student_reminders

    first = send_unvisited_student_reminders.delay(today=IN_WINDOW.isoformat())
    send_unvisited_student_reminders.delay(today=IN_WINDOW.isoformat())
    # What `self.retry()` sends: the same task id, one retry more.
    send_unvisited_student_reminders.apply_async(
        kwargs={"today": IN_WINDOW.isoformat()}, task_id=first.id, retries=1
    )
    sent = Notification.objects.filter(kind=KIND)

    def all_mailed():
        return (
            sent.count() == 3
            and not Delivery.objects.filter(notification__in=sent)
            .exclude(status=Delivery.Status.SENT)
            .exists()
        )

    assert wait_for(all_mailed), "the worker did not send the reminders in time"
    time.sleep(2)  # the other runs' chance to (wrongly) remind again
    assert sorted(sent.values_list("recipient__username", flat=True)) == ["huang", "tan", "wei"]
    mails = mails_in(worker)
    assert len(mails) == 3
    texts = "\n".join(mails)
    for address in ("huang@example.cn", "tan@example.cn", "wei@example.cn"):
        assert texts.count(f"To: {address}") == 1


# --- Schools short of guidance activities ---------------------------------


ACTIVITIES = "schools.activities_behind"


def activity(school, semester):
    return GuidanceActivityFactory(school=school, semester=semester, held_on=IN_WINDOW)


def test_the_leader_of_a_school_short_of_activities_is_reminded_once(city, people):
    semester = semester_on(IN_WINDOW)
    activity(city.school, semester)

    first = reminders.send_activity_reminders(today=IN_WINDOW)
    second = reminders.send_activity_reminders(today=IN_WINDOW)

    assert (first, second) == (1, 0)
    [reminder] = Notification.objects.filter(kind=ACTIVITIES)
    assert reminder.recipient == people.school_leader
    assert reminder.subject_key == "guidance_activities:2026-1"
    assert "青秀区第一小学: 1 of 2 activities" in reminder.body
    assert reminder.url == reverse("schools:activities-school", args=[city.school.pk])


def test_a_school_at_target_reminds_nobody(city, people):
    semester = semester_on(IN_WINDOW)
    activity(city.school, semester)
    activity(city.school, semester)

    assert reminders.send_activity_reminders(today=IN_WINDOW) == 0


def test_a_leader_of_two_schools_behind_gets_one_message(city, people):
    assign(people.school_leader, Role.SCHOOL_LEADER, school=city.other_school)

    reminders.send_activity_reminders(today=IN_WINDOW)

    [reminder] = Notification.objects.filter(kind=ACTIVITIES, recipient=people.school_leader)
    assert "青秀区第一小学" in reminder.body and "西乡塘区滨江小学" in reminder.body


def test_a_schools_own_target_counts(city, people):
    Target.objects.create(
        indicator="schools.guidance_activities_per_semester",
        school=city.school,
        district=city.qingxiu,
        period="2026-1",
        value=0,
    )

    assert reminders.send_activity_reminders(today=IN_WINDOW) == 0


def test_no_activity_reminder_before_the_last_weeks(city, people):
    assert reminders.send_activity_reminders(today=BEFORE_WINDOW) == 0


# --- Vice principals short of law-education hours -------------------------


LAW = "schools.law_hours_behind"
OCTOBER = datetime.date(2026, 10, 12)


@pytest.fixture
def vice_principal(city):
    account = UserFactory(username="police-li", name="李警官")
    appointment = LawAppointmentFactory(
        school=city.school, vice_principal__district=city.qingxiu, vice_principal__account=account
    )
    return appointment


def session(appointment, hours, day=datetime.date(2026, 5, 1)):
    return LawSession.objects.create(
        appointment=appointment,
        school=appointment.school,
        district=appointment.district,
        held_on=day,
        class_hours=hours,
        topic="预防校园欺凌",
        audience="三年级",
    )


def test_a_vice_principal_short_of_hours_is_reminded_once_a_year(vice_principal):
    session(vice_principal, 1)

    assert reminders.send_law_hours_reminders(today=OCTOBER) == 1
    assert reminders.send_law_hours_reminders(today=OCTOBER + datetime.timedelta(30)) == 0

    [reminder] = Notification.objects.filter(kind=LAW)
    assert reminder.recipient.username == "police-li"
    assert reminder.subject_key == "law_hours:2026"
    assert reminder.title == "1 of 4 law-education class hours given this year"


def test_a_vice_principal_at_hours_or_without_account_is_not_reminded(vice_principal, city):
    session(vice_principal, 4)
    LawAppointmentFactory(school=city.other_school, vice_principal__district=city.xixiangtang)

    assert reminders.send_law_hours_reminders(today=OCTOBER) == 0


def test_last_years_hours_do_not_count_and_nothing_before_october(vice_principal):
    session(vice_principal, 4, day=datetime.date(2025, 11, 1))

    assert reminders.send_law_hours_reminders(today=datetime.date(2026, 9, 30)) == 0
    assert reminders.send_law_hours_reminders(today=OCTOBER) == 1
    assert (
        reminders.send_law_hours_reminders(today=datetime.date(2026, 9, 1), months_before_end=4)
        == 0
    )
