"""Reads of referrals: those sent to me or my department, those of the
cases I work on, one referral (audited)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal import access
from programs.models import Referral, ReferralStatus
from programs.services import history


def _rows(queryset: QuerySet) -> QuerySet[Referral]:
    return queryset.select_related(
        "case__student", "to_department", "to_organisation", "to_volunteer", "sent_by"
    ).order_by("status", "-sent_at")


def referrals_to_me(user) -> QuerySet[Referral]:
    return _rows(
        access.visible(user, Referral).filter(
            Q(to_department__liaisons=user) | Q(to_volunteer__account=user)
        )
    )


def referrals_of_my_cases(user) -> QuerySet[Referral]:
    return _rows(
        access.visible(user, Referral).exclude(
            Q(to_department__liaisons=user) | Q(to_volunteer__account=user)
        )
    )


def open_count_to_me(user) -> int:
    return referrals_to_me(user).filter(status=ReferralStatus.SENT).count()


def referral_for(user, pk: int, *, request=None) -> Referral:
    referral = access.get_visible_or_404(
        user,
        Referral.objects.select_related(
            "case__student__school_class__school",
            "case__lead",
            "to_department",
            "to_organisation",
            "to_volunteer",
            "sent_by",
            "answered_by",
        ),
        pk=pk,
    )
    history.read(user=user, obj=referral, district_id=referral.case.district_id, request=request)
    return referral


def receivers_for(case) -> dict:
    """Those a case may be referred to: active, and city-wide or of the
    case's district (the rule `send_referral` checks again)."""
    from community.models import Department, Organisation, Volunteer

    near = Q(district__isnull=True) | Q(district_id=case.district_id)
    return {
        "to_department": Department.objects.filter(near).order_by("kind", "name"),
        "to_organisation": Organisation.objects.filter(near, is_active=True).order_by("name"),
        "to_volunteer": Volunteer.objects.filter(
            is_active=True, districts=case.district_id
        ).order_by("name"),
    }
