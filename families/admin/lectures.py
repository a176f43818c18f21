"""Back office for courses, lectures and registrations. Lectures are
published and changed through the lecture service (times, sign-up window,
place, seats); registrations are made by families and only cancelled here,
through the service, which promotes the waiting list."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.selectors.partners import lecturers_for_choice
from families.models import Course, Lecture, Registration
from families.services import lectures as services
from families.services.errors import FamiliesError
from portal import access
from portal.admin_scoping import BoundedInline, ScopedAdmin


class ManagedOnlyAdmin(ScopedAdmin):
    """Courses and lectures are public to read on the portal; the back
    office lists only the ones the person manages."""

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return access.visible(request.user, queryset, access.CHANGE)


@admin.register(Course)
class CourseAdmin(ManagedOnlyAdmin):
    list_display = ("title", "parent_school", "lectures_to_complete")
    list_filter = ("parent_school__level", "parent_school")
    search_fields = ("title", "parent_school__name")
    list_select_related = ("parent_school",)


class RegistrationInline(BoundedInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ("user", "seats", "status", "check_in_code", "created_at", "promoted_at")
    readonly_fields = fields
    ordering = ("created_at", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lecture)
class LectureAdmin(ManagedOnlyAdmin):
    list_display = (
        "title",
        "parent_school",
        "starts_at",
        "capacity",
        "seats_taken",
        "signup_closes_at",
        "replay_views",
    )
    list_filter = ("parent_school__level", "parent_school", "starts_at")
    search_fields = ("title", "parent_school__name", "speaker__name", "venue")
    list_select_related = ("parent_school",)
    date_hierarchy = "starts_at"
    readonly_fields = ("seats_taken", "replay_views")
    inlines = (RegistrationInline,)
    fields = (
        "parent_school",
        "course",
        "title",
        "description",
        "speaker",
        "audience_grades",
        ("starts_at", "ends_at"),
        ("venue", "online_url"),
        ("capacity", "seats_taken"),
        ("signup_opens_at", "signup_closes_at"),
        ("replay_url", "replay_views"),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "speaker":
            kwargs["queryset"] = lecturers_for_choice(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class LectureServiceForm(form_class):
            """The service checks the rules and saves; the form only collects."""

            def clean(self):
                data = super().clean()
                if self.errors:
                    return data
                values = {key: data.get(key) for key in services.LECTURE_FIELDS if key in data}
                try:
                    if obj is None:
                        self.saved = services.create_lecture(
                            parent_school=data["parent_school"], by=request.user, **values
                        )
                    else:
                        self.saved = services.update_lecture(
                            lecture=obj,
                            by=request.user,
                            parent_school=data["parent_school"],
                            **values,
                        )
                except FamiliesError as error:
                    if error.field in self.fields:
                        self.add_error(error.field, error.message)
                    else:
                        raise ValidationError(error.message) from error
                return data

            def _post_clean(self):
                pass

        return LectureServiceForm

    def save_model(self, request, obj, form, change):
        saved = getattr(form, "saved", None)
        if saved is not None:
            obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        # Registrations are read-only here; nothing else to save.
        pass

    def has_delete_permission(self, request, obj=None):
        # Families hold seats; a lecture is changed, not deleted.
        return False


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin):
    list_display = (
        "lecture",
        "user",
        "seats",
        "status",
        "check_in_code",
        "created_at",
        "checked_in_at",
    )
    list_filter = ("status", "lecture__parent_school", "lecture")
    search_fields = ("lecture__title", "user__name", "user__phone", "check_in_code")
    list_select_related = ("lecture", "user")
    actions = ("cancel",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Cancel (the seats go to the waiting list)"))
    def cancel(self, request, queryset):
        done = 0
        for registration in queryset:
            try:
                services.cancel_registration(registration=registration, by=request.user)
            except FamiliesError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                gettext("%(count)d registrations cancelled.") % {"count": done},
                messages.SUCCESS,
            )
