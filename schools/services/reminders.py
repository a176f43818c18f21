"""Reminders near the end of a semester or year: teachers with students
not yet visited at home, school leaders of schools short of guidance
activities, rule-of-law vice principals short of class hours.

Each person's reminder is keyed by the kind, the semester's period code
("2026-1", or the year) and a due time derived from that code alone, so the beat firing
twice, a retried task or a worker killed half-way never tells anyone twice
in one semester; the bureau moving a semester's dates does not change the key.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal import notify
from portal.models import Notification, Role
from portal.selectors import holders_of
from schools.models import Semester
from schools.notification_kinds import ACTIVITIES_BEHIND, LAW_HOURS_BEHIND, UNVISITED_STUDENTS
from schools.selectors.activities import schools_below_activity_target
from schools.selectors.law import vice_principals_below_hours
from schools.selectors.visits import TEACHING_ROLES, my_students
from schools.services.semesters import default_dates, semester_on

NAMES_SHOWN = 5


def period_due_at(semester: Semester) -> datetime.datetime:
    """The end of the semester by the default calendar: fixed by the period
    code, unlike the semester's own dates, which the bureau may edit."""
    _start, end = default_dates(semester.school_year, semester.term)
    return timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))


def _reminded(kind: str, subject_key: str):
    """Who already has this period's reminder: skipped before any counting,
    so a rerun costs one query per person left; the row's key still decides."""
    return Notification.objects.filter(kind=kind, subject_key=subject_key).values("recipient_id")


def in_final_weeks(semester: Semester, today: datetime.date, weeks: int) -> bool:
    return semester.ends_on - datetime.timedelta(weeks=weeks) <= today <= semester.ends_on


def send_unvisited_student_reminders(
    *, today: datetime.date | None = None, weeks_before_end: int = 4
) -> int:
    """In the semester's last weeks, tell each teacher how many of their
    students (their classes' and their mentees') are not yet visited, in one
    message; returns how many reminders are new. Each reminder commits on
    its own, so a rerun after a failure does only the rest."""
    today = today or timezone.localdate()
    semester = semester_on(today)
    if not in_final_weeks(semester, today, weeks_before_end):
        return 0
    subject_key = f"home_visits:{semester.period}"
    created = 0
    reminded = _reminded(UNVISITED_STUDENTS.key, subject_key)
    with notify.batched_deliveries():
        for teacher in holders_of(TEACHING_ROLES).exclude(pk__in=reminded).iterator():
            unvisited = list(
                my_students(teacher, semester, unvisited_only=True).values_list("name", flat=True)
            )
            if unvisited and _remind_teacher(teacher, semester, unvisited, subject_key):
                created += 1
    return created


def _remind_teacher(teacher, semester: Semester, names: list[str], subject_key: str):
    shown = "、".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    if more > 0:
        shown = gettext("%(names)s and %(more)d more") % {"names": shown, "more": more}
    body = gettext(
        "Not yet visited: %(names)s. The semester ends on %(end)s; please log a home visit "
        "for each before then."
    ) % {"names": shown, "end": semester.ends_on.isoformat()}
    return notify.notify(
        kind=UNVISITED_STUDENTS.key,
        recipient=teacher,
        subject_key=subject_key,
        title=gettext("%(count)d of your students have not been visited at home this semester")
        % {"count": len(names)},
        body=body,
        url=reverse("schools:my-students"),
        due_at=period_due_at(semester),
    )


def send_activity_reminders(
    *, today: datetime.date | None = None, weeks_before_end: int = 4
) -> int:
    """In the semester's last weeks, tell the leaders of each school short of
    its guidance-activity target, one message per leader (all their schools
    behind in it); returns how many reminders are new."""
    today = today or timezone.localdate()
    semester = semester_on(today)
    if not in_final_weeks(semester, today, weeks_before_end):
        return 0
    subject_key = f"guidance_activities:{semester.period}"
    reminded = set(
        _reminded(ACTIVITIES_BEHIND.key, subject_key).values_list("recipient_id", flat=True)
    )
    behind_by_leader: dict = {}
    for row in schools_below_activity_target(semester):
        for leader in holders_of((Role.SCHOOL_LEADER,), school_id=row.school.pk):
            if leader.pk not in reminded:
                behind_by_leader.setdefault(leader, []).append(row)
    created = 0
    for leader, rows in behind_by_leader.items():
        lines = [
            gettext("%(school)s: %(count)d of %(target)s activities")
            % {"school": row.school.name, "count": row.count, "target": _number(row.target)}
            for row in rows
        ]
        if notify.notify(
            kind=ACTIVITIES_BEHIND.key,
            recipient=leader,
            subject_key=subject_key,
            title=gettext("Guidance activities short of the target; the semester ends on %(end)s")
            % {"end": semester.ends_on.isoformat()},
            body="\n".join(lines),
            url=reverse("schools:activities-school", args=[rows[0].school.pk]),
            due_at=period_due_at(semester),
        ):
            created += 1
    return created


def _number(value: Decimal) -> str:
    """4.00 as "4", 1.50 as "1.5"."""
    return f"{value.normalize():f}"


def year_due_at(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 12, 31))


def send_law_hours_reminders(
    *, today: datetime.date | None = None, months_before_end: int = 3
) -> int:
    """In the year's last months (from October by default), tell each vice
    principal with an account who is short of the year's class hours, once
    a year; returns how many reminders are new."""
    today = today or timezone.localdate()
    if today.month <= 12 - months_before_end:
        return 0
    subject_key = f"law_hours:{today.year}"
    reminded = set(
        _reminded(LAW_HOURS_BEHIND.key, subject_key).values_list("recipient_id", flat=True)
    )
    created = 0
    for vice_principal in vice_principals_below_hours(year=today.year, today=today):
        if vice_principal.account_id in reminded:
            continue
        if notify.notify(
            kind=LAW_HOURS_BEHIND.key,
            recipient=vice_principal.account,
            subject_key=subject_key,
            title=gettext("%(hours)s of %(target)s law-education class hours given this year")
            % {"hours": _number(vice_principal.hours), "target": _number(vice_principal.target)},
            body=gettext(
                "Please plan your remaining law-education classes before the end of %(year)d."
            )
            % {"year": today.year},
            url=reverse("schools:law-session-new"),
            due_at=year_due_at(today.year),
        ):
            created += 1
    return created
