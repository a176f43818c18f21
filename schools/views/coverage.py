"""Pages for home-visit coverage: the city's districts, a district's schools,
a school's classes, and a class's students not yet visited."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from schools.selectors import coverage as selectors
from schools.services.semesters import current_semester


def _sorting(request) -> tuple[str, bool]:
    key = request.GET.get("sort", "coverage")
    descending = request.GET.get("dir") == "desc"
    if key.startswith("-"):
        key, descending = key[1:], True
    if key not in selectors.SORT_KEYS:
        key = "coverage"
    return key, descending


def _render(request, report):
    key, descending = _sorting(request)
    report.rows = selectors.sort_rows(report.rows, key, descending)
    place_label = {"district": _("District"), "school": _("School"), "class": _("Class")}
    columns = [
        (name, label, name == key, descending if name == key else None)
        for name, label in (
            ("name", place_label[report.level]),
            ("unvisited", _("Not yet visited")),
            ("coverage", _("Coverage")),
        )
    ]
    return render(
        request,
        "schools/coverage/report.html",
        {"report": report, "columns": columns, "up": _up_link(request.user, report)},
    )


def _up_link(user, report) -> str | None:
    """The page one level up, where the person's reach includes it."""
    home = selectors.home_level(user)
    if report.place is None or home not in ("city", "district"):
        return None
    if report.level == "class":
        return reverse("schools:coverage-district", args=[report.place.district_id])
    return reverse("schools:coverage") if home == "city" else None


@login_required
def coverage(request):
    level = selectors.home_level(request.user)
    semester = current_semester()
    if level == "city":
        return _render(request, selectors.city_coverage(request.user, semester))
    if level == "district":
        districts = list(selectors.districts_in_reach(request.user)[:2])
        if len(districts) == 1:
            return redirect("schools:coverage-district", pk=districts[0].pk)
        return _render(request, selectors.city_coverage(request.user, semester))
    if level == "school":
        schools = list(selectors.schools_in_reach(request.user)[:2])
        if len(schools) == 1:
            return redirect("schools:coverage-school", pk=schools[0].pk)
        return _render(request, selectors.my_schools_coverage(request.user, semester))
    if level == "classes":
        return _render(request, selectors.my_classes_coverage(request.user, semester))
    raise PermissionDenied(_("Home-visit coverage is for bureau and school staff."))


@login_required
def district(request, pk: int):
    return _render(request, selectors.district_coverage(request.user, pk, current_semester()))


@login_required
def school(request, pk: int):
    return _render(request, selectors.school_coverage(request.user, pk, current_semester()))


@login_required
def unvisited(request, pk: int):
    school_class = selectors.class_in_reach_or_404(request.user, pk)
    semester = current_semester()
    students = list(selectors.class_students(request.user, school_class, semester))
    unvisited = [student for student in students if not student.visited]
    return render(
        request,
        "schools/coverage/unvisited.html",
        {
            "school_class": school_class,
            "semester": semester,
            "students": unvisited,
            "total": len(students),
            "visited": len(students) - len(unvisited),
        },
    )


urlpatterns = [
    path("", coverage, name="coverage"),
    path("districts/<int:pk>/", district, name="coverage-district"),
    path("schools/<int:pk>/", school, name="coverage-school"),
    path("classes/<int:pk>/unvisited/", unvisited, name="coverage-unvisited"),
]
