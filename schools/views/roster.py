"""Pages for keeping the roster: importing the bureau's Excel template."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from schools.forms.roster import RosterImportForm
from schools.selectors.roster import importable_schools
from schools.services.roster_import import (
    MAX_ROWS,
    import_roster,
    template_header,
    template_workbook,
)

SHOWN_ERRORS = 500
TEMPLATE_NAME = "学生名册模板.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _schools_or_403(user):
    schools = importable_schools(user)
    if not schools.exists():
        raise PermissionDenied(
            _("Importing rosters is for school leaders and district and city officers.")
        )
    return schools


@login_required
def roster_import(request):
    schools = _schools_or_403(request.user)
    result = None
    if request.method == "POST":
        form = RosterImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = import_roster(
                by=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = RosterImportForm()
    shown = list(schools.order_by("district__code", "code")[:6])
    context = {
        "form": form,
        "result": result,
        "errors": result.errors[:SHOWN_ERRORS] if result else [],
        "hidden_errors": max(0, len(result.errors) - SHOWN_ERRORS) if result else 0,
        "error_rows": len({e.row for e in result.errors if e.row}) if result else 0,
        "schools": shown[:5],
        "more_schools": schools.count() - 5 if len(shown) > 5 else 0,
        "header": " ".join(template_header()),
        "max_rows": f"{MAX_ROWS:,}",
    }
    return render(request, "schools/roster/import.html", context)


@login_required
def roster_template(request):
    _schools_or_403(request.user)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"roster-template.xlsx\"; filename*=UTF-8''{quote(TEMPLATE_NAME)}"
    )
    return response


urlpatterns = [
    path("import/", roster_import, name="roster-import"),
    path("template.xlsx", roster_template, name="roster-template"),
]
