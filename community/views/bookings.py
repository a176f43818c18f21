"""Pages for study-trip bookings: a school books a slot for a class, the
base's managers open slots and answer, both follow a booking, and schools
and districts see their participation per semester."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms.bookings import BookingForm, DeclineForm, SlotForm, show_error
from community.models import BookingStatus, EducationResource, ResourceCourse
from community.selectors import bookings as selectors
from community.services import bookings as services
from community.services.errors import CommunityError
from portal import access
from schools.models import Semester
from schools.services.semesters import current_semester


@login_required
def booking_list(request):
    bookings = selectors.bookings_for(request.user)
    status = request.GET.get("status", "")
    if status in BookingStatus.values:
        bookings = bookings.filter(status=status)
    page = Paginator(bookings, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "community/bookings/list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": BookingStatus.choices,
            "bases": list(selectors.managed_bases(request.user)),
            "may_book": selectors.may_book(request.user),
        },
    )


@login_required
def new_booking(request):
    resource_id = request.GET.get("resource") or request.POST.get("resource") or ""
    if not resource_id.isdigit():
        raise Http404
    resource = access.get_visible_or_404(request.user, EducationResource, pk=int(resource_id))
    classes = selectors.bookable_classes(request.user)
    if not classes.exists():
        raise Http404
    courses = ResourceCourse.objects.filter(resource=resource, is_active=True).order_by("title")
    slots = (
        selectors.upcoming_slots(request.user, resource)
        if request.method == "POST"
        else selectors.free_slots(request.user, resource)
    )
    initial = {}
    if request.GET.get("slot", "").isdigit():
        initial["slot"] = int(request.GET["slot"])
    form = BookingForm(
        request.POST or None, initial=initial, slots=slots, classes=classes, courses=courses
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.book_slot(
                slot=data["slot"],
                school_class=data["school_class"],
                students=data["students"],
                teachers=data["teachers"],
                course=data.get("course"),
                by=request.user,
            )
        except CommunityError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("Booked. %(base)s will confirm it.") % {"base": resource.name}
            )
            return redirect("community:booking-detail", pk=booking.pk)
    return render(
        request,
        "community/bookings/form.html",
        {"form": form, "resource": resource, "has_slots": slots.exists()},
    )


@login_required
def booking_detail(request, pk: int):
    booking = selectors.get_booking_for(request.user, pk)
    is_base = selectors.may_manage_base(request.user, booking.slot.resource)
    holding = booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    return render(
        request,
        "community/bookings/detail.html",
        {
            "booking": booking,
            "may_answer": is_base and booking.status == BookingStatus.REQUESTED,
            "may_cancel": holding and access.can_change(request.user, booking),
            "decline_form": DeclineForm(),
        },
    )


def _act(request, pk: int, action, success: str):
    booking = selectors.get_booking_for(request.user, pk)
    try:
        action(booking)
    except CommunityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("community:booking-detail", pk=booking.pk)


@login_required
@require_POST
def confirm(request, pk: int):
    return _act(
        request,
        pk,
        lambda booking: services.confirm_booking(booking=booking, by=request.user),
        _("Booking confirmed; the school has been told."),
    )


@login_required
@require_POST
def decline(request, pk: int):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda booking: services.decline_booking(booking=booking, by=request.user, reason=reason),
        _("Booking declined; the places are free again and the school has been told."),
    )


@login_required
@require_POST
def cancel(request, pk: int):
    return _act(
        request,
        pk,
        lambda booking: services.cancel_booking(booking=booking, by=request.user),
        _("Booking cancelled; the base has been told."),
    )


@login_required
def base_slots(request, resource_id: int):
    resource = access.get_visible_or_404(request.user, EducationResource, pk=resource_id)
    if not selectors.may_manage_base(request.user, resource):
        raise Http404
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slot = services.open_slot(resource=resource, by=request.user, **form.cleaned_data)
        except CommunityError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Slot opened: %(date)s %(start)s–%(end)s.")
                % {
                    "date": f"{slot.date:%Y-%m-%d}",
                    "start": f"{slot.starts_at:%H:%M}",
                    "end": f"{slot.ends_at:%H:%M}",
                },
            )
            return redirect("community:base-slots", resource_id=resource.pk)
    return render(
        request,
        "community/bookings/slots.html",
        {
            "resource": resource,
            "form": form,
            "slots": list(selectors.slots_of_base(request.user, resource)),
            "requests": list(
                selectors.bookings_for(request.user).filter(
                    slot__resource=resource, status=BookingStatus.REQUESTED
                )[:50]
            ),
        },
    )


def _semester(wanted: str) -> Semester:
    if wanted.isdigit():
        return get_object_or_404(Semester, pk=int(wanted))
    return current_semester()


@login_required
def participation(request):
    semester = _semester(request.GET.get("semester", ""))
    schools = selectors.school_participation(request.user, semester)
    districts = selectors.district_participation(request.user, semester)
    if not schools and not districts:
        raise Http404
    return render(
        request,
        "community/bookings/participation.html",
        {"semester": semester, "schools": schools, "districts": districts},
    )


urlpatterns = [
    path("", booking_list, name="bookings"),
    path("new/", new_booking, name="booking-new"),
    path("participation/", participation, name="participation"),
    path("bases/<int:resource_id>/slots/", base_slots, name="base-slots"),
    path("<int:pk>/", booking_detail, name="booking-detail"),
    path("<int:pk>/confirm/", confirm, name="booking-confirm"),
    path("<int:pk>/decline/", decline, name="booking-decline"),
    path("<int:pk>/cancel/", cancel, name="booking-cancel"),
]
