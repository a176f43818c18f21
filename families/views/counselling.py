"""Pages for the counselling station and hotline (润心工作站)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.forms.counselling import (
    CALLER_CHOICES,
    AssignForm,
    CounsellingRequestForm,
    HotlineCallForm,
    MoveForm,
    show_error,
)
from families.models import RequestStatus
from families.selectors import counselling as selectors
from families.services import counselling as services
from families.services.errors import FamiliesError

ACTIONS = {
    "start": RequestStatus.IN_PROGRESS,
    "close": RequestStatus.CLOSED,
    "reopen": RequestStatus.NEW,
}


def _int(value):
    return int(value) if value and str(value).isdigit() else None


@login_required
def new_request(request):
    form = CounsellingRequestForm(
        request.POST or None, children=selectors.children_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_counselling(
                requester=request.user,
                topic=data["topic"],
                for_whom=data["for_whom"],
                preferred_channel=data["preferred_channel"],
                preferred_time=data["preferred_time"],
                description=data["description"],
                student=data.get("student"),
            )
        except FamiliesError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Your request has been sent. A counsellor will contact you.")
            )
            return redirect("families:my-counselling")
    return render(request, "families/counselling/new.html", {"form": form})


@login_required
def my_requests(request):
    page = Paginator(selectors.my_requests(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request, "families/counselling/mine.html", {"page": page, "requests": page.object_list}
    )


@login_required
def queue(request):
    stations = list(selectors.stations_of(request.user))
    if not stations:
        raise Http404
    chosen = _int(request.GET.get("station"))
    station = next((s for s in stations if s.pk == chosen), stations[0])
    status = request.GET.get("status", "")
    if status not in RequestStatus.values:
        status = ""
    rows = selectors.station_queue(request.user, station, status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "families/counselling/queue.html",
        {
            "station": station,
            "stations": stations,
            "status": status,
            "statuses": RequestStatus.choices,
            "page": page,
            "requests": page.object_list,
        },
    )


@login_required
def detail(request, pk: int):
    item = selectors.request_for(request.user, pk)
    station = item.station
    is_lead = station.lead_id == request.user.pk
    is_member = is_lead or services.is_member(station, request.user)
    context = {"item": item, "is_lead": is_lead, "is_member": is_member}
    if is_member:
        context["assign_form"] = (
            AssignForm(
                people=selectors.counsellors_of(station), initial={"counsellor": item.counsellor_id}
            )
            if is_lead
            else None
        )
        context["move_form"] = MoveForm()
    return render(request, "families/counselling/detail.html", context)


@login_required
@require_POST
def assign(request, pk: int):
    item = selectors.request_for(request.user, pk)
    form = AssignForm(request.POST, people=selectors.counsellors_of(item.station))
    if not form.is_valid():
        messages.error(request, _("Choose a counsellor of this station."))
        return redirect("families:counselling-detail", pk=pk)
    try:
        services.assign_counsellor(
            request=item, counsellor=form.cleaned_data["counsellor"], by=request.user
        )
    except FamiliesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Counsellor assigned."))
    return redirect("families:counselling-detail", pk=pk)


@login_required
@require_POST
def move(request, pk: int):
    item = selectors.request_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the request."))
        return redirect("families:counselling-detail", pk=pk)
    try:
        services.move_request(
            request=item,
            to=ACTIONS[form.cleaned_data["action"]],
            by=request.user,
            outcome=form.cleaned_data["outcome"],
        )
    except FamiliesError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request updated."))
    return redirect("families:counselling-detail", pk=pk)


@login_required
def new_call(request):
    stations = list(selectors.stations_of(request.user))
    if not stations:
        raise Http404
    form = HotlineCallForm(request.POST or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.log_hotline_call(counsellor=request.user, **data)
        except FamiliesError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Hotline call logged."))
            year = timezone.localtime(call.started_at).year
            return redirect(
                f"{reverse('families:hotline-hours')}?station={call.station_id}&year={year}"
            )
    return render(request, "families/counselling/call_new.html", {"form": form})


@login_required
def hotline_hours(request):
    stations = list(selectors.stations_of(request.user))
    if not stations:
        raise Http404
    chosen = _int(request.GET.get("station"))
    station = next((s for s in stations if s.pk == chosen), stations[0])
    this_year = timezone.localdate().year
    year = _int(request.GET.get("year")) or this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    summary = selectors.hotline_hours(request.user, station, year)
    month_names = [datetime.date(2000, month, 1) for month in range(1, 13)]
    calls = list(selectors.calls_of(request.user, station)[:10])
    callers = dict(CALLER_CHOICES)
    for call in calls:
        call.caller_label = callers.get(call.caller, call.caller)
    return render(
        request,
        "families/counselling/hours.html",
        {
            "station": station,
            "stations": stations,
            "summary": summary,
            "rows": list(zip(month_names, summary.months, strict=True)),
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1 if year < this_year else None,
            "calls": calls,
        },
    )


urlpatterns = [
    path("new/", new_request, name="counselling-new"),
    path("mine/", my_requests, name="my-counselling"),
    path("queue/", queue, name="counselling-queue"),
    path("<int:pk>/", detail, name="counselling-detail"),
    path("<int:pk>/assign/", assign, name="counselling-assign"),
    path("<int:pk>/move/", move, name="counselling-move"),
    path("hotline/new/", new_call, name="hotline-new"),
    path("hotline/", hotline_hours, name="hotline-hours"),
]
