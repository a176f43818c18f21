"""Home visits (家访): "ten thousand teachers visit ten thousand homes"."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import Semester
from .org import District, School
from .roster import Student


class VisitForm(models.TextChoices):
    AT_HOME = "home", _("At home")
    AT_SCHOOL = "school", _("At school")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class PersonMet(models.TextChoices):
    PARENT = "parent", _("Parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_GUARDIAN = "other", _("Other guardian")


class VisitTopic(models.TextChoices):
    STUDY = "study", _("Study")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SAFETY = "safety", _("Safety, incl. drowning prevention")
    FAMILY_GUIDANCE = "family_guidance", _("Family-education guidance")
    POLICY = "policy", _("Policy explanation (double reduction, five controls)")


class HomeVisit(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("school")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("district")
    )
    semester = models.ForeignKey(
        Semester, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("semester")
    )
    visited_on = models.DateField(_("date of the visit"))
    form = models.CharField(_("form"), max_length=8, choices=VisitForm)
    people_met = models.JSONField(_("who was met"), default=list)
    topics = models.JSONField(_("topics"), default=list)
    summary = models.TextField(_("summary"))
    concerns = models.TextField(_("concerns"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    flagged_for_counsellor = models.BooleanField(
        _("concern flagged for the counsellor"), default=False
    )
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_home_visits",
        verbose_name=_("author"),
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="home_visits", verbose_name=_("teachers")
    )
    students = models.ManyToManyField(
        Student, through="VisitedStudent", related_name="home_visits", verbose_name=_("students")
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["school", "semester"]),
            models.Index(fields=["district", "semester"]),
            models.Index(fields=["author", "-visited_on"]),
            # The default order: the newest visits of millions, read from the index.
            models.Index(fields=["-visited_on", "-id"], name="schools_visit_newest_idx"),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.get_form_display()}"


class VisitedStudent(models.Model):
    """One student covered by a visit. The semester is the visit's and the
    school the student's own (a sibling at another school counts towards
    that school), so coverage is counted from this table alone."""

    visit = models.ForeignKey(
        HomeVisit, on_delete=models.CASCADE, related_name="visited", verbose_name=_("home visit")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="visits_received", verbose_name=_("student")
    )
    semester = models.ForeignKey(Semester, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("visited student")
        verbose_name_plural = _("visited students")
        constraints = [
            models.UniqueConstraint(fields=["visit", "student"], name="visited_student_once")
        ]
        indexes = [
            models.Index(fields=["semester", "student"]),
            models.Index(fields=["semester", "school"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.visit}"
