"""Celery tasks for tips: thin shells around the content services."""

from celery import shared_task

from families.models import Tip
from families.services import content as services


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=30, max_retries=5, acks_late=True)
def notify_tip_audience(self, tip_id: int, after_user_id: int = 0) -> int | None:
    """Tell one batch of the tip's parents, then queue the next batch, so a
    tip to every parent of the city is many short tasks, not one long one."""
    tip = Tip.objects.filter(pk=tip_id).first()
    if tip is None:
        return None
    last = services.notify_tip_batch(tip=tip, after_user_id=after_user_id)
    if last is not None:
        notify_tip_audience.delay(tip_id, last)
    return last
