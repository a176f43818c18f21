from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access, health, notify, selectors
from portal.accounts import services
from portal.forms import ChannelsForm, preference_form_class
from portal.models import Notification, Role


def home(request):
    user = request.user
    has_own_page = user.is_authenticated and (
        services.may_use_workbench(user) or Role.PARENT in services.roles_of(user)
    )
    return render(request, "portal/home.html", {"has_own_page": has_own_page})


@login_required
def after_login(request):
    if services.may_use_workbench(request.user):
        return redirect("portal:workbench")
    if Role.PARENT in services.roles_of(request.user):
        return redirect("families:home")
    return redirect("portal:home")


# Anonymous visitors' choice lives in a cookie for a year; a logged-in
# person's on their account, so it follows them to another phone.
ELDER_COOKIE = "elder_mode"


@require_POST
def elder_mode(request):
    on = request.POST.get("on") == "1"
    if request.user.is_authenticated:
        services.set_elder_mode(user=request.user, on=on)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if on:
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


@login_required
def workbench(request):
    if not services.may_use_workbench(request.user):
        raise PermissionDenied(_("The workbench is for bureau, school and partner staff."))
    return render(
        request,
        "portal/workbench.html",
        {
            "assignments": selectors.role_assignments_of(request.user),
            "recent": selectors.inbox_for(request.user)[:5],
        },
    )


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/inbox.html", {"page": page})


@login_required
@require_POST
def read_notification(request, pk: int):
    notification = access.get_visible_or_404(request.user, Notification, access.CHANGE, pk=pk)
    notify.mark_read(user=request.user, notification=notification)
    if notification.url and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("portal:inbox")


@login_required
@require_POST
def read_all_notifications(request):
    notify.mark_all_read(user=request.user)
    return redirect("portal:inbox")


@login_required
def notification_settings(request):
    kinds = notify.kinds()
    preferences = selectors.preferences_of(request.user)
    initial = {item["kind"].key: item["mode"] for item in preferences}
    form_class = preference_form_class(kinds)
    user = request.user
    channels_initial = {
        "notify_by_email": user.notify_by_email,
        "notify_by_sms": user.notify_by_sms,
    }
    if request.method == "POST":
        channels = ChannelsForm(request.POST)
        form = form_class(request.POST)
        if channels.is_valid() and form.is_valid():
            notify.set_channels(user=user, **channels.cleaned_data)
            for key, mode in form.cleaned_data.items():
                if mode:
                    notify.set_preference(user=user, kind_key=key, mode=mode)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("portal:notification-settings")
    else:
        channels = ChannelsForm(initial=channels_initial)
        form = form_class(initial=initial)
    urgent = [kind for kind in kinds if kind.urgent]
    return render(
        request,
        "portal/notification_settings.html",
        {"form": form, "channels": channels, "urgent_kinds": urgent},
    )


@never_cache
def healthz(request):
    database = health.database_status()
    broker = health.broker_status()
    ok = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if ok else "degraded", "database": database, "broker": broker},
        status=200 if ok else 503,
    )
