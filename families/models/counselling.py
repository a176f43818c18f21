"""The counselling station and hotline (润心工作站): requests from families
and hotline calls, readable only by the station's counsellors and lead."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CounsellingStation(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for the city station."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_stations",
        verbose_name=_("station lead"),
    )
    counsellors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="counselling_stations", verbose_name=_("counsellors")
    )
    hotline = models.CharField(_("hotline number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("counselling station")
        verbose_name_plural = _("counselling stations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CounsellingTopic(models.TextChoices):
    PSYCHOLOGY = "psychology", _("Mental health")
    FAMILY_GUIDANCE = "family_guidance", _("Family-education guidance")
    STUDY_METHODS = "study_methods", _("Study methods")
    POLICY = "policy", _("Education policy")


class ForWhom(models.TextChoices):
    CHILD = "child", _("My child")
    MYSELF = "self", _("Myself")
    GRANDPARENT = "grandparent", _("A grandparent")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")
    MESSAGE = "message", _("Written reply")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned to a counsellor")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class CounsellingRequest(models.Model):
    station = models.ForeignKey(
        CounsellingStation,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("station"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="counselling_requests",
        verbose_name=_("asked by"),
    )
    student = models.ForeignKey(
        "schools.Student",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("child"),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=CounsellingTopic)
    for_whom = models.CharField(_("for whom"), max_length=12, choices=ForWhom)
    preferred_channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel)
    preferred_time = models.CharField(_("preferred time"), max_length=100, blank=True)
    description = models.TextField(_("what you would like help with"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus, default=RequestStatus.NEW
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_counselling",
        verbose_name=_("counsellor"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("counselling request")
        verbose_name_plural = _("counselling requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["station", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new") | Q(counsellor__isnull=False),
                name="request_assigned_has_counsellor",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="request_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} · {self.created_at:%Y-%m-%d}"


class HotlineCall(models.Model):
    station = models.ForeignKey(
        CounsellingStation,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("station"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hotline_calls",
        verbose_name=_("counsellor"),
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    topic = models.CharField(_("topic"), max_length=16, choices=CounsellingTopic)
    caller = models.CharField(_("caller"), max_length=12, choices=ForWhom)
    anonymous = models.BooleanField(_("anonymous caller"), default=True)
    caller_name = models.CharField(_("caller's name"), max_length=50, blank=True)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["station", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="call_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(caller_name=""), name="anonymous_call_has_no_name"
            ),
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_topic_display()}"
