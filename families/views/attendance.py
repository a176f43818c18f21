"""Pages for attendance and completion: a family's ticket with its QR code,
staff check-in and roll call, replays, completions and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from families import certificates
from families.forms.attendance import CheckInForm, VerifyCertificateForm
from families.models import Lecture, RegistrationStatus
from families.selectors import attendance as selectors
from families.services import attendance as services
from families.services.errors import FamiliesError
from portal import access


@login_required
def ticket(request, pk: int):
    registration = selectors.ticket_for(request.user, pk)
    show_code = registration.status == RegistrationStatus.CONFIRMED
    return render(
        request,
        "families/attendance/ticket.html",
        {
            "registration": registration,
            "lecture": registration.lecture,
            "show_code": show_code,
            "qr_svg": certificates.qr_svg(registration.check_in_code) if show_code else "",
        },
    )


@login_required
def lectures_to_run(request):
    return render(
        request,
        "families/attendance/lectures.html",
        {"lectures": selectors.lectures_to_run(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    lecture = selectors.lecture_to_run(request.user, pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(
                lecture=lecture, code=form.cleaned_data["code"], by=request.user
            )
        except FamiliesError as error:
            messages.error(request, error.message)
        else:
            registration = result.registration
            arguments = {
                "name": registration.user.display_name,
                "seats": registration.seats,
                "time": f"{timezone.localtime(registration.checked_in_at):%H:%M}",
            }
            if result.already:
                messages.info(
                    request, _("%(name)s was already checked in at %(time)s.") % arguments
                )
            else:
                messages.success(
                    request,
                    _("Checked in: %(name)s, %(seats)d seat(s), at %(time)s.") % arguments,
                )
        # Back to an empty field, ready for the next scan.
        return redirect("families:check-in", pk=lecture.pk)
    return render(request, "families/attendance/check_in.html", {"lecture": lecture, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, pk: int):
    lecture = selectors.lecture_to_run(request.user, pk)
    if request.method == "POST":
        try:
            ticked = [int(value) for value in request.POST.getlist("present")]
            added = services.mark_roll_call(
                lecture=lecture, registration_ids=ticked, by=request.user
            )
        except ValueError:
            messages.error(request, _("The roll call was not understood; nothing was saved."))
        except FamiliesError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)d families checked in.") % {"count": added})
        return redirect("families:roll-call", pk=lecture.pk)
    return render(
        request,
        "families/attendance/roll_call.html",
        {"lecture": lecture, "registrations": selectors.roll_call(lecture)},
    )


@require_http_methods(["GET", "POST"])
def replay(request, pk: int):
    lecture = access.get_visible_or_404(request.user, Lecture, pk=pk)
    try:
        services.record_replay_view(lecture=lecture, user=request.user)
    except FamiliesError as error:
        messages.error(request, error.message)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = "portal:home"
        return redirect(back)
    return redirect(lecture.replay_url)


@login_required
def my_completions(request):
    return render(
        request,
        "families/attendance/completions.html",
        {"completions": selectors.my_completions(request.user)},
    )


@login_required
def certificate(request, pk: int):
    completion = selectors.completion_for_owner(request.user, pk)
    pdf = certificates.render_certificate_pdf(completion)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates.certificate_filename(completion)}"'
    )
    return response


def verify_certificate(request):
    form = VerifyCertificateForm(request.GET or None)
    completion = None
    searched = form.is_valid()
    if searched:
        completion = selectors.certificate_by_number(form.cleaned_data["number"])
    return render(
        request,
        "families/attendance/verify.html",
        {
            "form": form,
            "searched": searched,
            "completion": completion,
            "masked_name": selectors.public_name(completion.user) if completion else "",
        },
    )


urlpatterns = [
    path("tickets/<int:pk>/", ticket, name="ticket"),
    path("lectures/", lectures_to_run, name="attendance-lectures"),
    path("lectures/<int:pk>/check-in/", check_in, name="check-in"),
    path("lectures/<int:pk>/roll-call/", roll_call, name="roll-call"),
    path("lectures/<int:pk>/replay/", replay, name="replay"),
    path("completions/", my_completions, name="my-completions"),
    path("completions/<int:pk>/certificate.pdf", certificate, name="certificate"),
    path("certificates/verify/", verify_certificate, name="verify-certificate"),
]
