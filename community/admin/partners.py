"""Back office for partners: organisations, volunteers and their hours,
lecturer groups. Hours follow the service's rules (a day's length, no
future dates); verifying is an action that calls the service."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.models import Lecturer, LecturerGroup, Organisation, Volunteer, VolunteerHours
from community.services import partners as services
from community.services.errors import CommunityError
from portal import access
from portal.admin_scoping import BoundedInline, ScopedAdmin
from portal.phones import mask_phone


class MaskedPhoneMixin:
    """Phones in full only on rows the person may change."""

    phone_field = "phone"

    def get_queryset(self, request):
        changeable = access.visible(request.user, self.model, access.CHANGE)
        return (
            super()
            .get_queryset(request)
            .annotate(phone_in_full=Exists(changeable.filter(pk=OuterRef("pk"))))
        )

    @admin.display(description=_("mobile number"))
    def shown_phone(self, obj):
        phone = getattr(obj, self.phone_field) or ""
        return phone if getattr(obj, "phone_in_full", False) else mask_phone(phone)


@admin.register(Organisation)
class OrganisationAdmin(MaskedPhoneMixin, ScopedAdmin):
    phone_field = "contact_phone"
    list_display = ("name", "kind", "district", "contact_name", "shown_phone", "is_active")
    list_filter = ("kind", "is_active", "district")
    search_fields = ("name", "credit_code", "services")
    list_select_related = ("district",)


class VolunteerHoursForm(forms.ModelForm):
    class Meta:
        model = VolunteerHours
        fields = ("volunteer", "served_on", "hours", "activity", "district")

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.volunteer_id:
            return
        try:
            services.validate_hours(
                volunteer=self.instance.volunteer,
                served_on=self.instance.served_on,
                hours=self.instance.hours,
                activity=self.instance.activity,
                exclude_pk=self.instance.pk,
            )
        except CommunityError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class VolunteerHoursInline(BoundedInline):
    """Read here; logged on the hours page or below, where the rules run."""

    model = VolunteerHours
    extra = 0
    fields = ("served_on", "hours", "activity", "district", "verified_by", "verified_at")
    readonly_fields = fields
    ordering = ("-served_on",)
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(Volunteer)
class VolunteerAdmin(MaskedPhoneMixin, ScopedAdmin):
    list_display = ("name", "shown_phone", "organisation", "joined_on", "is_active")
    list_filter = ("is_active", "organisation", "districts")
    search_fields = ("name", "phone")
    list_select_related = ("organisation",)
    filter_horizontal = ("districts",)
    autocomplete_fields = ("account",)
    inlines = [VolunteerHoursInline]


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(ScopedAdmin):
    form = VolunteerHoursForm
    list_display = ("volunteer", "served_on", "hours", "activity", "district", "verified_at")
    list_filter = ("district", ("verified_at", admin.EmptyFieldListFilter), "served_on")
    search_fields = ("volunteer__name", "activity")
    list_select_related = ("volunteer", "district")
    date_hierarchy = "served_on"
    readonly_fields = ("recorded_by", "verified_by", "verified_at")
    actions = ["verify"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = services.log_volunteer_hours(
            by=request.user,
            volunteer=obj.volunteer,
            served_on=obj.served_on,
            hours=obj.hours,
            activity=obj.activity,
            district=obj.district,
        )
        obj.pk = saved.pk
        obj.recorded_by = saved.recorded_by

    @admin.action(description=_("Verify the selected hours"), permissions=["change"])
    def verify(self, request, queryset):
        verified = 0
        for entry in queryset.filter(verified_at__isnull=True):
            services.verify_volunteer_hours(by=request.user, entry=entry)
            verified += 1
        self.message_user(
            request,
            ngettext("%(count)d entry verified.", "%(count)d entries verified.", verified)
            % {"count": verified},
            messages.SUCCESS,
        )


class LecturerInline(BoundedInline):
    model = Lecturer
    extra = 0
    fields = ("name", "title", "expertise", "phone", "is_active")


@admin.register(LecturerGroup)
class LecturerGroupAdmin(ScopedAdmin):
    list_display = ("name", "district", "organisation")
    list_filter = ("district",)
    search_fields = ("name", "description")
    list_select_related = ("district", "organisation")
    inlines = [LecturerInline]


@admin.register(Lecturer)
class LecturerAdmin(MaskedPhoneMixin, ScopedAdmin):
    list_display = ("name", "title", "group", "expertise", "shown_phone", "is_active")
    list_filter = ("is_active", "group")
    search_fields = ("name", "expertise", "title")
    list_select_related = ("group",)
    autocomplete_fields = ("account",)
