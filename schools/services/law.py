"""Rule-of-law vice principals (法治副校长): appointments to schools and the
law-education sessions they give."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from schools.models import LawAppointment, LawSession, LawVicePrincipal, School
from schools.selectors.law import active_on, may_record_session
from schools.services.errors import SchoolsError

MAX_SESSION_HOURS = Decimal(8)


@transaction.atomic
def appoint_vice_principal(
    *, vice_principal: LawVicePrincipal, school: School, starts_on: datetime.date, by
) -> LawAppointment:
    if not access.may_create(
        by, LawAppointment, district_id=school.district_id, school_id=school.pk
    ):
        raise PermissionDenied(_("You may not appoint vice principals to this school."))
    ongoing = LawAppointment.objects.filter(vice_principal=vice_principal, school=school).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ongoing.exists():
        raise SchoolsError(
            _("%(name)s is already appointed to %(school)s.")
            % {"name": vice_principal.name, "school": school.name},
            field="school",
        )
    return LawAppointment.objects.create(
        vice_principal=vice_principal,
        school=school,
        district_id=school.district_id,
        starts_on=starts_on,
    )


@transaction.atomic
def end_appointment(*, appointment: LawAppointment, ends_on: datetime.date, by) -> LawAppointment:
    if not access.may_create(
        by,
        LawAppointment,
        district_id=appointment.district_id,
        school_id=appointment.school_id,
    ):
        raise PermissionDenied(_("You may not change this appointment."))
    if ends_on <= appointment.starts_on:
        raise SchoolsError(
            _("The appointment must end after it started (%(day)s).")
            % {"day": appointment.starts_on.isoformat()},
            field="ends_on",
        )
    later = appointment.sessions.filter(held_on__gt=ends_on).order_by("-held_on").first()
    if later is not None:
        raise SchoolsError(
            _("A session on %(day)s was given under this appointment; end it on or after that day.")
            % {"day": later.held_on.isoformat()},
            field="ends_on",
        )
    appointment.ends_on = ends_on
    appointment.save(update_fields=["ends_on"])
    return appointment


def check_session(
    *,
    appointment: LawAppointment,
    held_on: datetime.date,
    class_hours: Decimal,
    topic: str,
    audience: str,
) -> None:
    if class_hours is None or class_hours <= 0:
        raise SchoolsError(_("Class hours must be more than 0."), field="class_hours")
    if class_hours > MAX_SESSION_HOURS:
        raise SchoolsError(
            _("One session counts at most %(max)s class hours.") % {"max": MAX_SESSION_HOURS},
            field="class_hours",
        )
    if held_on > timezone.localdate():
        raise SchoolsError(_("The session date cannot be in the future."), field="held_on")
    if not LawAppointment.objects.filter(pk=appointment.pk).filter(active_on(held_on)).exists():
        raise SchoolsError(
            _(
                "%(name)s was not appointed to %(school)s on %(day)s: a session is "
                "recorded during an active appointment."
            )
            % {
                "name": appointment.vice_principal.name,
                "school": appointment.school.name,
                "day": held_on.isoformat(),
            },
            field="held_on",
        )
    if not (topic or "").strip():
        raise SchoolsError(_("Give the session's topic."), field="topic")
    if not (audience or "").strip():
        raise SchoolsError(_("Say who the session was for."), field="audience")


@transaction.atomic
def record_law_session(
    *,
    appointment: LawAppointment,
    held_on: datetime.date,
    class_hours: Decimal,
    topic: str,
    audience: str,
    by,
) -> LawSession:
    if not may_record_session(by, appointment):
        raise PermissionDenied(_("You may not record sessions for this appointment."))
    check_session(
        appointment=appointment,
        held_on=held_on,
        class_hours=class_hours,
        topic=topic,
        audience=audience,
    )
    return LawSession.objects.create(
        appointment=appointment,
        school_id=appointment.school_id,
        district_id=appointment.district_id,
        held_on=held_on,
        class_hours=class_hours,
        topic=topic.strip(),
        audience=audience.strip(),
    )
