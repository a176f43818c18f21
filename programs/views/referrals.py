"""Pages of referrals (转介): sending one from a case, the receiver's
list and answer, and closing the loop with the service given."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import Department, Organisation, Volunteer
from portal.forms import show_error
from programs.forms.referrals import AnswerForm, ReferralForm
from programs.selectors import cases as case_selectors
from programs.selectors import referrals as selectors
from programs.services import cases as case_rules
from programs.services import history
from programs.services import referrals as services
from programs.services.errors import ProgramsError

RECEIVERS = {
    "department": ("to_department", Department),
    "organisation": ("to_organisation", Organisation),
    "volunteer": ("to_volunteer", Volunteer),
}


def _receiver(value: str) -> dict:
    kind, _sep, pk = (value or "").partition(":")
    if kind not in RECEIVERS or not pk.isdigit():
        return {}
    field, model = RECEIVERS[kind]
    row = model.objects.filter(pk=int(pk)).first()
    return {field: row} if row else {}


@login_required
def new_referral(request, case_pk: int):
    case = case_selectors.case_for(request.user, case_pk, request=request)
    if not case_rules.may_work_on(request.user, case):
        raise Http404
    receivers = selectors.receivers_for(case)
    form = ReferralForm(
        request.POST or None,
        departments=receivers["to_department"],
        organisations=receivers["to_organisation"],
        volunteers=receivers["to_volunteer"],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.send_referral(
                case=case,
                by=request.user,
                reason=data["reason"],
                asked=data["asked"],
                escalate_after_days=data["escalate_after_days"],
                **_receiver(data["receiver"]),
            )
        except ProgramsError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Referral sent. The receiver has been told."))
            return redirect("programs:referral-detail", pk=referral.pk)
    return render(request, "programs/referrals/new.html", {"case": case, "form": form})


@login_required
def referral_list(request):
    to_me = list(selectors.referrals_to_me(request.user)[:100])
    of_my_cases = list(selectors.referrals_of_my_cases(request.user)[:100])
    history.read_list(
        user=request.user,
        rows=[*to_me, *of_my_cases],
        district_of=lambda referral: referral.case.district_id,
        request=request,
    )
    return render(
        request, "programs/referrals/list.html", {"to_me": to_me, "of_my_cases": of_my_cases}
    )


@login_required
def referral_detail(request, pk: int):
    referral = selectors.referral_for(request.user, pk, request=request)
    context = {
        "referral": referral,
        "may_answer": services.may_answer(request.user, referral),
        "on_case": case_rules.may_work_on(request.user, referral.case),
        "form": AnswerForm(),
    }
    return render(request, "programs/referrals/detail.html", context)


def _text(request) -> str:
    form = AnswerForm(request.POST)
    return form.cleaned_data["text"] if form.is_valid() else ""


ACTIONS = {
    "accept": lambda r, by, text: services.accept_referral(referral=r, by=by, note=text),
    "decline": lambda r, by, text: services.decline_referral(referral=r, by=by, reason=text),
    "service": lambda r, by, text: services.record_service(referral=r, by=by, service_given=text),
}
DONE = {
    "accept": _("Referral accepted. The case team has been told."),
    "decline": _("Referral declined. The case team has been told."),
    "service": _("Service recorded; the loop is closed."),
}


@login_required
@require_POST
def referral_action(request, pk: int, name: str):
    if name not in ACTIONS:
        raise Http404
    referral = selectors.referral_for(request.user, pk, request=request)
    try:
        ACTIONS[name](referral, request.user, _text(request))
    except ProgramsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(DONE[name]))
    return redirect("programs:referral-detail", pk=referral.pk)


urlpatterns = [
    path("", referral_list, name="referrals"),
    path("new/<int:case_pk>/", new_referral, name="referral-new"),
    path("<int:pk>/", referral_detail, name="referral-detail"),
    path("<int:pk>/<slug:name>/", referral_action, name="referral-action"),
]
