"""Pages of the mental-health ladder: the school's alert queue, raising an
alert from a screening or a counselling request, one alert with its steps,
and the concerns a person reported (their status only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.selectors import counselling as counselling_selectors
from families.services.counselling import is_member
from portal import access
from portal.forms import show_error
from programs.forms import alerts as forms
from programs.models import AlertSource, AlertStatus
from programs.selectors import alerts as selectors
from programs.services import alerts as services
from programs.services import cases as case_rules
from programs.services import history
from programs.services.errors import ProgramsError
from schools.models import Student

STATUS_FILTERS = [("active", _("Not closed"))] + list(AlertStatus.choices)


@login_required
def queue(request):
    status = request.GET.get("status", "active")
    alerts = selectors.alert_queue(request.user, status=status)
    page = Paginator(alerts, 30).get_page(request.GET.get("page"))
    history.read_list(user=request.user, rows=page.object_list, request=request)
    return render(
        request,
        "programs/alerts/queue.html",
        {"page": page, "alerts": page.object_list, "status": status, "statuses": STATUS_FILTERS},
    )


@login_required
def my_alerts(request):
    page = Paginator(selectors.my_alerts(request.user), 30).get_page(request.GET.get("page"))
    history.read_list(user=request.user, rows=page.object_list, request=request)
    return render(request, "programs/alerts/mine.html", {"page": page, "alerts": page.object_list})


@login_required
def new_alert(request):
    students = access.visible(request.user, Student).filter(is_active=True)
    query = (request.GET.get("q") or "").strip()
    if query:
        students = students.filter(name__icontains=query)
    students = list(
        students.select_related("school_class__school").order_by("school_class", "name")[:200]
    )
    form = forms.RaiseAlertForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = next((s for s in students if s.pk == data["student"]), None)
        try:
            alert = services.raise_alert(
                student=student,
                level=data["level"],
                source=data["source"],
                raised_by=request.user,
                note=data["note"],
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Alert raised. The school's counsellors have been told."))
            if services.may_handle(request.user, alert):
                return redirect("programs:alert-detail", pk=alert.pk)
            return redirect("programs:my-alerts")
    return render(request, "programs/alerts/new.html", {"form": form, "query": query})


@login_required
def from_counselling(request, request_pk: int):
    """A station counsellor raises an alert for the child of a request."""
    item = counselling_selectors.request_for(request.user, request_pk)
    if item.student is None or not is_member(item.station, request.user):
        raise Http404
    form = forms.CounsellingAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_alert(
                student=item.student,
                level=form.cleaned_data["level"],
                source=AlertSource.COUNSELLING,
                source_id=f"counselling:{item.pk}",
                raised_by=request.user,
                note=form.cleaned_data["note"],
                check_scope=False,
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Alert raised with the child's school."))
            return redirect("families:counselling-detail", pk=item.pk)
    return render(request, "programs/alerts/from_counselling.html", {"form": form, "item": item})


@login_required
def detail(request, pk: int):
    alert = selectors.alert_for(request.user, pk, request=request)
    handles = services.may_handle(request.user, alert)
    on_case = alert.case is not None and case_rules.may_work_on(request.user, alert.case)
    if not (handles or on_case):
        return render(request, "programs/alerts/status.html", {"alert": alert})
    context = {
        "alert": alert,
        "steps": selectors.steps_of(alert),
        "handles": handles,
        "level_form": forms.LevelForm(initial={"level": alert.level}),
        "note_form": forms.NoteForm(),
    }
    return render(request, "programs/alerts/detail.html", context)


def _receive(request, alert):
    services.acknowledge_alert(alert=alert, by=request.user, note=_note(request))
    return _("Alert received; the person who raised it has been told.")


def _level(request, alert):
    form = forms.LevelForm(request.POST)
    if not form.is_valid():
        raise ProgramsError(_("Choose the level of the alert."))
    services.change_level(alert=alert, by=request.user, **form.cleaned_data)
    return _("Level changed.")


def _plan(request, alert):
    case = services.open_plan_for_alert(alert=alert, by=request.user)
    return _("Linked to plan #%(case)d.") % {"case": case.pk}


def _close(request, alert):
    services.close_alert(alert=alert, by=request.user, note=_note(request))
    return _("Alert closed.")


def _note(request) -> str:
    form = forms.NoteForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


ACTIONS = {"receive": _receive, "level": _level, "plan": _plan, "close": _close}


@login_required
@require_POST
def action(request, pk: int, name: str):
    handler = ACTIONS.get(name)
    if handler is None:
        raise Http404
    alert = selectors.alert_for(request.user, pk, request=request, action=access.CHANGE)
    try:
        message = handler(request, alert)
    except ProgramsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
        if name == "plan":
            alert.refresh_from_db()
            return redirect("programs:case-detail", pk=alert.case_id)
    return redirect("programs:alert-detail", pk=alert.pk)


urlpatterns = [
    path("", queue, name="alerts"),
    path("mine/", my_alerts, name="my-alerts"),
    path("new/", new_alert, name="alert-new"),
    path("from-counselling/<int:request_pk>/", from_counselling, name="alert-from-counselling"),
    path("<int:pk>/", detail, name="alert-detail"),
    path("<int:pk>/<slug:name>/", action, name="alert-action"),
]
