"""Home visits (家访): logging, editing within the window, sharing with
colleagues and flagging a concern for the school's counsellors."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access, concerns, notify
from portal.models import Role, RoleAssignment, User
from schools.indicators import VISIT_SHARED
from schools.models import HomeVisit, PersonMet, Student, VisitedStudent, VisitForm, VisitTopic
from schools.services.errors import SchoolsError
from schools.services.semesters import semester_on

EDIT_WINDOW = datetime.timedelta(days=7)


class VisitOutOfScope(SchoolsError):
    """A student the author may not see: pages turn it into a 404."""


def edit_deadline(visit: HomeVisit) -> datetime.datetime:
    return visit.created_at + EDIT_WINDOW


def is_editable_by(visit: HomeVisit, user) -> bool:
    return visit.author_id == user.pk and timezone.now() <= edit_deadline(visit)


def staff_of_school(school_id: int):
    """Everyone with a role at the school: the colleagues a visit may name."""
    return User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(school_id=school_id)
        .exclude(role=Role.PARENT)
        .values("user_id"),
    ).order_by("name", "username")


@dataclass(frozen=True)
class _Details:
    visited_on: datetime.date
    form: str
    people_met: list[str]
    topics: list[str]
    summary: str
    concerns: str
    follow_up_on: datetime.date | None
    flag_for_counsellor: bool


def _clean_details(
    *,
    visited_on: datetime.date,
    form: str,
    people_met: Iterable[str],
    topics: Iterable[str],
    summary: str,
    concerns: str,
    follow_up_on: datetime.date | None,
    flag_for_counsellor: bool,
) -> _Details:
    if visited_on > timezone.localdate():
        raise SchoolsError(_("The date of a visit cannot be in the future."), field="visited_on")
    if form not in VisitForm.values:
        raise SchoolsError(_("Choose how the visit took place."), field="form")
    people_met = list(dict.fromkeys(people_met))
    if not people_met or set(people_met) - set(PersonMet.values):
        raise SchoolsError(_("Choose who was met."), field="people_met")
    topics = list(dict.fromkeys(topics))
    if not topics or set(topics) - set(VisitTopic.values):
        raise SchoolsError(_("Choose at least one topic."), field="topics")
    summary, concerns = (summary or "").strip(), (concerns or "").strip()
    if not summary:
        raise SchoolsError(_("Write a short summary of the visit."), field="summary")
    if follow_up_on is not None and follow_up_on < visited_on:
        raise SchoolsError(
            _("The follow-up date cannot be before the visit."), field="follow_up_on"
        )
    if flag_for_counsellor and not concerns:
        raise SchoolsError(
            _("Describe the concern before flagging it for the counsellor."), field="concerns"
        )
    return _Details(
        visited_on=visited_on,
        form=form,
        people_met=[p for p in PersonMet.values if p in people_met],
        topics=[t for t in VisitTopic.values if t in topics],
        summary=summary,
        concerns=concerns,
        follow_up_on=follow_up_on,
        flag_for_counsellor=flag_for_counsellor,
    )


def visitable_students(author):
    """The students `author` may log a visit for: those their roles reach
    (classes, mentees, school, district), never their own children. A
    parent sees their child's record but does not log a home visit to
    their own family."""
    return (
        access.visible(author, Student)
        .filter(is_active=True)
        .exclude(family_links__user_id=author.pk)
    )


def _students_in_scope(author, students: Sequence[Student]) -> list[Student]:
    ids = list(dict.fromkeys(student.pk for student in students))
    if not ids:
        raise SchoolsError(_("Choose the student who was visited."), field="students")
    found = {student.pk: student for student in visitable_students(author).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise VisitOutOfScope(
            _("You can log visits only for the students of your classes and your mentees."),
            field="students",
        )
    return [found[pk] for pk in ids]


def _colleagues(author, school_id: int, co_teachers: Iterable[User]) -> list[User]:
    ids = {teacher.pk for teacher in co_teachers} - {author.pk}
    if not ids:
        return []
    found = list(staff_of_school(school_id).filter(pk__in=ids))
    if len(found) != len(ids):
        raise SchoolsError(
            _("Colleagues on a visit must be on the staff of the student's school."),
            field="co_teachers",
        )
    return found


def _apply(visit: HomeVisit, details: _Details) -> None:
    visit.visited_on = details.visited_on
    visit.semester = semester_on(details.visited_on)
    visit.form = details.form
    visit.people_met = details.people_met
    visit.topics = details.topics
    visit.summary = details.summary
    visit.concerns = details.concerns
    visit.follow_up_on = details.follow_up_on
    visit.flagged_for_counsellor = details.flag_for_counsellor


def _cover(visit: HomeVisit, students: list[Student]) -> None:
    """The visited-student rows carry each student's own school, so a
    sibling at another school counts towards that school's coverage."""
    VisitedStudent.objects.filter(visit=visit).exclude(
        student__in=[s.pk for s in students]
    ).delete()
    VisitedStudent.objects.filter(visit=visit).update(semester=visit.semester)
    have = set(VisitedStudent.objects.filter(visit=visit).values_list("student_id", flat=True))
    VisitedStudent.objects.bulk_create(
        VisitedStudent(visit=visit, student=s, semester=visit.semester, school_id=s.school_id)
        for s in students
        if s.pk not in have
    )


