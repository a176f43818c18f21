"""Pages for rule-of-law vice principals: the report of coverage and class
hours against the targets, and recording a session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.models import ScopeLevel
from schools.forms.activities import show_error
from schools.forms.law import LawSessionForm
from schools.models import District, LawSession
from schools.selectors import law as selectors
from schools.selectors.activities import view_levels
from schools.services.errors import SchoolsError
from schools.services.law import record_law_session


@login_required
def report(request):
    today = timezone.localdate()
    year = today.year
    district = None
    chosen = request.GET.get("district", "")
    if chosen.isdigit():
        district = access.get_visible_or_404(request.user, District, pk=int(chosen))
    schools = selectors.schools_report(request.user, year=year, today=today, district=district)
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    school_targets = selectors.hour_targets(((s.district_id, s.pk) for s in rows), year=year)
    for school in rows:
        school.target = school_targets[(school.district_id, school.pk)]
        school.met = school.hours >= school.target
    vice_principals = list(
        selectors.vice_principals_report(request.user, year=year, today=today, district=district)[
            :200
        ]
    )
    vp_targets = selectors.hour_targets(
        {(vp.district_id, None) for vp in vice_principals}, year=year
    )
    for vp in vice_principals:
        vp.target = vp_targets[(vp.district_id, None)]
        vp.met = vp.hours >= vp.target
    own = selectors.own_vice_principal(request.user)
    return render(
        request,
        "schools/law/report.html",
        {
            "year": year,
            "district": district,
            "districts": access.visible(request.user, District)
            if _sees_districts(request.user)
            else [],
            "page": page,
            "rows": rows,
            "coverage": selectors.coverage(schools, district),
            "vice_principals": vice_principals,
            "own": own,
            "may_record": own is not None
            or selectors.appointments_for_recording(request.user).exists(),
        },
    )


def _sees_districts(user) -> bool:
    return ScopeLevel.CITY in view_levels(user, LawSession)


@login_required
def new_session(request):
    appointments = selectors.appointments_for_recording(request.user)
    if not appointments.exists():
        raise PermissionDenied(_("You may not record law-education sessions."))
    form = LawSessionForm(request.POST or None, appointments=appointments)
    if request.method == "POST" and form.is_valid():
        try:
            session = record_law_session(by=request.user, **form.cleaned_data)
        except SchoolsError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Session recorded: %(hours)s class hours at %(school)s.")
                % {"hours": session.class_hours, "school": session.appointment.school.name},
            )
            return redirect("schools:law")
    return render(request, "schools/law/session_form.html", {"form": form})


urlpatterns = [
    path("", report, name="law"),
    path("sessions/new/", new_session, name="law-session-new"),
]
