"""Back office for binding and parent schools. Codes are issued only through
the service (the action below), and links are made only by parents binding;
staff read them and may remove a wrong link."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from families.models import BindingCode, FamilyLink, ParentSchool
from families.selectors.binding import classes_for_codes
from families.services.binding import issue_codes_for_class
from portal.admin_scoping import ReadOnlyScopedAdmin, ScopedAdmin


@admin.register(BindingCode)
class BindingCodeAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "code",
        "student",
        "school_class",
        "issued_at",
        "expires_at",
        "used_at",
        "used_by",
    )
    list_filter = (
        "student__school__district",
        "student__school",
        ("used_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("code", "student__name", "student__student_number")
    list_select_related = ("student__school_class__school", "used_by")
    actions = ["reissue_for_classes"]

    @admin.display(description=_("class"), ordering="student__school_class")
    def school_class(self, obj):
        return obj.student.school_class.label

    @admin.action(description=_("Issue new codes for the classes of the selected codes"))
    def reissue_for_classes(self, request, queryset):
        class_ids = set(queryset.values_list("student__school_class_id", flat=True))
        classes = classes_for_codes(request.user).filter(pk__in=class_ids)
        issued = sum(
            len(issue_codes_for_class(issued_by=request.user, school_class=school_class))
            for school_class in classes
        )
        self.message_user(
            request,
            ngettext("%(count)d new code issued.", "%(count)d new codes issued.", issued)
            % {"count": issued},
            messages.SUCCESS,
        )


@admin.register(FamilyLink)
class FamilyLinkAdmin(ScopedAdmin):
    list_display = ("user", "student", "guardian", "method", "bound_at")
    list_filter = ("method", "student__school__district", "student__school")
    search_fields = ("student__name", "guardian__name", "user__username", "user__name")
    list_select_related = ("user", "student", "guardian")
    readonly_fields = ("user", "student", "guardian", "method", "bound_at")

    def has_add_permission(self, request):
        return False


@admin.register(ParentSchool)
class ParentSchoolAdmin(ScopedAdmin):
    list_display = ("name", "level", "district", "school", "village", "principal_name",
                    "star_rating", "is_active")  # fmt: skip
    list_filter = ("level", "district", "star_rating", "is_active")
    search_fields = ("name", "principal_name", "school__name", "village__name")
    list_select_related = ("district", "school", "village__town")
    raw_id_fields = ("principal",)
    autocomplete_fields = ()
