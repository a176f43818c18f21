"""Care work, counted per school: numbers only, never names."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from portal.dashboard.measures import COUNT, Row, register_measure
from portal.dashboard.periods import Window
from programs.indicators import (
    NETWORK_CHILDREN,
    OPEN_PLANS,
    OVERDUE_REVIEWS,
    UNANSWERED_REFERRALS,
)
from programs.models import Case, NetworkMember, Referral, Review

from .common import grouped


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _open_on(window: Window, prefix: str = "") -> Q:
    """Approved by the end of the day and not closed by then."""
    end = _end_of(window.as_of)
    return Q(**{f"{prefix}approved_at__lte": end}) & (
        Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gt": end})
    )


@register_measure(OPEN_PLANS.key, COUNT)
def open_plans(window: Window) -> list[Row]:
    return grouped(Case.objects.filter(_open_on(window)), "district_id", "school_id", Count("pk"))


@register_measure(OVERDUE_REVIEWS.key, COUNT)
def overdue_reviews(window: Window) -> list[Row]:
    reviews = Review.objects.filter(_open_on(window, "case__"), due_on__lt=window.as_of).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=window.as_of)
    )
    return grouped(reviews, "case__district_id", "case__school_id", Count("pk"))


@register_measure(UNANSWERED_REFERRALS.key, COUNT)
def unanswered_referrals(window: Window) -> list[Row]:
    """Referrals whose days to answer had run out by the end of the day
    with no answer given by then."""
    end = _end_of(window.as_of)
    candidates = Referral.objects.filter(sent_at__lte=end).filter(
        Q(answered_at__isnull=True) | Q(answered_at__gt=end)
    )
    counts: dict[tuple, int] = {}
    for district_id, school_id, sent_at, days in candidates.values_list(
        "case__district_id", "case__school_id", "sent_at", "escalate_after_days"
    ).iterator():
        if sent_at + datetime.timedelta(days=days) < end:
            counts[(district_id, school_id)] = counts.get((district_id, school_id), 0) + 1
    return [
        Row(district_id=d, school_id=s, numerator=Decimal(n))
        for (d, s), n in sorted(counts.items())
    ]


@register_measure(NETWORK_CHILDREN.key, COUNT)
def network_children(window: Window) -> list[Row]:
    members = NetworkMember.objects.filter(network__is_active=True, joined_on__lte=window.as_of)
    return grouped(
        members,
        "network__district_id",
        "network__school_id",
        Count("student_id", distinct=True),
    )