def _minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def _tell_colleagues(visit: HomeVisit, colleagues: list[User]) -> None:
    # A fixed due time makes the notification's unique key stable: saving the
    # visit again never tells a colleague twice.
    for colleague in colleagues:
        notify.notify(
            kind=VISIT_SHARED.key,
            recipient=colleague,
            subject_key=f"visit:{visit.pk}",
            title=_("%(author)s logged a home visit with you on %(date)s")
            % {"author": visit.author.display_name, "date": visit.visited_on.isoformat()},
            url=reverse("schools:visit-detail", args=[visit.pk]),
            due_at=_minute(visit.created_at),
        )


def _flag(visit: HomeVisit) -> None:
    """Report the concern once, the first time it is flagged; unflagging and
    flagging again does not repeat it. The care programs raise an alert for
    each student of the visit and tell the school's counsellors."""
    if not visit.flagged_for_counsellor or visit.flagged_at is not None:
        return
    visit.flagged_at = timezone.now()
    visit.save(update_fields=["flagged_at"])
    for student_id in VisitedStudent.objects.filter(visit=visit).values_list(
        "student_id", flat=True
    ):
        concerns.report_concern(
            concerns.Concern(
                student_id=student_id,
                source="home_visit",
                source_id=f"visit:{visit.pk}:{student_id}",
                raised_by_id=visit.author_id,
                note=visit.concerns,
                url=reverse("schools:visit-detail", args=[visit.pk]),
            )
        )


@transaction.atomic
def log_visit(
    *,
    author: User,
    students: Sequence[Student],
    visited_on: datetime.date,
    form: str = VisitForm.AT_HOME,
    people_met: Iterable[str] = (PersonMet.PARENT,),
    topics: Iterable[str],
    summary: str,
    concerns: str = "",
    follow_up_on: datetime.date | None = None,
    flag_for_counsellor: bool = False,
    co_teachers: Iterable[User] = (),
) -> HomeVisit:
    """Log one visit by `author` (and colleagues) covering one student or
    several siblings; the first student's school and district are the visit's."""
    details = _clean_details(
        visited_on=visited_on,
        form=form,
        people_met=people_met,
        topics=topics,
        summary=summary,
        concerns=concerns,
        follow_up_on=follow_up_on,
        flag_for_counsellor=flag_for_counsellor,
    )
    students = _students_in_scope(author, students)
    first = students[0]
    colleagues = _colleagues(author, first.school_id, co_teachers)
    visit = HomeVisit(author=author, school_id=first.school_id, district_id=first.district_id)
    _apply(visit, details)
    visit.save()
    visit.teachers.set([author, *colleagues])
    _cover(visit, students)
    _tell_colleagues(visit, colleagues)
    _flag(visit)
    return visit


@transaction.atomic
def update_visit(
    *,
    visit: HomeVisit,
    user: User,
    visited_on: datetime.date,
    form: str,
    people_met: Iterable[str],
    topics: Iterable[str],
    summary: str,
    concerns: str = "",
    follow_up_on: datetime.date | None = None,
    flag_for_counsellor: bool = False,
    students: Sequence[Student] | None = None,
    co_teachers: Iterable[User] | None = None,
) -> HomeVisit:
    """Change a visit: only its author, and only within the edit window.
    `students` and `co_teachers` left as None keep what the visit has."""
    visit = HomeVisit.objects.select_for_update().select_related("author").get(pk=visit.pk)
    if visit.author_id != user.pk:
        raise SchoolsError(_("Only the teacher who logged this visit can change it."))
    if timezone.now() > edit_deadline(visit):
        raise SchoolsError(
            _("This visit was logged more than 7 days ago and can no longer be changed.")
        )
    details = _clean_details(
        visited_on=visited_on,
        form=form,
        people_met=people_met,
        topics=topics,
        summary=summary,
        concerns=concerns,
        follow_up_on=follow_up_on,
        flag_for_counsellor=flag_for_counsellor,
    )
    if students is not None:
        students = _students_in_scope(user, students)
        visit.school_id, visit.district_id = students[0].school_id, students[0].district_id
    colleagues = None
    if co_teachers is not None:
        colleagues = _colleagues(user, visit.school_id, co_teachers)
    _apply(visit, details)
    visit.save()
    if students is not None:
        _cover(visit, students)
    else:
        VisitedStudent.objects.filter(visit=visit).update(semester=visit.semester)
    if colleagues is not None:
        visit.teachers.set([visit.author, *colleagues])
        _tell_colleagues(visit, colleagues)
    _flag(visit)
    return visit
