"""Celery tasks for the care programs: thin shells around their services."""

from datetime import date

from celery import shared_task

from programs.services import referrals, reminders


@shared_task(acks_late=True)
def escalate_unanswered_referrals() -> int:
    """Escalate referrals left unanswered past their days; each once."""
    return referrals.escalate_unanswered_referrals()


@shared_task(acks_late=True)
def send_review_reminders(today: str | None = None) -> int:
    """Tell each case lead, once a week, of reviews due or overdue."""
    return reminders.send_review_reminders(today=date.fromisoformat(today) if today else None)


@shared_task(acks_late=True)
def send_referral_reminders(days_ahead: int = 2) -> int:
    """Remind receivers of referrals soon due for an answer; each once."""
    return reminders.send_referral_reminders(days_ahead=days_ahead)
