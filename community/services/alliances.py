"""Alliances of departments and schools (教联体), their joint meetings
(联席会议) and the follow-up tasks a meeting hands out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Alliance, Department, FollowUpTask, JointMeeting, MeetingAttendee
from community.selectors.alliances import task_owner_candidates
from community.services.errors import CommunityError
from portal import access, notify
from portal.models import User
from schools.models import District, School

TASK_ASSIGNED = "community.task_assigned"
TASK_REOPENED = "community.task_reopened"

notify.register_kind(
    TASK_ASSIGNED, gettext_lazy("Follow-up tasks from joint meetings assigned to me")
)
notify.register_kind(TASK_REOPENED, gettext_lazy("My follow-up tasks reopened"))


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    department: Department | None = None
    school: School | None = None


@dataclass(frozen=True)
class TaskInput:
    title: str
    owner: User | None
    due_on: datetime.date | None
    owner_department: Department | None = None


def validate_members(
    *,
    district: District | None,
    departments: Iterable[Department],
    schools: Iterable[School],
) -> None:
    """A district's alliance joins that district's schools and departments
    (and city departments); a city-wide one may join any."""
    departments, schools = list(departments), list(schools)
    if not departments:
        raise CommunityError(_("An alliance joins at least one department."), field="departments")
    if district is None:
        return
    for department in departments:
        if department.district_id not in (None, district.pk):
            raise CommunityError(
                _("%(department)s belongs to another district.") % {"department": department},
                field="departments",
            )
    for school in schools:
        if school.district_id != district.pk:
            raise CommunityError(
                _("%(school)s is in another district.") % {"school": school}, field="schools"
            )


@transaction.atomic
def create_alliance(
    *,
    by: User,
    name: str,
    kind: str,
    purpose: str,
    district: District | None,
    departments: Sequence[Department],
    schools: Sequence[School] = (),
    established_on: datetime.date,
) -> Alliance:
    name = (name or "").strip()
    if not name:
        raise CommunityError(_("Give the alliance a name."), field="name")
    if Alliance.objects.filter(name=name).exists():
        raise CommunityError(_("An alliance with this name already exists."), field="name")
    if kind not in Alliance.Kind.values:
        raise CommunityError(_("Choose the kind of alliance."), field="kind")
    if not (purpose or "").strip():
        raise CommunityError(_("Say what the alliance is for."), field="purpose")
    if established_on > timezone.localdate():
        raise CommunityError(
            _("An alliance cannot be established in the future."), field="established_on"
        )
    validate_members(district=district, departments=departments, schools=schools)
    alliance = Alliance.objects.create(
        name=name,
        kind=kind,
        purpose=purpose.strip(),
        district=district,
        established_on=established_on,
    )
    if not access.can_change(by, alliance):
        raise Http404
    alliance.departments.set(departments)
    alliance.schools.set(schools)
    return alliance


def _check_attendees(alliance: Alliance, attendees: Sequence[AttendeeInput]) -> None:
    if not attendees:
        raise CommunityError(_("List who attended the meeting."), field="attendees")
    department_ids = set(alliance.departments.values_list("pk", flat=True))
    school_ids = set(alliance.schools.values_list("pk", flat=True))
    for number, attendee in enumerate(attendees, start=1):
        if not (attendee.name or "").strip():
            raise CommunityError(
                _("Attendee %(number)d has no name.") % {"number": number}, field="attendees"
            )
        if attendee.department is None and attendee.school is None:
            raise CommunityError(
                _("%(name)s must represent a department or a school of the alliance.")
                % {"name": attendee.name},
                field="attendees",
            )
        if attendee.department is not None and attendee.department.pk not in department_ids:
            raise CommunityError(
                _("%(department)s is not in this alliance.") % {"department": attendee.department},
                field="attendees",
            )
        if attendee.school is not None and attendee.school.pk not in school_ids:
            raise CommunityError(
                _("%(school)s is not in this alliance.") % {"school": attendee.school},
                field="attendees",
            )


def _check_task(meeting: JointMeeting, task: TaskInput, candidate_ids: set[int]) -> None:
    if not (task.title or "").strip():
        raise CommunityError(_("Each follow-up task needs a title."), field="tasks")
    if task.owner is None:
        raise CommunityError(
            _("The task “%(task)s” needs an owner.") % {"task": task.title}, field="tasks"
        )
    if task.due_on is None:
        raise CommunityError(
            _("The task “%(task)s” needs a due date.") % {"task": task.title}, field="tasks"
        )
    if task.due_on < meeting.held_on:
        raise CommunityError(
            _("The task “%(task)s” cannot be due before the meeting.") % {"task": task.title},
            field="tasks",
        )
    if task.owner.pk not in candidate_ids:
        raise CommunityError(
            _(
                "%(owner)s cannot own a task of this alliance: choose a liaison of its "
                "departments, staff of its schools or an education officer."
            )
            % {"owner": task.owner},
            field="tasks",
        )
    if (
        task.owner_department is not None
        and not meeting.alliance.departments.filter(pk=task.owner_department.pk).exists()
    ):
        raise CommunityError(
            _("%(department)s is not in this alliance.") % {"department": task.owner_department},
            field="tasks",
        )


def _notify_owner(task: FollowUpTask, *, kind: str, title: str) -> None:
    notify.notify(
        kind=kind,
        recipient=task.owner,
        subject_key=f"follow-up-task:{task.pk}",
        title=title,
        body=_("%(alliance)s, joint meeting of %(date)s. Due %(due)s.")
        % {
            "alliance": task.meeting.alliance,
            "date": task.meeting.held_on.isoformat(),
            "due": task.due_on.isoformat(),
        },
        url=reverse("community:my-tasks"),
    )


def _create_tasks(meeting: JointMeeting, tasks: Sequence[TaskInput]) -> list[FollowUpTask]:
    candidate_ids = set(task_owner_candidates(meeting.alliance).values_list("pk", flat=True))
    created = []
    for task in tasks:
        _check_task(meeting, task, candidate_ids)
        row = FollowUpTask.objects.create(
            meeting=meeting,
            title=task.title.strip(),
            owner=task.owner,
            owner_department=task.owner_department,
            due_on=task.due_on,
        )
        _notify_owner(
            row,
            kind=TASK_ASSIGNED,
            title=_("New follow-up task: %(task)s") % {"task": row.title},
        )
        created.append(row)
    return created


@transaction.atomic
def record_meeting(
    *,
    by: User,
    alliance: Alliance,
    held_on: datetime.date,
    location: str,
    minutes: str,
    attendees: Sequence[AttendeeInput],
    tasks: Sequence[TaskInput] = (),
) -> JointMeeting:
    """The meeting, its attendees and its tasks are saved together or not
    at all; each task's owner is told. An alliance out of the person's
    reach is a 404."""
    if not access.visible(by, Alliance, access.CHANGE).filter(pk=alliance.pk).exists():
        raise Http404
    if held_on is None:
        raise CommunityError(_("Enter the meeting's date."), field="held_on")
    if held_on > timezone.localdate():
        raise CommunityError(
            _("A meeting is recorded after it is held, not before."), field="held_on"
        )
    if held_on < alliance.established_on:
        raise CommunityError(
            _("The alliance was established on %(date)s, after this date.")
            % {"date": alliance.established_on.isoformat()},
            field="held_on",
        )
    if not (location or "").strip():
        raise CommunityError(_("Enter where the meeting was held."), field="location")
    if not (minutes or "").strip():
        raise CommunityError(_("Write the minutes of the meeting."), field="minutes")
    _check_attendees(alliance, attendees)
    meeting = JointMeeting.objects.create(
        alliance=alliance,
        district=alliance.district,
        held_on=held_on,
        location=location.strip(),
        minutes=minutes.strip(),
        recorded_by=by,
    )
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            name=attendee.name.strip(),
            department=attendee.department,
            school=attendee.school,
        )
        for attendee in attendees
    )
    _create_tasks(meeting, tasks)
    return meeting


@transaction.atomic
def add_task(
    *,
    by: User,
    meeting: JointMeeting,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    owner_department: Department | None = None,
) -> FollowUpTask:
    if not access.visible(by, JointMeeting, access.CHANGE).filter(pk=meeting.pk).exists():
        raise Http404
    task = TaskInput(title=title, owner=owner, due_on=due_on, owner_department=owner_department)
    return _create_tasks(meeting, [task])[0]


def may_close(user: User, task: FollowUpTask) -> bool:
    """The owner closes and reopens their task; so do the officers over it."""
    return task.owner_id == user.pk or access.can_change(user, task)


def _task_for_change(by: User, task: FollowUpTask) -> FollowUpTask:
    task = access.get_visible_or_404(
        by,
        FollowUpTask.objects.select_related("meeting__alliance", "owner"),
        pk=task.pk,
    )
    if not may_close(by, task):
        raise CommunityError(_("Only the task's owner or an education officer can change it."))
    # Lock late and briefly: two clicks on "done" must not both pass the check.
    FollowUpTask.objects.select_for_update().filter(pk=task.pk).first()
    task.refresh_from_db(fields=["status", "done_at", "outcome"])
    return task


@transaction.atomic
def complete_task(*, by: User, task: FollowUpTask, outcome: str) -> FollowUpTask:
    task = _task_for_change(by, task)
    if task.status == FollowUpTask.Status.DONE:
        raise CommunityError(_("This task is already done."))
    if not (outcome or "").strip():
        raise CommunityError(_("Say what came of the task before closing it."), field="outcome")
    task.status = FollowUpTask.Status.DONE
    task.done_at = timezone.now()
    task.outcome = outcome.strip()
    task.save(update_fields=["status", "done_at", "outcome"])
    return task


@transaction.atomic
def reopen_task(*, by: User, task: FollowUpTask) -> FollowUpTask:
    """The outcome stays on the task as a record of the earlier closing."""
    task = _task_for_change(by, task)
    if task.status != FollowUpTask.Status.DONE:
        raise CommunityError(_("This task is still open."))
    task.status = FollowUpTask.Status.OPEN
    task.done_at = None
    task.save(update_fields=["status", "done_at"])
    if task.owner_id != by.pk:
        _notify_owner(
            task, kind=TASK_REOPENED, title=_("Follow-up task reopened: %(task)s") % {"task": task}
        )
    return task
