"""Pages for alliances: the list, one alliance with its meetings and tasks,
recording a meeting, and a task owner's "My tasks"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms.alliances import AttendeeFormSet, CompleteTaskForm, MeetingForm, TaskFormSet
from community.models import FollowUpTask
from community.selectors import alliances as selectors
from community.services import alliances as services
from community.services.errors import CommunityError
from portal import access

OVERDUE_SHOWN = 20


@login_required
def alliance_list(request):
    user = request.user
    alliances = list(selectors.alliances_for(user))
    overdue = list(selectors.overdue_tasks(user)[: OVERDUE_SHOWN + 1])
    return render(
        request,
        "community/alliances/list.html",
        {
            "alliances": alliances,
            "overdue": overdue[:OVERDUE_SHOWN],
            "more_overdue": len(overdue) > OVERDUE_SHOWN,
            "today": timezone.localdate(),
        },
    )


@login_required
def alliance_detail(request, pk: int):
    user = request.user
    alliance = selectors.alliance_for(user, pk)
    meetings = list(alliance.meetings.all())
    tasks = [task for meeting in meetings for task in meeting.tasks.all()]
    changeable = set(
        access.visible(user, FollowUpTask, access.CHANGE)
        .filter(pk__in=[task.pk for task in tasks])
        .values_list("pk", flat=True)
    )
    for task in tasks:
        task.may_close = task.owner_id == user.pk or task.pk in changeable
    return render(
        request,
        "community/alliances/detail.html",
        {
            "alliance": alliance,
            "meetings": meetings,
            "may_record": selectors.may_record_meeting(user, alliance),
            "today": timezone.localdate(),
        },
    )


def _entries(formset) -> list:
    return [form.as_input() for form in formset if form.has_changed() and form.cleaned_data]


@login_required
def meeting_new(request, pk: int):
    user = request.user
    alliance = selectors.alliance_for(user, pk, access.CHANGE)
    departments = alliance.departments.order_by("kind", "name")
    schools = alliance.schools.order_by("name")
    data = request.POST or None
    form = MeetingForm(data)
    attendees = AttendeeFormSet(
        data, prefix="attendees", form_kwargs={"departments": departments, "schools": schools}
    )
    tasks = TaskFormSet(
        data,
        prefix="tasks",
        form_kwargs={
            "owners": selectors.task_owner_candidates(alliance),
            "departments": departments,
        },
    )
    if request.method == "POST" and all([form.is_valid(), attendees.is_valid(), tasks.is_valid()]):
        try:
            services.record_meeting(
                by=user,
                alliance=alliance,
                attendees=_entries(attendees),
                tasks=_entries(tasks),
                **form.cleaned_data,
            )
        except CommunityError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Meeting recorded; the task owners have been told."))
            return redirect("community:alliance-detail", pk=alliance.pk)
    return render(
        request,
        "community/alliances/meeting_form.html",
        {"alliance": alliance, "form": form, "attendees": attendees, "tasks": tasks},
    )


@login_required
def my_tasks(request):
    tasks = list(selectors.my_tasks(request.user))
    return render(
        request,
        "community/alliances/my_tasks.html",
        {
            "open_tasks": [t for t in tasks if t.status == FollowUpTask.Status.OPEN],
            "done_tasks": [t for t in tasks if t.status == FollowUpTask.Status.DONE],
            "form": CompleteTaskForm(),
            "today": timezone.localdate(),
        },
    )


def _back(request, default: str = "community:my-tasks"):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def task_complete(request, pk: int):
    task = access.get_visible_or_404(request.user, FollowUpTask, pk=pk)
    form = CompleteTaskForm(request.POST)
    outcome = form.data.get("outcome", "")
    try:
        services.complete_task(by=request.user, task=task, outcome=outcome)
    except CommunityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Task closed."))
    return _back(request)


@login_required
@require_POST
def task_reopen(request, pk: int):
    task = access.get_visible_or_404(request.user, FollowUpTask, pk=pk)
    try:
        services.reopen_task(by=request.user, task=task)
    except CommunityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Task reopened."))
    return _back(request)


urlpatterns = [
    path("", alliance_list, name="alliances"),
    path("<int:pk>/", alliance_detail, name="alliance-detail"),
    path("<int:pk>/meetings/new/", meeting_new, name="meeting-new"),
    path("my-tasks/", my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/complete/", task_complete, name="task-complete"),
    path("tasks/<int:pk>/reopen/", task_reopen, name="task-reopen"),
]
