"""Pages for reading lists (父母必读书目) and tips (育人贴士)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from families.forms.content import TipForm, show_error
from families.selectors import content as selectors
from families.services.content import publish_tip
from families.services.errors import FamiliesError


def reading(request):
    return render(
        request, "families/content/reading.html", {"groups": selectors.reading_list(request.user)}
    )


@login_required
def tips(request):
    page = Paginator(selectors.tips_for_parent(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "families/content/tips.html",
        {
            "page": page,
            "tips": page.object_list,
            "may_publish": selectors.may_publish(request.user),
        },
    )


@login_required
def new_tip(request):
    schools = selectors.publishable_schools(request.user)
    to_all = selectors.may_publish_to_all(request.user)
    if not (to_all or schools.exists()):
        raise PermissionDenied(_("You may not publish tips."))
    form = TipForm(request.POST or None, schools=schools, may_publish_to_all=to_all)
    if request.method == "POST" and form.is_valid():
        try:
            tip = publish_tip(by=request.user, **form.cleaned_data)
        except FamiliesError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Tip published: %(title)s. The parents it is for will be told.")
                % {"title": tip.title},
            )
            return redirect("families:tips-published")
    return render(request, "families/content/tip_new.html", {"form": form})


@login_required
def published_tips(request):
    if not selectors.may_publish(request.user):
        raise PermissionDenied(_("You may not publish tips."))
    page = Paginator(selectors.published_tips(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request, "families/content/tips_published.html", {"page": page, "tips": page.object_list}
    )


urlpatterns = [
    path("reading/", reading, name="reading"),
    path("tips/", tips, name="tips"),
    path("tips/new/", new_tip, name="tip-new"),
    path("tips/published/", published_tips, name="tips-published"),
]
