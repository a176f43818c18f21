"""Completion (结业): a guardian who attends the lectures a course asks for
gets one completion record with a certificate number.

Certificate numbers run per year, TX2026-000001 upwards, with no gaps: a
transaction-scoped advisory lock for the year is taken just before the
number is chosen and held until commit, so two completions at the same
moment cannot pick the same number (the unique constraint on the number is
the database's backstop). Completions are rare (once per guardian and
course), so the brief serialisation costs nothing; a sequence would leave
gaps on every rollback and need one sequence per year.
"""

from __future__ import annotations

import zlib

from django.db import IntegrityError, connection, transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Completion, Course, Registration, RegistrationStatus
from portal import notify
from portal.models import User

COURSE_COMPLETED = notify.register_kind(
    "families.course_completed", _("My completion certificates")
)

NUMBER_PREFIX = "TX"


def attended_lectures(*, user: User, course: Course) -> int:
    return (
        Registration.objects.filter(
            user=user,
            lecture__course=course,
            status=RegistrationStatus.CONFIRMED,
            checked_in_at__isnull=False,
        )
        .values("lecture")
        .distinct()
        .count()
    )


def _lock_year(year: int) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite (a quick demo) runs one writer at a time anyway.
    key = zlib.crc32(f"tongxin:certificate:{year}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def next_certificate_number(year: int) -> str:
    """Call inside a transaction that holds the year's lock."""
    prefix = f"{NUMBER_PREFIX}{year}-"
    last = Completion.objects.filter(certificate_number__startswith=prefix).aggregate(
        last=Max(Cast(Substr("certificate_number", len(prefix) + 1), IntegerField()))
    )["last"]
    return f"{prefix}{(last or 0) + 1:06d}"


@transaction.atomic
def complete_if_qualified(*, user: User, course: Course | None) -> Completion | None:
    """The guardian's completion of the course: created the first time they
    meet its attendance rule, returned unchanged afterwards, `None` while
    they have not met it yet."""
    if course is None:
        return None
    existing = Completion.objects.filter(course=course, user=user).first()
    if existing is not None:
        return existing
    if attended_lectures(user=user, course=course) < course.lectures_to_complete:
        return None
    year = timezone.localdate().year
    _lock_year(year)
    # Another transaction may have completed this course for them while we
    # waited for the lock; under READ COMMITTED this query sees it.
    existing = Completion.objects.filter(course=course, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                course=course, user=user, certificate_number=next_certificate_number(year)
            )
    except IntegrityError:
        return Completion.objects.get(course=course, user=user)
    notify.notify(
        kind=COURSE_COMPLETED.key,
        recipient=user,
        subject_key=f"completion:{completion.pk}",
        title=gettext("You have completed %(course)s") % {"course": course.title},
        body=gettext("Your certificate %(number)s is ready to download.")
        % {"number": completion.certificate_number},
        url=reverse("families:my-completions"),
    )
    return completion
