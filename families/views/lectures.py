"""Pages for lectures: the public list and detail, signing up (a seat or the
waiting list), the family's own registrations, cancelling and the .ics file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.forms.lectures import LectureFilterForm, SignupForm, show_error
from families.models import RegistrationStatus
from families.selectors import lectures as selectors
from families.services import lectures as services
from families.services.errors import FamiliesError


def lecture_list(request):
    parent_schools = list(selectors.parent_schools_with_lectures(request.user))
    form = LectureFilterForm(request.GET or None, parent_schools=parent_schools)
    filters = form.cleaned_data if form.is_valid() else {}
    where = filters.get("where")
    past = request.GET.get("past") == "1"
    lectures = selectors.lectures_for(
        request.user,
        parent_school_id=filters.get("parent_school"),
        level=filters.get("level") or "",
        online={"online": True, "venue": False}.get(where),
        past=past,
    )
    lectures = selectors.with_my_status(lectures, request.user)
    page = Paginator(lectures, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/lectures/list.html",
        {"page_obj": page, "form": form, "past": past, "query": query.urlencode()},
    )


def lecture_detail(request, pk: int):
    lecture = selectors.get_lecture_for(request.user, pk)
    return _detail(request, lecture, SignupForm())


def _detail(request, lecture, form, status=200):
    return render(
        request,
        "families/lectures/detail.html",
        {
            "lecture": lecture,
            "form": form,
            "registration": selectors.active_registration(request.user, lecture),
            "waiting": selectors.waiting_count(lecture),
            "may_manage": request.user.is_authenticated
            and selectors.may_manage_lecture(request.user, lecture),
        },
        status=status,
    )


@login_required
@require_POST
def register(request, pk: int):
    lecture = selectors.get_lecture_for(request.user, pk)
    form = SignupForm(request.POST)
    if form.is_valid():
        try:
            registration = services.register_for_lecture(
                lecture=lecture, user=request.user, seats=form.cleaned_data["seats"]
            )
        except FamiliesError as error:
            show_error(form, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request,
                    _("Your seats are confirmed. Check-in code: %(code)s")
                    % {"code": registration.check_in_code},
                )
            else:
                messages.info(
                    request,
                    _(
                        "The lecture is full; you are on the waiting list. We will tell you "
                        "if a seat frees up."
                    ),
                )
            return redirect("families:lecture-detail", pk=lecture.pk)
    lecture.refresh_from_db(fields=["seats_taken"])
    return _detail(request, lecture, form, status=400)


@login_required
def my_registrations(request):
    page = Paginator(selectors.registrations_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "families/lectures/mine.html", {"page_obj": page})


def _back(request, registration):
    if request.POST.get("next") == "mine":
        return redirect("families:my-registrations")
    return redirect("families:lecture-detail", pk=registration.lecture_id)


@login_required
@require_POST
def cancel(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    was_waiting = registration.status == RegistrationStatus.WAITING
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except FamiliesError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You have left the waiting list.")
            if was_waiting
            else _("Registration cancelled; your seats go to the next family waiting."),
        )
    return _back(request, registration)


@login_required
def calendar_file(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    url = request.build_absolute_uri(
        reverse("families:lecture-detail", args=[registration.lecture_id])
    )
    response = HttpResponse(
        services.registration_ics(registration=registration, url=url),
        content_type="text/calendar; charset=utf-8",
    )
    filename = f"lecture-{registration.lecture_id}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("", lecture_list, name="lectures"),
    path("<int:pk>/", lecture_detail, name="lecture-detail"),
    path("<int:pk>/register/", register, name="lecture-register"),
    path("mine/", my_registrations, name="my-registrations"),
    path("registrations/<int:pk>/cancel/", cancel, name="registration-cancel"),
    path("registrations/<int:pk>/calendar.ics", calendar_file, name="registration-ics"),
]
