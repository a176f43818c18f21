"""Pages of the "1+1+N" care networks: one's networks, setting one up, a
network's students overdue first with a contact form each (phone first),
choosing its students, and the district's networks per town."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.forms import show_error
from programs.forms.networks import (
    AddStudentsForm,
    ContactForm,
    NetworkForm,
    SchoolChoiceForm,
)
from programs.models import NetworkMember
from programs.selectors import networks as selectors
from programs.services import networks as services
from programs.services.errors import ProgramsError

# Enough to tick a class's students on a phone; more asks for a filter.
MAX_CANDIDATES = 60


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _kept_or_403(user, network):
    if not selectors.may_keep(user, network):
        raise PermissionDenied(_("Only the school's leaders and the district change a network."))


@login_required
def my_networks(request):
    closed = request.GET.get("status") == "closed"
    town = _int(request.GET.get("town"))
    networks = selectors.networks_for(request.user, active=not closed, town=town)
    page = Paginator(networks, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/networks/list.html",
        {
            "page": page,
            "networks": selectors.with_overdue_counts(request.user, page.object_list),
            "closed": closed,
            "town": town,
            "may_set_up": selectors.schools_for_setting_up(request.user).exists(),
            "districts": list(selectors.summary_districts(request.user)[:2]),
        },
    )


def _network_form(request, school, **kwargs) -> NetworkForm:
    return NetworkForm(
        request.POST if request.method == "POST" else None,
        towns=selectors.towns_of(school.district_id),
        heads=selectors.head_candidates(school.pk),
        cadres=selectors.cadre_candidates(school.district_id),
        cadre_places=selectors.cadre_places(school.district_id),
        **kwargs,
    )


@login_required
def new_network(request):
    schools = selectors.schools_for_setting_up(request.user)
    chosen = _int(request.POST.get("school") or request.GET.get("school"))
    if chosen is None:
        only = list(schools[:2])
        if not only:
            raise PermissionDenied(_("Networks are set up by school leaders and the district."))
        if len(only) > 1:
            return render(
                request,
                "programs/networks/choose_school.html",
                {"form": SchoolChoiceForm(schools=schools)},
            )
        school = only[0]
    else:
        school = schools.filter(pk=chosen).first()
        if school is None:
            raise Http404
    form = _network_form(request, school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            network = services.set_up_network(
                by=request.user,
                school=school,
                name=data["name"],
                town=data["town"],
                head=data["head"],
                cadre=data["cadre"],
                contact_every_days=data["contact_every_days"],
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Network set up. Now choose its students."))
            return redirect("programs:network-students", pk=network.pk)
    return render(
        request,
        "programs/networks/form.html",
        {"form": form, "school": school, "network": None},
    )


@login_required
def edit_network(request, pk: int):
    network = selectors.network_for(request.user, pk)
    _kept_or_403(request.user, network)
    initial = {
        "name": network.name,
        "town": network.town_id,
        "head": network.head_id,
        "cadre": network.cadre_id,
        "contact_every_days": network.contact_every_days,
    }
    form = _network_form(request, network.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_network(
                network=network,
                by=request.user,
                name=data["name"],
                town=data["town"],
                head=data["head"],
                cadre=data["cadre"],
                contact_every_days=data["contact_every_days"],
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Network saved."))
            return redirect("programs:network-detail", pk=network.pk)
    return render(
        request,
        "programs/networks/form.html",
        {"form": form, "school": network.school, "network": network},
    )


def _detail(request, network, *, failed: ContactForm | None = None):
    rows = selectors.members_of(request.user, network)
    may_log = network.is_active and selectors.may_log_contacts(request.user, network)
    failed_student = failed.data.get("student") if failed is not None else None
    for row in rows:
        if may_log:
            if failed_student == str(row.student.pk):
                row.form, row.open = failed, True
            else:
                row.form = ContactForm(
                    auto_id=f"id_{row.student.pk}_%s", initial={"student": row.student.pk}
                )
    return render(
        request,
        "programs/networks/detail.html",
        {
            "network": network,
            "rows": rows,
            "overdue": sum(row.overdue for row in rows),
            "contacts": selectors.contacts_of(request.user, network)[:10],
            "may_log": may_log,
            "may_keep": selectors.may_keep(request.user, network),
            "may_keep_members": selectors.may_keep_members(request.user, network),
        },
    )


@login_required
def network_detail(request, pk: int):
    return _detail(request, selectors.network_for(request.user, pk))


@login_required
@require_POST
def log_contact(request, pk: int):
    network = selectors.network_for(request.user, pk)
    student_pk = _int(request.POST.get("student"))
    form = ContactForm(request.POST, auto_id=f"id_{student_pk}_%s")
    member = (
        access.visible(request.user, NetworkMember)
        .filter(network=network, student_id=student_pk)
        .select_related("student")
        .first()
    )
    if member is None:
        messages.error(request, _("Choose a student of this network."))
        return redirect("programs:network-detail", pk=pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.log_contact(
                network=network,
                student=member.student,
                by=request.user,
                contacted_on=data["contacted_on"],
                kind=data["kind"],
                note=data["note"],
            )
        except ProgramsError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect("programs:network-detail", pk=pk)
            show_error(form, error)
        else:
            messages.success(
                request, _("Contact with %(name)s logged.") % {"name": member.student.name}
            )
            # Back to the top ("#top" by the HTML rules; the form's #member-… would otherwise
            # carry over): the message, then whoever is overdue next.
            return redirect(f"{reverse('programs:network-detail', args=[pk])}#top")
    return _detail(request, network, failed=form)


@login_required
def add_students(request, pk: int):
    network = selectors.network_for(request.user, pk)
    if not selectors.may_keep_members(request.user, network):
        raise PermissionDenied(services.only_keepers_choose())
    school_class = _int(request.GET.get("class"))
    name = request.GET.get("q", "").strip()[:50]
    candidates = selectors.student_candidates(
        request.user, network, school_class=school_class, name=name
    )
    form = AddStudentsForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_students(
                network=network, students=form.cleaned_data["students"], by=request.user
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(
                request, _("%(count)d students added to the network.") % {"count": len(added)}
            )
            return redirect("programs:network-detail", pk=pk)
    shown = list(candidates[: MAX_CANDIDATES + 1])
    return render(
        request,
        "programs/networks/students.html",
        {
            "network": network,
            "form": form,
            "candidates": shown[:MAX_CANDIDATES],
            "more": len(shown) > MAX_CANDIDATES,
            "classes": selectors.classes_for_candidates(request.user, network),
            "members": selectors.members_of(request.user, network),
            "school_class": school_class,
            "q": name,
        },
    )


@login_required
@require_POST
def remove_student(request, pk: int, student_pk: int):
    network = selectors.network_for(request.user, pk)
    member = (
        access.visible(request.user, NetworkMember)
        .filter(network=network, student_id=student_pk)
        .select_related("student")
        .first()
    )
    if member is None:
        raise Http404
    try:
        services.remove_student(network=network, student=member.student, by=request.user)
    except ProgramsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s left the network.") % {"name": member.student.name})
    return redirect("programs:network-detail", pk=pk)


def _set_active(request, pk: int, *, active: bool):
    network = selectors.network_for(request.user, pk)
    change = services.reactivate_network if active else services.deactivate_network
    try:
        change(network=network, by=request.user)
    except ProgramsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Network reopened.") if active else _("Network closed."))
    return redirect("programs:network-detail", pk=pk)


@login_required
@require_POST
def deactivate_network(request, pk: int):
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def reactivate_network(request, pk: int):
    return _set_active(request, pk, active=True)


@login_required
def districts(request):
    found = list(selectors.summary_districts(request.user))
    if not found:
        raise Http404
    if len(found) == 1:
        return redirect("programs:network-district", pk=found[0].pk)
    return render(request, "programs/networks/districts.html", {"districts": found})


@login_required
def district(request, pk: int):
    found = selectors.summary_district_or_404(request.user, pk)
    return render(
        request,
        "programs/networks/district.html",
        {
            "summary": selectors.district_summary(request.user, found),
            "several": selectors.summary_districts(request.user)[1:2].exists(),
        },
    )


urlpatterns = [
    path("", my_networks, name="networks"),
    path("new/", new_network, name="network-new"),
    path("districts/", districts, name="network-districts"),
    path("districts/<int:pk>/", district, name="network-district"),
    path("<int:pk>/", network_detail, name="network-detail"),
    path("<int:pk>/edit/", edit_network, name="network-edit"),
    path("<int:pk>/close/", deactivate_network, name="network-deactivate"),
    path("<int:pk>/reopen/", reactivate_network, name="network-reactivate"),
    path("<int:pk>/contacts/", log_contact, name="network-contact"),
    path("<int:pk>/students/", add_students, name="network-students"),
    path(
        "<int:pk>/students/<int:student_pk>/remove/",
        remove_student,
        name="network-remove-student",
    ),
]
