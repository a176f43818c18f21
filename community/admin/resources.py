"""Back office for the education map: places and practice bases with their
courses, study-tour providers and the approval (遴选) history. Approval
status and the recommended list change only through the services, by the
admin actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.forms.resources import EducationResourceAdminForm
from community.models import (
    ApprovalRecord,
    ApprovalStatus,
    EducationResource,
    ResourceCourse,
    StudyTourProvider,
)
from community.services import resources as services
from community.services.errors import CommunityError
from portal import access
from portal.admin_scoping import BoundedInline, ReadOnlyScopedAdmin, ScopedAdmin


def _run(modeladmin, request, queryset, change, done_message):
    """Apply a service to each chosen row; report what worked and what did not."""
    done = 0
    for obj in queryset:
        try:
            change(obj)
        except CommunityError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class ScopedInline(BoundedInline):
    """Inline rows follow the access layer like the pages around them."""

    extra = 0

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return access.can_access_model(request.user, self.model, include_own=False)

    def has_add_permission(self, request, obj=None):
        return access.can_access_model(request.user, self.model, access.CHANGE, include_own=False)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj) and (
            obj is None or access.can_change(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class ResourceCourseInline(ScopedInline):
    model = ResourceCourse
    fields = ("title", "description", "duration_minutes", "is_active")


class ApprovalHistoryInline(ScopedInline):
    """Written by the services only."""

    model = ApprovalRecord
    fields = ("status", "note", "decided_by", "decided_at")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("approval history")

    def get_queryset(self, request):
        # The history belongs to the place or provider on the page, which the
        # person already reaches; providers' records have no district path.
        return BoundedInline.get_queryset(self, request).select_related("decided_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EducationResource)
class EducationResourceAdmin(ScopedAdmin):
    form = EducationResourceAdminForm
    list_display = (
        "name",
        "category",
        "district",
        "approval_status",
        "star_rating",
        "open_for_bookings",
        "capacity_per_visit",
    )
    list_filter = ("approval_status", "category", "district", "open_for_bookings", "star_rating")
    search_fields = ("name", "address", "description", "contact_name")
    list_select_related = ("district",)
    readonly_fields = ("approval_status", "created_at", "updated_at")
    filter_horizontal = ("managers",)
    inlines = (ResourceCourseInline, ApprovalHistoryInline)
    actions = ("approve", "suspend", "open_bookings", "close_bookings")
    fieldsets = (
        (None, {"fields": ("name", "category", "themes", "age_groups", "description")}),
        (
            _("Where"),
            {
                "fields": ("district", "town", "address", "latitude", "longitude"),
                "description": _(
                    "Coordinates must lie inside the city; they are checked when you save."
                ),
            },
        ),
        (
            _("Visiting"),
            {
                "fields": (
                    "opening_hours",
                    "capacity_per_visit",
                    "accessibility",
                    "contact_name",
                    "contact_phone",
                    "website",
                )
            },
        ),
        (
            _("Approval and bookings"),
            {
                "fields": (
                    "approval_status",
                    "star_rating",
                    "open_for_bookings",
                    "managers",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        services.save_resource(resource=obj, by=request.user)

    @admin.action(description=_("Approve (遴选通过)"))
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_resource_status(
                resource=obj, status=ApprovalStatus.APPROVED, by=request.user
            ),
            gettext("%(count)d places approved."),
        )

    @admin.action(description=_("Suspend"))
    def suspend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_resource_status(
                resource=obj,
                status=ApprovalStatus.SUSPENDED,
                by=request.user,
                note=gettext("Suspended in the back office."),
            ),
            gettext("%(count)d places suspended; they no longer take bookings."),
        )

    @admin.action(description=_("Open for school bookings"))
    def open_bookings(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_open_for_bookings(resource=obj, is_open=True, by=request.user),
            gettext("%(count)d places opened for bookings."),
        )

    @admin.action(description=_("Close for school bookings"))
    def close_bookings(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_open_for_bookings(
                resource=obj, is_open=False, by=request.user
            ),
            gettext("%(count)d places closed for bookings."),
        )


@admin.register(ResourceCourse)
class ResourceCourseAdmin(ScopedAdmin):
    list_display = ("title", "resource", "duration_minutes", "is_active")
    list_filter = ("is_active", "resource__category", "resource__district")
    search_fields = ("title", "description", "resource__name")
    list_select_related = ("resource",)


@admin.register(StudyTourProvider)
class StudyTourProviderAdmin(ScopedAdmin):
    list_display = ("name", "district", "approval_status", "is_recommended", "contact_name")
    list_filter = ("approval_status", "is_recommended", "district")
    search_fields = ("name", "credit_code", "contact_name", "description")
    list_select_related = ("district",)
    readonly_fields = ("approval_status", "is_recommended")
    inlines = (ApprovalHistoryInline,)
    actions = ("approve", "suspend", "recommend", "unrecommend")

    def save_model(self, request, obj, form, change):
        services.save_provider(provider=obj, by=request.user)

    @admin.action(description=_("Approve (遴选通过)"))
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_provider_status(
                provider=obj, status=ApprovalStatus.APPROVED, by=request.user
            ),
            gettext("%(count)d providers approved."),
        )

    @admin.action(description=_("Suspend"))
    def suspend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.set_provider_status(
                provider=obj,
                status=ApprovalStatus.SUSPENDED,
                by=request.user,
                note=gettext("Suspended in the back office."),
            ),
            gettext("%(count)d providers suspended and taken off the recommended list."),
        )

    @admin.action(description=_("Put on the recommended list"))
    def recommend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.recommend_provider(
                provider=obj, recommended=True, by=request.user
            ),
            gettext("%(count)d providers put on the recommended list."),
        )

    @admin.action(description=_("Take off the recommended list"))
    def unrecommend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda obj: services.recommend_provider(
                provider=obj, recommended=False, by=request.user
            ),
            gettext("%(count)d providers taken off the recommended list."),
        )


@admin.register(ApprovalRecord)
class ApprovalRecordAdmin(ReadOnlyScopedAdmin):
    list_display = ("decided_at", "resource", "provider", "status", "decided_by", "note")
    list_filter = ("status", "resource__district")
    search_fields = ("resource__name", "provider__name", "note")
    list_select_related = ("resource", "provider", "decided_by")
