"""The care programmes in the back office: read-only (every change goes
through the services, on the care pages); every page is scoped to the case
team and the roles above it, so staff outside see nothing, and every case,
referral and alert opened here is written to the audit trail."""

from django.contrib import admin

from portal.admin_scoping import ReadOnlyScopedAdmin
from programs.services import history

from .models import (
    Alert,
    AlertStep,
    CareNetwork,
    Case,
    CaseTeamMember,
    FollowUp,
    Goal,
    NetworkContact,
    NetworkMember,
    Referral,
    Review,
)


class AuditedReadAdmin(ReadOnlyScopedAdmin):
    """Opening one record writes a read to the audit trail."""

    district_path = "district_id"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (
            self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        )
        if obj is not None and response.status_code == 200:
            district_id = obj
            for part in self.district_path.split("."):
                district_id = getattr(district_id, part)
            history.read(user=request.user, obj=obj, district_id=district_id, request=request)
        return response


@admin.register(Case)
class CaseAdmin(AuditedReadAdmin):
    list_display = ("__str__", "kind", "risk_level", "status", "school", "lead", "created_at")
    list_filter = ("kind", "status", "risk_level")
    search_fields = ("student__name", "lead__name")
    list_select_related = ("school", "lead")


@admin.register(CaseTeamMember)
class CaseTeamMemberAdmin(ReadOnlyScopedAdmin):
    list_display = ("case", "user", "part")
    list_filter = ("part",)
    search_fields = ("user__name", "user__username")


@admin.register(Goal)
class GoalAdmin(ReadOnlyScopedAdmin):
    list_display = ("goal", "case", "owner", "due_on", "status")
    list_filter = ("status",)
    search_fields = ("goal",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyScopedAdmin):
    list_display = ("case", "happened_on", "by")
    list_filter = ("happened_on",)
    search_fields = ("note",)


@admin.register(Review)
class ReviewAdmin(ReadOnlyScopedAdmin):
    list_display = ("case", "due_on", "done_on", "by")
    list_filter = ("due_on",)
    search_fields = ("summary",)
    list_select_related = ("case", "by")


@admin.register(Referral)
class ReferralAdmin(AuditedReadAdmin):
    district_path = "case.district_id"

    list_display = ("case", "status", "to_department", "to_organisation", "to_volunteer", "sent_at")
    list_filter = ("status",)
    search_fields = ("reason", "asked")
    list_select_related = ("case", "to_department", "to_organisation", "to_volunteer")


@admin.register(Alert)
class AlertAdmin(AuditedReadAdmin):
    list_display = ("__str__", "level", "source", "status", "school", "raised_at")
    list_filter = ("level", "source", "status")
    search_fields = ("student__name",)
    list_select_related = ("school",)


@admin.register(AlertStep)
class AlertStepAdmin(ReadOnlyScopedAdmin):
    list_display = ("alert", "at", "by", "action", "level")
    list_filter = ("level",)
    search_fields = ("action", "note")


@admin.register(CareNetwork)
class CareNetworkAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "school", "head", "cadre", "contact_every_days", "is_active")
    list_filter = ("is_active", "district")
    search_fields = ("name", "school__name")
    list_select_related = ("school", "head", "cadre")


@admin.register(NetworkMember)
class NetworkMemberAdmin(ReadOnlyScopedAdmin):
    list_display = ("network", "student", "joined_on")
    list_filter = ("joined_on",)
    search_fields = ("student__name", "network__name")
    list_select_related = ("network", "student")


@admin.register(NetworkContact)
class NetworkContactAdmin(ReadOnlyScopedAdmin):
    list_display = ("network", "student", "contacted_on", "kind", "by")
    list_filter = ("kind",)
    search_fields = ("student__name", "note")
    list_select_related = ("network", "student", "by")
