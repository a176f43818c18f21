"""The counselling station and hotline (润心工作站): families ask for help, the
station's lead assigns a counsellor, requests move through their states, and
counsellors log hotline calls whose hours add up per month and year."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import (
    Channel,
    CounsellingRequest,
    CounsellingStation,
    CounsellingTopic,
    FamilyLink,
    ForWhom,
    HotlineCall,
    RequestStatus,
)
from portal import notify
from portal.models import User
from portal.targets import YEAR, register_indicator
from schools.models import Student

from .errors import FamiliesError

REQUEST_ASSIGNED = notify.register_kind(
    "families.counselling_assigned", _("My counselling request was taken up")
)
REQUEST_CLOSED = notify.register_kind(
    "families.counselling_closed", _("My counselling request was closed")
)
ASSIGNED_TO_ME = notify.register_kind(
    "families.counselling_to_me", _("Counselling requests assigned to me")
)
HOTLINE_HOURS = register_indicator(
    "families.hotline_hours_per_year",
    _("Counselling hotline hours per year"),
    default=2500,
    unit=_("hours"),
    period=YEAR,
    inherits=False,
)
COUNSELLING_REQUESTS = register_indicator(
    "families.counselling_requests",
    _("Counselling requests received"),
    default=None,
    unit=_("requests"),
    inherits=False,
)

MAX_CALL_LENGTH = datetime.timedelta(hours=4)

# Which state a request may move to from each state; assigning is its own step.
TRANSITIONS = {
    RequestStatus.NEW: {RequestStatus.CLOSED},
    RequestStatus.ASSIGNED: {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED},
    RequestStatus.IN_PROGRESS: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}


class CounsellingError(FamiliesError):
    """A counselling request or hotline call that breaks a rule."""


def station_for(student: Student | None) -> CounsellingStation:
    """The child's district station, else the city station."""
    if student is not None:
        station = CounsellingStation.objects.filter(district_id=student.district_id).first()
        if station is not None:
            return station
    station = CounsellingStation.objects.filter(district__isnull=True).first()
    if station is None:
        raise CounsellingError(_("No counselling station is open yet. Please call the school."))
    return station


def is_member(station: CounsellingStation, user: User) -> bool:
    return station.lead_id == user.pk or station.counsellors.filter(pk=user.pk).exists()


def _choice(value: str, choices, field: str, message) -> str:
    if value not in choices.values:
        raise CounsellingError(message, field=field)
    return value


@transaction.atomic
def request_counselling(
    *,
    requester: User,
    topic: str,
    for_whom: str,
    preferred_channel: str,
    description: str,
    preferred_time: str = "",
    student: Student | None = None,
) -> CounsellingRequest:
    _choice(topic, CounsellingTopic, "topic", _("Choose what you would like help with."))
    _choice(for_whom, ForWhom, "for_whom", _("Choose who the help is for."))
    _choice(preferred_channel, Channel, "preferred_channel", _("Choose how we should reach you."))
    description = (description or "").strip()
    if len(description) < 10:
        raise CounsellingError(
            _("Tell us in a sentence or two what you would like help with."), field="description"
        )
    if (
        student is not None
        and not FamilyLink.objects.filter(user=requester, student=student).exists()
    ):
        raise CounsellingError(_("Choose one of your own children."), field="student")
    return CounsellingRequest.objects.create(
        station=station_for(student),
        requester=requester,
        student=student,
        topic=topic,
        for_whom=for_whom,
        preferred_channel=preferred_channel,
        preferred_time=(preferred_time or "").strip()[:100],
        description=description,
    )


def _locked(request: CounsellingRequest) -> CounsellingRequest:
    return (
        CounsellingRequest.objects.select_for_update().select_related("station").get(pk=request.pk)
    )


