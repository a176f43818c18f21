"""A notification is a row with a unique key before it is a message."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationMode(models.TextChoices):
    INSTANT = "instant", _("Instantly")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Off")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject_key = models.CharField(_("subject"), max_length=200)
    due_at = models.DateTimeField(_("due at"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    mode = models.CharField(_("delivery"), max_length=8, choices=NotificationMode)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "recipient", "due_at"], name="notification_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DEFERRED = "deferred", _("Waiting for the daily digest")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        DIGESTED = "digested", _("Sent in a digest")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # When a task to send it was last put on the queue: the sweeper re-queues
    # only what has waited longer than the claim timeout, not a busy backlog.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")
        ]
        indexes = [
            models.Index(fields=["status", "claimed_at"]),
            models.Index(fields=["status", "queued_at"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.get_status_display()}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    mode = models.CharField(_("delivery"), max_length=8, choices=NotificationMode)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_per_kind")
        ]

    def __str__(self):
        return f"{self.kind}: {self.get_mode_display()}"
