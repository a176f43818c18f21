"""Pages for home visits: a teacher's students, logging a visit, reading and
editing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from portal import access
from schools.forms.visits import HomeVisitForm
from schools.models import PersonMet, VisitTopic
from schools.selectors import visits as selectors
from schools.services import visits as services
from schools.services.errors import SchoolsError
from schools.services.semesters import current_semester


@login_required
def my_students(request):
    semester = current_semester()
    unvisited_only = request.GET.get("show") == "unvisited"
    students = list(selectors.my_students(request.user, semester))
    unvisited = sum(1 for student in students if not student.visited)
    shown = [s for s in students if not s.visited] if unvisited_only else students
    return render(
        request,
        "schools/visits/my_students.html",
        {
            "semester": semester,
            "students": shown,
            "total": len(students),
            "unvisited": unvisited,
            "unvisited_only": unvisited_only,
        },
    )


@login_required
def visit_list(request):
    semester = current_semester()
    visits = selectors.my_visits(request.user, semester=semester)
    return render(request, "schools/visits/list.html", {"semester": semester, "visits": visits})


def _save(request, form, save):
    """Run the service with the form's data; a broken rule becomes the
    form's error, a student out of reach a 404."""
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        return save()
    except services.VisitOutOfScope as error:
        raise Http404 from error
    except SchoolsError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@login_required
def visit_new(request):
    student = access.get_visible_or_404(
        request.user,
        services.visitable_students(request.user).select_related("school_class__school"),
        pk=request.GET.get("student"),
    )
    form = HomeVisitForm(
        request.POST or None,
        siblings=selectors.siblings_of(request.user, student),
        colleagues=services.staff_of_school(student.school_id).exclude(pk=request.user.pk),
    )
    visit = _save(
        request,
        form,
        lambda: services.log_visit(
            author=request.user,
            students=[student, *form.cleaned_data["siblings"]],
            **form.service_arguments(),
        ),
    )
    if visit is not None:
        messages.success(request, _("Home visit logged. You can change it for 7 days."))
        return redirect("schools:visit-detail", pk=visit.pk)
    guardianships = student.guardianships.select_related("guardian")
    return render(
        request,
        "schools/visits/form.html",
        {"form": form, "student": student, "guardianships": guardianships, "visit": None},
    )


@login_required
def visit_detail(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    editable = services.is_editable_by(visit, request.user)
    return render(
        request,
        "schools/visits/detail.html",
        {
            "visit": visit,
            "editable": editable,
            "is_author": visit.author_id == request.user.pk,
            "deadline": services.edit_deadline(visit),
            "students": [row.student for row in visit.visited.all()],
            "people_met": [PersonMet(value).label for value in visit.people_met],
            "topics": [VisitTopic(value).label for value in visit.topics],
        },
    )


@login_required
def visit_edit(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    if visit.author_id != request.user.pk:
        raise PermissionDenied(_("Only the teacher who logged this visit can change it."))
    if not services.is_editable_by(visit, request.user):
        messages.warning(
            request, _("This visit was logged more than 7 days ago and can no longer be changed.")
        )
        return redirect("schools:visit-detail", pk=visit.pk)
    visited = sorted(visit.visited.all(), key=lambda row: row.pk)
    first = visited[0].student
    initial = {
        "visited_on": visit.visited_on,
        "form": visit.form,
        "people_met": visit.people_met,
        "topics": visit.topics,
        "summary": visit.summary,
        "concerns": visit.concerns,
        "flag_for_counsellor": visit.flagged_for_counsellor,
        "follow_up_on": visit.follow_up_on,
        "siblings": [row.student_id for row in visited[1:]],
        "co_teachers": [t.pk for t in visit.teachers.all() if t.pk != visit.author_id],
    }
    form = HomeVisitForm(
        request.POST or None,
        initial=initial,
        siblings=selectors.siblings_of(request.user, first),
        colleagues=services.staff_of_school(visit.school_id).exclude(pk=request.user.pk),
    )
    saved = _save(
        request,
        form,
        lambda: services.update_visit(
            visit=visit,
            user=request.user,
            students=[first, *form.cleaned_data["siblings"]],
            **form.service_arguments(),
        ),
    )
    if saved is not None:
        messages.success(request, _("Home visit updated."))
        return redirect("schools:visit-detail", pk=visit.pk)
    return render(
        request,
        "schools/visits/form.html",
        {"form": form, "student": first, "visit": visit, "guardianships": ()},
    )


urlpatterns = [
    path("my-students/", my_students, name="my-students"),
    path("visits/", visit_list, name="visit-list"),
    path("visits/new/", visit_new, name="visit-new"),
    path("visits/<int:pk>/", visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", visit_edit, name="visit-edit"),
]
