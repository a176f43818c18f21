"""Pages for family-education guidance activities: each school against the
target of activities per semester, per school and per district."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from portal import access
from portal.models import ScopeLevel
from schools.forms.activities import GuidanceActivityForm, show_error
from schools.models import District, GuidanceActivity, School
from schools.selectors import activities as selectors
from schools.services.activities import record_guidance_activity
from schools.services.errors import SchoolsError
from schools.services.semesters import current_semester


@login_required
def landing(request):
    """Sends each person to the level they work at: their school, their
    district, or (for the city) a choice of district."""
    levels = selectors.view_levels(request.user, GuidanceActivity)
    if ScopeLevel.CITY not in levels:
        districts = selectors.district_ids_in_reach(request.user, GuidanceActivity)
        if len(districts) == 1:
            return redirect("schools:activities-district", district_id=districts.pop())
        if not districts:
            schools = list(access.visible(request.user, School).values_list("pk", flat=True)[:2])
            if not schools:
                raise Http404
            if len(schools) == 1:
                return redirect("schools:activities-school", school_id=schools[0])
    semester = current_semester()
    return render(
        request,
        "schools/activities/city.html",
        {
            "semester": semester,
            "summaries": selectors.districts_summary(request.user, semester),
            "district_level": bool(levels & {ScopeLevel.CITY, ScopeLevel.DISTRICT}),
        },
    )


@login_required
def school_page(request, school_id: int):
    school = access.get_visible_or_404(
        request.user, School.objects.select_related("district"), pk=school_id
    )
    semester = current_semester()
    activities = list(selectors.activities_of_school(request.user, school, semester))
    target = selectors.activity_target(school, semester)
    may_record = selectors.may_record_activity(request.user, school)
    levels = selectors.view_levels(request.user, GuidanceActivity)
    return render(
        request,
        "schools/activities/school.html",
        {
            "school": school,
            "semester": semester,
            "activities": activities,
            "count": len(activities),
            "target": target,
            "met": len(activities) >= target,
            "may_record": may_record,
            "form": (
                GuidanceActivityForm(schools=School.objects.none(), fixed_school=school)
                if may_record
                else None
            ),
            "district_link": bool(levels & {ScopeLevel.CITY, ScopeLevel.DISTRICT}),
        },
    )


@login_required
def district_page(request, district_id: int):
    district = access.get_visible_or_404(request.user, District, pk=district_id)
    semester = current_semester()
    sort = request.GET.get("sort", "behind")
    if sort not in selectors.SORTS:
        sort = "behind"
    rows = selectors.district_progress(request.user, district, semester, sort)
    if not rows:
        raise Http404
    return render(
        request,
        "schools/activities/district.html",
        {
            "district": district,
            "semester": semester,
            "rows": rows,
            "sort": sort,
            "sort_options": [
                ("behind", _("Behind first")),
                ("name", _("School")),
                ("-count", _("Most activities")),
                ("count", _("Fewest activities")),
            ],
            "behind": sum(1 for row in rows if not row.met),
        },
    )


@login_required
def new_activity(request):
    schools = selectors.schools_for_recording(request.user, GuidanceActivity)
    if not schools.exists():
        raise PermissionDenied(_("You may not record guidance activities."))
    fixed = None
    chosen = request.GET.get("school", "")
    if chosen.isdigit():
        fixed = access.get_visible_or_404(request.user, schools, pk=int(chosen))
    form = GuidanceActivityForm(request.POST or None, schools=schools, fixed_school=fixed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = record_guidance_activity(
                school=data["school"],
                recorded_by=request.user,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                audience=data["audience"],
                attendance=data["attendance"],
                invited=data["invited"],
                notes=data["notes"],
            )
        except SchoolsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Activity recorded: %(title)s") % {"title": activity.title})
            return redirect(reverse("schools:activities-school", args=[activity.school_id]))
    return render(request, "schools/activities/new.html", {"form": form})


urlpatterns = [
    path("", landing, name="activities"),
    path("new/", new_activity, name="activity-new"),
    path("school/<int:school_id>/", school_page, name="activities-school"),
    path("district/<int:district_id>/", district_page, name="activities-district"),
]
