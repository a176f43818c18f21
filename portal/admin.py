from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal import access, targets
from portal.accounts import services
from portal.admin_forms import (
    SCOPE_FIELDS,
    RoleAssignmentForm,
    StaffAccountForm,
    grantable_choices,
)
from portal.admin_scoping import BoundedInline, ReadOnlyScopedAdmin, ScopedAdmin
from portal.models import (
    AuditEntry,
    Delivery,
    IndicatorSnapshot,
    Notification,
    NotificationPreference,
    Report,
    Role,
    RoleAssignment,
    Target,
    User,
)


class RoleAssignmentInline(BoundedInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("role", "district", "school", "school_class", "village", "granted_by", "granted_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _with_granter(form_class, request):
    return type(form_class.__name__, (form_class,), {"granted_by": request.user})


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ("username", "name", "masked_phone", "email", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "role_assignments__role")
    search_fields = ("username", "name", "email", "phone")
    ordering = ("username",)
    inlines = [RoleAssignmentInline]
    add_form = StaffAccountForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email", "phone", "phone_verified")}),
        (_("Notifications"), {"fields": ("notify_by_email", "notify_by_sms")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "name", "email", "phone")}),
        (_("First role"), {"fields": ("role", "district", "school", "school_class", "village")}),
    )
    readonly_fields = ("is_staff", "last_login", "date_joined", "phone_verified")

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return bool(grantable_choices(request.user)) and request.user.is_staff

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return _with_granter(form, request) if obj is None else form

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = services.create_staff_account(
            created_by=request.user,
            username=data["username"],
            name=data["name"],
            email=data.get("email") or "",
            phone=data.get("phone"),
            role=data["role"],
            **{name: data.get(name) for name in SCOPE_FIELDS},
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser and obj is not None:
            fieldsets = (*fieldsets, (_("Superuser"), {"fields": ("is_superuser",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            fields = (*fields, "is_active")
        return fields


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    form = RoleAssignmentForm
    list_display = ("user", "role", "district", "school", "school_class", "village", "granted_at")
    list_filter = ("role", "district")
    search_fields = ("user__username", "user__name", "school__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "district", "school", "school_class__school", "village__town")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_staff and bool(grantable_choices(request.user))

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def get_form(self, request, obj=None, **kwargs):
        return _with_granter(super().get_form(request, obj, **kwargs), request)

    def save_model(self, request, obj, form, change):
        assignment = services.grant_role(
            granted_by=request.user,
            user=obj.user,
            role=obj.role,
            district=obj.district,
            school=obj.school,
            school_class=obj.school_class,
            village=obj.village,
        )
        obj.pk = assignment.pk

    def delete_model(self, request, obj):
        try:
            services.revoke_role(revoked_by=request.user, assignment=obj)
        except services.RoleGrantError as error:
            messages.error(request, str(error))

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            self.delete_model(request, assignment)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *grantable_choices(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "recipient", "kind", "mode", "urgent", "due_at", "read_at")
    list_filter = ("kind", "mode", "urgent")
    search_fields = ("title", "subject_key", "recipient__username")
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyScopedAdmin):
    list_display = ("notification", "channel", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    search_fields = ("notification__title",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyScopedAdmin):
    list_display = ("user", "kind", "mode")
    list_filter = ("kind", "mode")
    search_fields = ("user__username",)


def _city_officer_only(admin_class):
    """Third-party back-office pages (social logins, schedules, tokens) are
    the city bureau's to configure."""

    def allowed(self, request, obj=None):
        return request.user.is_active and (
            request.user.is_superuser or Role.CITY_OFFICER in access.scope_for(request.user).roles
        )

    return type(
        f"CityOnly{admin_class.__name__}",
        (admin_class,),
        {
            "has_module_permission": lambda self, request: allowed(self, request),
            "has_view_permission": allowed,
            "has_change_permission": allowed,
            "has_add_permission": lambda self, request, *args: allowed(self, request),
            "has_delete_permission": allowed,
        },
    )


def _restrict_third_party_admins():
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib.auth.models import Group
    from django.contrib.sites.models import Site
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from rest_framework.authtoken.models import TokenProxy

    models = (
        EmailAddress,
        Authenticator,
        SocialApp,
        SocialAccount,
        SocialToken,
        PeriodicTask,
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        SolarSchedule,
        TokenProxy,
        Group,
        Site,
    )
    for model in models:
        if admin.site.is_registered(model):
            original = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(model, _city_officer_only(original))


_restrict_third_party_admins()


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = (
        "indicator_label",
        "district",
        "school",
        "period_label",
        "value",
        "unit",
        "updated_at",
    )
    list_filter = ("indicator", "district", "period")
    search_fields = ("indicator", "school__name", "district__name", "note")
    list_select_related = ("district", "school")
    list_editable = ("value",)
    list_display_links = ("indicator_label",)

    @admin.display(description=_("indicator"), ordering="indicator")
    def indicator_label(self, obj):
        return _indicator(obj).label

    @admin.display(description=_("period"), ordering="period")
    def period_label(self, obj):
        return obj.period or _("every period")

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return _indicator(obj).unit

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=[(i.key, i.label) for i in targets.indicators()],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _indicator(target):
    try:
        return targets.get_indicator(target.indicator)
    except LookupError:
        return targets.Indicator(target.indicator, target.indicator, target.value, "")


@admin.register(Report)
class ReportAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "__str__",
        "level",
        "month",
        "status",
        "progress",
        "requested_by",
        "requested_at",
    )
    list_filter = ("status", "level", "month", "district")
    search_fields = ("district__name", "school__name", "requested_by__name", "error")
    list_select_related = ("district", "school", "requested_by")
    date_hierarchy = "requested_at"


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyScopedAdmin):
    list_display = ("indicator", "month", "district", "school", "numerator", "denominator")
    list_filter = ("indicator", "month", "district")
    search_fields = ("indicator", "school__name", "district__name")
    list_select_related = ("district", "school")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ("at", "user", "action", "content_type", "object_id", "district", "ip_address")
    list_filter = ("action", "content_type", "district")
    search_fields = ("object_id", "user__username", "user__name", "ip_address")
    list_select_related = ("user", "content_type", "district")
    date_hierarchy = "at"
