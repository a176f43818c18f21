"""A weekly summary for each district officer of what is behind in their
district: the dashboard's own figures, so the message and the page agree.

One message per officer per ISO week (all their districts in it), keyed by
the week's code and its Monday, so a second beat or a retry sends nothing.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal import notify
from portal.dashboard.periods import window_for
from portal.dashboard.selectors import Area, figures_for
from portal.models import AreaLevel, Notification, Role, RoleAssignment, User
from programs.indicators import OVERDUE_REVIEWS, UNANSWERED_REFERRALS
from schools.indicators import GUIDANCE_ACTIVITIES, HOME_VISIT_COVERAGE, LAW_HOURS
from schools.models import District


def district_url(district: District) -> str:
    return reverse("dashboard:district", args=[district.pk])


def district_summary(district: District, today: datetime.date) -> str:
    figures = {
        figure.key: figure
        for figure in figures_for(
            Area(level=AreaLevel.DISTRICT, district=district),
            window_for(today, today=today),
            children=[],
        ).figures
    }

    def behind(key):
        figure = figures[key]
        return {"behind": figure.behind, "of": figure.totals.units}

    def count(key):
        return int(figures[key].value or 0)

    lines = [
        gettext("In %(district)s this week:") % {"district": district.name},
        gettext("· schools behind on home-visit coverage: %(behind)d of %(of)d")
        % behind(HOME_VISIT_COVERAGE.key),
        gettext("· schools behind on guidance activities: %(behind)d of %(of)d")
        % behind(GUIDANCE_ACTIVITIES.key),
        gettext("· vice principals behind on law-education hours: %(behind)d of %(of)d")
        % behind(LAW_HOURS.key),
        gettext("· care-plan reviews overdue: %(count)d") % {"count": count(OVERDUE_REVIEWS.key)},
        gettext("· referrals unanswered past their days: %(count)d")
        % {"count": count(UNANSWERED_REFERRALS.key)},
    ]
    return "\n".join(lines)


def send_district_digests(*, today: datetime.date | None = None) -> int:
    """Send each district officer this week's summary, once; returns how
    many are new. Each district is counted once however many officers it has."""
    today = today or timezone.localdate()
    week, monday = notify.iso_week(today)
    subject_key = f"district_digest:{week}"
    reminded = Notification.objects.filter(
        kind=notify.DISTRICT_DIGEST_KIND, subject_key=subject_key
    ).values("recipient_id")
    districts_of: dict[int, list[int]] = {}
    for user_id, district_id in (
        RoleAssignment.objects.filter(
            role=Role.DISTRICT_OFFICER, district__isnull=False, school__isnull=True
        )
        .exclude(user_id__in=reminded)
        .order_by("user_id", "district__code")
        .values_list("user_id", "district_id")
    ):
        districts_of.setdefault(user_id, []).append(district_id)
    districts = District.objects.in_bulk({d for ids in districts_of.values() for d in ids})
    summaries: dict[int, str] = {}
    created = 0
    for officer in User.objects.filter(pk__in=districts_of, is_active=True).order_by("pk"):
        mine = [districts[pk] for pk in districts_of[officer.pk]]
        for district in mine:
            if district.pk not in summaries:
                summaries[district.pk] = district_summary(district, today)
        if notify.notify(
            kind=notify.DISTRICT_DIGEST_KIND,
            recipient=officer,
            subject_key=subject_key,
            title=gettext("Weekly summary for %(districts)s, week %(week)s")
            % {"districts": "、".join(d.name for d in mine), "week": week},
            body="\n\n".join(summaries[district.pk] for district in mine),
            url=district_url(mine[0]),
            due_at=monday,
        ):
            created += 1
    return created
