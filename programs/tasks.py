"""Celery tasks for the care programs: thin shells around their services."""

from celery import shared_task

from programs.services import referrals


@shared_task(acks_late=True)
def escalate_unanswered_referrals() -> int:
    """Escalate referrals left unanswered past their days; each once."""
    return referrals.escalate_unanswered_referrals()
