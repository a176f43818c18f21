"""Tips (育人贴士) that the bureau or a school publishes to parents, and who
hears of them. Reading lists are curated in the back office."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import FamilyLink, Tip, TipAudience
from families.selectors import content as selectors
from portal import notify
from portal.models import User
from schools.models import Grade, School

from .errors import FamiliesError

TIP_PUBLISHED = notify.register_kind("families.tip", _("Tips for parents"))

# Parents told per task run; the next batch is queued by the task itself.
TIP_BATCH_SIZE = 500


class TipError(FamiliesError):
    """A tip that cannot be published as asked."""


@transaction.atomic
def publish_tip(
    *,
    by: User,
    title: str,
    body: str,
    audience: str,
    school: School | None = None,
    grade: int | None = None,
) -> Tip:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise TipError(_("Give the tip a title."), field="title")
    if not body:
        raise TipError(_("Write the text of the tip."), field="body")
    if audience not in TipAudience.values:
        raise TipError(_("Choose who the tip is for."), field="audience")
    if audience == TipAudience.ALL_PARENTS:
        if school is not None or grade is not None:
            raise TipError(_("A tip for all parents names no school or grade."), field="audience")
        if not selectors.may_publish_to_all(by):
            raise TipError(_("Only the city bureau may publish a tip to all parents."))
    else:
        if school is None:
            raise TipError(_("Choose the school the tip is for."), field="school")
        if not selectors.publishable_schools(by).filter(pk=school.pk).exists():
            raise TipError(_("You may not publish tips to this school."), field="school")
        if audience == TipAudience.SCHOOL and grade is not None:
            raise TipError(_("A tip for a whole school names no grade."), field="grade")
        if audience == TipAudience.GRADE:
            if grade is None:
                raise TipError(_("Choose the grade the tip is for."), field="grade")
            if grade not in school.grades:
                raise TipError(
                    _("%(school)s has no %(grade)s.")
                    % {"school": school.name, "grade": Grade(grade).label}
                    if grade in Grade.values
                    else _("There is no such grade."),
                    field="grade",
                )
    tip = Tip.objects.create(
        title=title,
        body=body,
        audience=audience,
        school=school,
        district_id=school.district_id if school is not None else None,
        grade=grade if audience == TipAudience.GRADE else None,
        published_by=by,
        published_at=timezone.now(),
    )
    _queue_tip_notifications(tip.pk)
    return tip


def _queue_tip_notifications(tip_id: int) -> None:
    from families.tasks_content import notify_tip_audience

    # After commit: a worker must find the tip the request has just saved.
    transaction.on_commit(lambda: notify_tip_audience.delay(tip_id))


def audience_user_ids(tip: Tip):
    """Accounts bound to a child in the tip's audience, each once, in id order."""
    links = FamilyLink.objects.filter(student__is_active=True)
    if tip.audience != TipAudience.ALL_PARENTS:
        links = links.filter(student__school_id=tip.school_id)
    if tip.audience == TipAudience.GRADE:
        links = links.filter(student__school_class__grade=tip.grade)
    return links.order_by("user_id").values_list("user_id", flat=True).distinct()


def notify_tip_batch(*, tip: Tip, after_user_id: int = 0, size: int | None = None) -> int | None:
    """Tell the next `size` parents of the audience; returns the last user id
    told, or None when the audience is done. The notification's key (tip,
    person, publishing time) makes a rerun tell nobody twice."""
    size = size or TIP_BATCH_SIZE
    user_ids = list(audience_user_ids(tip).filter(user_id__gt=after_user_id)[:size])
    url = reverse("families:tips")
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        notify.notify(
            kind=TIP_PUBLISHED.key,
            recipient=user,
            subject_key=f"tip:{tip.pk}",
            title=tip.title,
            body=tip.body[:300],
            url=url,
            due_at=tip.published_at,
        )
    if len(user_ids) < size:
        return None
    return user_ids[-1]
