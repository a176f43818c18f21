"""Back office for rule-of-law vice principals: the people are kept here;
appointments and sessions go through the law services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from portal.admin_scoping import ScopedAdmin
from portal.phones import mask_phone
from schools.admin.activities import ReadOnlyInline, ServiceAdmin
from schools.models import LawAppointment, LawSession, LawVicePrincipal
from schools.services import law as services
from schools.services.errors import SchoolsError


class LawAppointmentInline(ReadOnlyInline):
    model = LawAppointment
    fk_name = "vice_principal"
    fields = ("school", "starts_on", "ends_on")


class LawSessionInline(ReadOnlyInline):
    model = LawSession
    fields = ("held_on", "class_hours", "topic", "audience")


@admin.register(LawVicePrincipal)
class LawVicePrincipalAdmin(ScopedAdmin):
    list_display = ("name", "organisation_kind", "organisation_name", "district", "masked_phone")
    list_filter = ("organisation_kind", "district")
    search_fields = ("name", "organisation_name")
    list_select_related = ("district",)
    raw_id_fields = ("account",)
    inlines = [LawAppointmentInline]

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class EndAppointmentForm(forms.ModelForm):
    """Changing an appointment means ending it, through the service."""

    class Meta:
        model = LawAppointment
        fields = ("ends_on",)

    def clean(self):
        data = super().clean()
        ends_on = data.get("ends_on")
        if ends_on is None or ends_on == self.initial.get("ends_on"):
            return data
        try:
            services.end_appointment(appointment=self.instance, ends_on=ends_on, by=self.user)
        except SchoolsError as error:
            self.add_error("ends_on", error.message)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        return data

    def _post_clean(self):
        pass


@admin.register(LawAppointment)
class LawAppointmentAdmin(ServiceAdmin):
    list_display = ("vice_principal", "school", "starts_on", "ends_on")
    list_filter = ("vice_principal__organisation_kind", "district")
    search_fields = ("vice_principal__name", "school__name")
    list_select_related = ("vice_principal", "school")
    add_fields = ("vice_principal", "school", "starts_on")
    shown_fields = ("vice_principal", "school", "starts_on")
    inlines = [LawSessionInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else (*self.shown_fields, "ends_on")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        form_class = super().get_form(
            request, obj, change=change, form=EndAppointmentForm, **kwargs
        )

        class WithUser(form_class):
            user = request.user

        return WithUser

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)

    def create(self, request, data):
        return services.appoint_vice_principal(
            vice_principal=data["vice_principal"],
            school=data["school"],
            starts_on=data["starts_on"],
            by=request.user,
        )


@admin.register(LawSession)
class LawSessionAdmin(ServiceAdmin):
    list_display = ("topic", "school", "appointment", "held_on", "class_hours")
    list_filter = ("district",)
    search_fields = ("topic", "school__name", "appointment__vice_principal__name")
    list_select_related = ("school", "appointment__vice_principal", "appointment__school")
    date_hierarchy = "held_on"
    add_fields = ("appointment", "held_on", "class_hours", "topic", "audience")
    shown_fields = add_fields

    def create(self, request, data):
        return services.record_law_session(
            appointment=data["appointment"],
            held_on=data["held_on"],
            class_hours=data["class_hours"],
            topic=data["topic"],
            audience=data["audience"],
            by=request.user,
        )
