"""Back office for guidance activities, and the base the school-life admins
share: rows with rules are added through their service and read-only after."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from portal import access
from portal.admin_scoping import BoundedInline, ScopedAdmin
from schools.models import GuidanceActivity
from schools.services.activities import record_guidance_activity
from schools.services.errors import SchoolsError


class ServiceAdmin(ScopedAdmin):
    """Adds a row by calling `create(request, cleaned_data)`, a service, from
    the form's validation, so a refusal shows on the form as the service's
    message; the admin's own transaction wraps both. Saved rows are shown
    read-only, since their rules live in the services."""

    add_fields: tuple[str, ...] = ()
    shown_fields: tuple[str, ...] = ()

    def create(self, request, data):
        raise NotImplementedError

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.shown_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.shown_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form_class
        model_admin = self

        class ServiceForm(form_class):
            def clean(self):
                data = super().clean()
                if self.errors:
                    return data
                try:
                    self.created = model_admin.create(request, data)
                except SchoolsError as error:
                    field = error.field if error.field in self.fields else None
                    if field is None:
                        raise ValidationError(error.message) from error
                    self.add_error(field, error.message)
                except PermissionDenied as error:
                    raise ValidationError(str(error)) from error
                return data

            def _post_clean(self):
                # The service validates and saves; the model form must not
                # validate a half-filled instance of its own.
                pass

        return ServiceForm

    def save_model(self, request, obj, form, change):
        created = getattr(form, "created", None)
        if created is not None:
            obj.__dict__.update(created.__dict__)


class ReadOnlyInline(BoundedInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return access.can_access_model(request.user, self.model, include_own=False)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


@admin.register(GuidanceActivity)
class GuidanceActivityAdmin(ServiceAdmin):
    list_display = ("title", "school", "kind", "held_on", "semester", "attendance", "invited")
    list_filter = ("kind", "semester", "district")
    search_fields = ("title", "school__name", "audience")
    list_select_related = ("school", "semester")
    date_hierarchy = "held_on"
    add_fields = (
        "school", "kind", "title", "held_on", "audience", "invited", "attendance", "notes",
    )  # fmt: skip
    shown_fields = (*add_fields, "semester", "recorded_by", "created_at")

    def create(self, request, data):
        return record_guidance_activity(
            school=data["school"],
            recorded_by=request.user,
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            audience=data["audience"],
            attendance=data["attendance"],
            invited=data.get("invited"),
            notes=data.get("notes", ""),
        )