@transaction.atomic
def assign_counsellor(
    *, request: CounsellingRequest, counsellor: User, by: User
) -> CounsellingRequest:
    request = _locked(request)
    station = request.station
    if by.pk != station.lead_id:
        raise CounsellingError(_("Only the station's lead assigns counsellors."))
    if request.status not in (RequestStatus.NEW, RequestStatus.ASSIGNED):
        raise CounsellingError(
            _("A request that is %(status)s cannot be assigned; reopen it first.")
            % {"status": request.get_status_display().lower()}
        )
    if not is_member(station, counsellor):
        raise CounsellingError(
            _("%(name)s is not a counsellor of this station.") % {"name": counsellor},
            field="counsellor",
        )
    if request.counsellor_id == counsellor.pk:
        return request
    request.counsellor = counsellor
    request.status = RequestStatus.ASSIGNED
    request.save(update_fields=["counsellor", "status"])
    subject = f"counselling:{request.pk}:assigned:{counsellor.pk}"
    notify.notify(
        kind=REQUEST_ASSIGNED.key,
        recipient=request.requester,
        subject_key=subject,
        title=_("A counsellor is taking up your request"),
        body=_("%(station)s will contact you as you asked.") % {"station": station.name},
        url=reverse("families:my-counselling"),
    )
    if counsellor.pk != by.pk:
        notify.notify(
            kind=ASSIGNED_TO_ME.key,
            recipient=counsellor,
            subject_key=subject,
            title=_("A counselling request was assigned to you"),
            body=request.get_topic_display(),
            url=reverse("families:counselling-detail", args=[request.pk]),
        )
    return request


@transaction.atomic
def move_request(
    *, request: CounsellingRequest, to: str, by: User, outcome: str = ""
) -> CounsellingRequest:
    """Start, close or reopen a request. The assigned counsellor and the
    lead move it on; only the lead reopens a closed one."""
    request = _locked(request)
    station = request.station
    is_lead = by.pk == station.lead_id
    if not (is_lead or by.pk == request.counsellor_id):
        raise CounsellingError(_("Only the assigned counsellor or the station's lead may do this."))
    current = RequestStatus(request.status)
    if to == RequestStatus.NEW and current == RequestStatus.CLOSED:
        if not is_lead:
            raise CounsellingError(_("Only the station's lead may reopen a request."))
        request.status = RequestStatus.ASSIGNED if request.counsellor_id else RequestStatus.NEW
        request.closed_at = None
        request.save(update_fields=["status", "closed_at"])
        return request
    if to not in TRANSITIONS[current]:
        raise CounsellingError(
            _("A request that is %(current)s cannot become %(target)s.")
            % {
                "current": current.label.lower(),
                "target": RequestStatus(to).label.lower() if to in RequestStatus.values else to,
            },
            field="status",
        )
    if to == RequestStatus.CLOSED:
        outcome = (outcome or "").strip()
        if not outcome:
            raise CounsellingError(
                _("Write the outcome before closing the request."), field="outcome"
            )
        if request.counsellor_id is None:
            request.counsellor = by
        request.outcome = outcome
        request.closed_at = timezone.now()
    request.status = to
    request.save(update_fields=["status", "outcome", "closed_at", "counsellor"])
    if to == RequestStatus.CLOSED:
        notify.notify(
            kind=REQUEST_CLOSED.key,
            recipient=request.requester,
            subject_key=f"counselling:{request.pk}:closed:{request.closed_at:%Y%m%d%H%M%S}",
            title=_("Your counselling request is closed"),
            body=request.outcome[:300],
            url=reverse("families:my-counselling"),
        )
    return request


@transaction.atomic
def log_hotline_call(
    *,
    station: CounsellingStation,
    counsellor: User,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    topic: str,
    caller: str,
    summary: str,
    anonymous: bool = True,
    caller_name: str = "",
) -> HotlineCall:
    if not is_member(station, counsellor):
        raise CounsellingError(_("Only the station's counsellors log its hotline calls."))
    if started_at is None or ended_at is None:
        raise CounsellingError(_("Give the start and end of the call."), field="started_at")
    if ended_at <= started_at:
        raise CounsellingError(_("The call must end after it starts."), field="ended_at")
    if ended_at > timezone.now() + datetime.timedelta(minutes=1):
        raise CounsellingError(_("The call cannot end in the future."), field="ended_at")
    if ended_at - started_at > MAX_CALL_LENGTH:
        raise CounsellingError(
            _("A call cannot last more than 4 hours; log a longer one as two calls."),
            field="ended_at",
        )
    _choice(topic, CounsellingTopic, "topic", _("Choose the call's topic."))
    _choice(caller, ForWhom, "caller", _("Choose who called."))
    summary = (summary or "").strip()
    if not summary:
        raise CounsellingError(_("Write a short summary of the call."), field="summary")
    caller_name = (caller_name or "").strip()
    if anonymous and caller_name:
        raise CounsellingError(
            _("An anonymous call has no caller's name; clear the name or untick anonymous."),
            field="caller_name",
        )
    return HotlineCall.objects.create(
        station=station,
        counsellor=counsellor,
        started_at=started_at,
        ended_at=ended_at,
        topic=topic,
        caller=caller,
        anonymous=anonymous,
        caller_name=caller_name[:50],
        summary=summary,
    )
