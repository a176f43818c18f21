"""Back office for departments, alliances, joint meetings and follow-up
tasks. Meetings are recorded on the portal's page, where the meeting, its
attendees and its tasks are saved together and owners are told; here they
are read and corrected. Importing the services registers their
notification kinds at start-up."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.models import Alliance, Department, FollowUpTask, JointMeeting, MeetingAttendee
from community.services import alliances as services
from community.services.errors import CommunityError
from portal import access
from portal.admin_scoping import BoundedInline, ScopedAdmin
from portal.phones import mask_phone


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("name", "kind", "district", "contact_name", "shown_phone")
    list_filter = ("kind", "district")
    search_fields = ("name", "contact_name")
    list_select_related = ("district",)
    filter_horizontal = ("liaisons",)

    def get_queryset(self, request):
        changeable = access.visible(request.user, Department, access.CHANGE)
        return (
            super()
            .get_queryset(request)
            .annotate(phone_in_full=Exists(changeable.filter(pk=OuterRef("pk"))))
        )

    @admin.display(description=_("contact phone"))
    def shown_phone(self, obj):
        phone = obj.contact_phone or ""
        return phone if getattr(obj, "phone_in_full", False) else mask_phone(phone)


class AllianceForm(forms.ModelForm):
    class Meta:
        model = Alliance
        fields = ("name", "kind", "purpose", "district", "departments", "schools", "established_on")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.validate_members(
                district=data.get("district"),
                departments=data.get("departments") or [],
                schools=data.get("schools") or [],
            )
        except CommunityError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


@admin.register(Alliance)
class AllianceAdmin(ScopedAdmin):
    form = AllianceForm
    list_display = ("name", "kind", "district", "established_on")
    list_filter = ("kind", "district")
    search_fields = ("name", "purpose")
    list_select_related = ("district",)
    filter_horizontal = ("departments", "schools")


class AttendeeInline(BoundedInline):
    model = MeetingAttendee
    extra = 0
    fields = ("name", "department", "school")
    autocomplete_fields = ("department", "school")


class TaskInline(BoundedInline):
    """Read here; new tasks go through the meeting page so the owner is told."""

    model = FollowUpTask
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("title", "owner", "owner_department", "due_on", "status", "outcome")
    readonly_fields = fields
    show_change_link = True


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedAdmin):
    list_display = ("alliance", "held_on", "location", "recorded_by")
    list_filter = ("alliance__kind", "district", "held_on")
    search_fields = ("alliance__name", "location", "minutes")
    list_select_related = ("alliance", "recorded_by")
    date_hierarchy = "held_on"
    fields = ("alliance", "held_on", "location", "minutes", "recorded_by")
    readonly_fields = ("alliance", "held_on", "recorded_by")
    inlines = [AttendeeInline, TaskInline]

    def has_add_permission(self, request):
        return False


@admin.register(MeetingAttendee)
class MeetingAttendeeAdmin(ScopedAdmin):
    list_display = ("name", "department", "school", "meeting")
    list_filter = ("department__kind", "meeting__alliance")
    search_fields = ("name", "department__name", "school__name")
    list_select_related = ("department", "school", "meeting__alliance")

    def has_add_permission(self, request):
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=FollowUpTask.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset


class FollowUpTaskForm(forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ("title", "owner", "owner_department", "due_on")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and self.instance.meeting_id and due_on < self.instance.meeting.held_on:
            raise forms.ValidationError(_("A task cannot be due before its meeting."))
        return due_on


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(ScopedAdmin):
    form = FollowUpTaskForm
    list_display = ("title", "owner", "owner_department", "due_on", "status", "meeting")
    list_filter = ("status", OverdueFilter, "owner_department__kind")
    search_fields = ("title", "owner__name", "owner__username", "outcome")
    list_select_related = ("owner", "owner_department", "meeting__alliance")
    readonly_fields = ("meeting", "status", "done_at", "outcome")
    actions = ["reopen"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Reopen the selected tasks"), permissions=["change"])
    def reopen(self, request, queryset):
        reopened = 0
        for task in queryset.filter(status=FollowUpTask.Status.DONE):
            services.reopen_task(by=request.user, task=task)
            reopened += 1
        self.message_user(
            request,
            ngettext("%(count)d task reopened.", "%(count)d tasks reopened.", reopened)
            % {"count": reopened},
            messages.SUCCESS,
        )
