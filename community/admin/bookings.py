"""Back office for study-trip slots and bookings. Slots are opened through
the booking service (no overlaps, none in the past); bookings are made on
the school's pages and only answered or cancelled here, through the service."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import Booking, BookingSlot
from community.services import bookings as services
from community.services.errors import CommunityError
from portal.admin_scoping import ScopedAdmin


@admin.register(BookingSlot)
class BookingSlotAdmin(ScopedAdmin):
    list_display = ("resource", "date", "starts_at", "ends_at", "capacity", "booked_students")
    list_filter = ("date", "resource__district", "resource")
    search_fields = ("resource__name",)
    list_select_related = ("resource",)
    date_hierarchy = "date"
    add_fields = ("resource", "date", "starts_at", "ends_at", "capacity")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else (*self.add_fields, "booked_students")

    def get_readonly_fields(self, request, obj=None):
        # An open slot's times and places are what schools booked against.
        return () if obj is None else (*self.add_fields, "booked_students")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form_class

        class SlotServiceForm(form_class):
            def clean(self):
                data = super().clean()
                if self.errors:
                    return data
                try:
                    self.created = services.open_slot(
                        resource=data["resource"],
                        date=data["date"],
                        starts_at=data["starts_at"],
                        ends_at=data["ends_at"],
                        capacity=data["capacity"],
                        by=request.user,
                    )
                except CommunityError as error:
                    if error.field in self.fields:
                        self.add_error(error.field, error.message)
                    else:
                        raise ValidationError(error.message) from error
                return data

            def _post_clean(self):
                # The service validated and saved the slot.
                pass

        return SlotServiceForm

    def save_model(self, request, obj, form, change):
        created = getattr(form, "created", None)
        if created is not None:
            obj.__dict__.update(created.__dict__)


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    list_display = (
        "slot",
        "school",
        "school_class",
        "students",
        "teachers",
        "status",
        "semester",
        "created_at",
    )
    list_filter = ("status", "semester", "district", "slot__resource")
    search_fields = ("school__name", "slot__resource__name", "decline_reason")
    list_select_related = ("slot__resource", "school", "school_class__school", "semester")
    actions = ("confirm", "cancel")

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def _run(self, request, queryset, change, done_message):
        done = 0
        for booking in queryset.select_related("slot__resource"):
            try:
                change(booking)
            except CommunityError as error:
                self.message_user(request, f"{booking}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Confirm (for the base)"))
    def confirm(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda booking: services.confirm_booking(booking=booking, by=request.user),
            gettext("%(count)d bookings confirmed."),
        )

    @admin.action(description=_("Cancel (for the school)"))
    def cancel(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda booking: services.cancel_booking(booking=booking, by=request.user),
            gettext("%(count)d bookings cancelled; their places are free again."),
        )
