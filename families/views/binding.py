"""Pages for binding: the parent's "My family" home, binding a child,
the staff's printable binding codes, parent schools and their coverage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.forms.binding import CodeForm, ParentSchoolFilterForm, RosterForm
from families.selectors import binding as selectors
from families.selectors import parent_schools as school_selectors
from families.services import binding as services
from families.services.errors import BindingError


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@login_required
def home(request):
    return render(
        request,
        "families/home.html",
        {"links": list(selectors.children_of(request.user))},
    )


def _show_error(form, error: BindingError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
def bind(request):
    code_form, roster_form = CodeForm(prefix="code"), RosterForm(prefix="roster")
    if request.method == "POST":
        ip = client_ip(request)
        try:
            if request.POST.get("method") == "roster":
                roster_form = RosterForm(request.POST, prefix="roster")
                if roster_form.is_valid():
                    link = services.bind_with_roster(
                        user=request.user, ip=ip, **roster_form.cleaned_data
                    )
                    return _bound(request, link)
            else:
                code_form = CodeForm(request.POST, prefix="code")
                if code_form.is_valid():
                    link = services.bind_with_code(
                        user=request.user, code=code_form.cleaned_data["code"], ip=ip
                    )
                    return _bound(request, link)
        except BindingError as error:
            form = roster_form if request.POST.get("method") == "roster" else code_form
            _show_error(form, error)
    return render(
        request,
        "families/binding/bind.html",
        {
            "code_form": code_form,
            "roster_form": roster_form,
            "open_roster": request.POST.get("method") == "roster",
            "has_phone": bool(request.user.phone and request.user.phone_verified),
        },
    )


def _bound(request, link):
    messages.success(
        request, _("%(name)s is now linked to your account.") % {"name": link.student.name}
    )
    return redirect("families:home")


@login_required
def code_classes(request):
    classes = list(
        selectors.classes_for_codes(request.user)
        .filter(is_active=True)
        .order_by("school__code", "grade", "number")
    )
    if not classes:
        raise PermissionDenied(_("Binding codes are issued by head teachers and school leaders."))
    return render(request, "families/binding/code_classes.html", {"classes": classes})


@login_required
def binding_codes(request, pk: int):
    school_class = get_object_or_404(selectors.classes_for_codes(request.user), pk=pk)
    students = selectors.current_codes(request.user, school_class)
    return render(
        request,
        "families/binding/codes.html",
        {
            "school_class": school_class,
            "class_code": services.class_code_of(school_class),
            "students": students,
            "valid_days": services.CODE_VALID_DAYS,
        },
    )


@login_required
@require_POST
def issue_codes(request, pk: int):
    school_class = get_object_or_404(selectors.classes_for_codes(request.user), pk=pk)
    codes = services.issue_codes_for_class(issued_by=request.user, school_class=school_class)
    messages.success(
        request,
        _("New codes issued for %(count)d students. Earlier unused codes no longer work.")
        % {"count": len(codes)},
    )
    return redirect("families:binding-codes", pk=school_class.pk)


def parent_schools(request):
    districts = school_selectors.district_choices(request.user)
    form = ParentSchoolFilterForm(request.GET or None, districts=districts)
    level = district = None
    if form.is_valid():
        level = form.cleaned_data["level"] or None
        district = form.cleaned_data["district"] or None
    schools = school_selectors.parent_schools(request.user, level=level, district_id=district)
    page = Paginator(schools, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/binding/parent_schools.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_see_coverage": school_selectors.may_see_coverage(request.user),
        },
    )


@login_required
def parent_school_coverage(request):
    if not school_selectors.may_see_coverage(request.user):
        raise PermissionDenied(_("Parent-school coverage is for bureau staff."))
    return render(
        request,
        "families/binding/coverage.html",
        {"report": school_selectors.coverage(request.user)},
    )


urlpatterns = [
    path("", home, name="home"),
    path("bind/", bind, name="bind"),
    path("binding-codes/", code_classes, name="binding-code-classes"),
    path("binding-codes/classes/<int:pk>/", binding_codes, name="binding-codes"),
    path("binding-codes/classes/<int:pk>/issue/", issue_codes, name="issue-binding-codes"),
    path("parent-schools/", parent_schools, name="parent-schools"),
    path("parent-schools/coverage/", parent_school_coverage, name="parent-school-coverage"),
]
