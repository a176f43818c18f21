"""Pages for partners: the directory, volunteers with their hours this year,
logging and verifying hours, and a volunteer's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms.partners import VolunteerHoursForm
from community.models import Lecturer, Organisation, Volunteer, VolunteerHours
from community.selectors import partners as selectors
from community.services import partners as services
from community.services.errors import CommunityError
from portal import access
from schools.models import District


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def directory(request):
    user = request.user
    search = request.GET.get("q", "").strip()
    district_id = _int(request.GET.get("district"))
    page = Paginator(
        selectors.organisations_for(user, search=search, district_id=district_id), 30
    ).get_page(request.GET.get("page"))
    organisations = selectors.with_phones(
        user, page.object_list, field="contact_phone", model=Organisation
    )
    groups = list(selectors.lecturer_groups_for(user))
    lecturers = [lecturer for group in groups for lecturer in group.active_lecturers]
    may_change_lecturers = selectors.changeable_ids(user, Lecturer, [lec.pk for lec in lecturers])
    for lecturer in lecturers:
        lecturer.may_change = lecturer.pk in may_change_lecturers
    return render(
        request,
        "community/partners/directory.html",
        {
            "organisations": organisations,
            "page": page,
            "search": search,
            "district_id": district_id,
            "districts": list(access.visible(user, District).order_by("code")),
            "groups": groups,
            "may_see_organisations": access.can_access_model(user, Organisation),
            "may_see_volunteers": selectors.may_see_volunteers(user),
            "volunteer": selectors.volunteer_of(user),
        },
    )


@login_required
def volunteer_list(request):
    user = request.user
    if not selectors.may_see_volunteers(user):
        return redirect("community:volunteer-account")
    search = request.GET.get("q", "").strip()
    year = timezone.localdate().year
    page = Paginator(selectors.volunteers_for(user, year=year, search=search), 50).get_page(
        request.GET.get("page")
    )
    volunteers = selectors.with_phones(user, page.object_list, field="phone", model=Volunteer)
    return render(
        request,
        "community/partners/volunteers.html",
        {
            "volunteers": volunteers,
            "page": page,
            "search": search,
            "year": year,
            "may_log_hours": selectors.may_log_hours(user),
        },
    )


@login_required
def volunteer_hours(request, pk: int):
    """An officer's page for one volunteer: their hours, a form to log more
    and buttons to verify what is logged."""
    user = request.user
    volunteer = access.get_visible_or_404(
        user, Volunteer.objects.select_related("organisation"), access.CHANGE, pk=pk
    )
    reach = access.visible(user, District).order_by("code")
    serving = reach.filter(pk__in=volunteer.districts.values("pk"))
    districts = serving if serving.exists() else reach
    form = VolunteerHoursForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_volunteer_hours(by=user, volunteer=volunteer, **form.cleaned_data)
        except CommunityError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Hours logged; verify them once checked."))
            return redirect("community:volunteer-hours", pk=volunteer.pk)
    entries = list(selectors.hours_of(user, volunteer)[:100])
    may_verify = selectors.changeable_ids(user, VolunteerHours, [e.pk for e in entries])
    for entry in entries:
        entry.may_verify = entry.verified_at is None and entry.pk in may_verify
    volunteer.shown_phone = volunteer.phone
    return render(
        request,
        "community/partners/volunteer_hours.html",
        {
            "volunteer": volunteer,
            "form": form,
            "entries": entries,
            "totals": selectors.totals_of(volunteer),
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_POST
def verify_hours(request, pk: int):
    entry = access.get_visible_or_404(request.user, VolunteerHours, access.CHANGE, pk=pk)
    try:
        services.verify_volunteer_hours(by=request.user, entry=entry)
    except CommunityError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("Hours verified."))
    return redirect("community:volunteer-hours", pk=entry.volunteer_id)


@login_required
def volunteer_account(request):
    """A volunteer's own page: their hours and whether they are verified."""
    volunteer = selectors.volunteer_of(request.user)
    entries = list(selectors.hours_of(request.user, volunteer)[:100]) if volunteer else []
    return render(
        request,
        "community/partners/account.html",
        {
            "volunteer": volunteer,
            "entries": entries,
            "totals": selectors.totals_of(volunteer) if volunteer else None,
            "year": timezone.localdate().year,
        },
    )


urlpatterns = [
    path("", directory, name="partners"),
    path("volunteers/", volunteer_list, name="volunteers"),
    path("volunteers/<int:pk>/hours/", volunteer_hours, name="volunteer-hours"),
    path("hours/<int:pk>/verify/", verify_hours, name="verify-hours"),
    path("account/", volunteer_account, name="volunteer-account"),
]
