from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_scoping import ScopedAdmin
from portal.phones import mask_phone
from schools.models import (
    District,
    Guardian,
    Guardianship,
    School,
    SchoolClass,
    Student,
    Town,
    Village,
)


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Town)
class TownAdmin(ScopedAdmin):
    list_display = ("name", "district", "kind")
    list_filter = ("kind", "district")
    search_fields = ("name",)
    list_select_related = ("district",)


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = ("name", "town", "district", "kind")
    list_filter = ("kind", "district")
    search_fields = ("name", "town__name")
    list_select_related = ("town__district", "district")


@admin.register(School)
class SchoolAdmin(ScopedAdmin):
    list_display = ("name", "code", "district", "stage", "area")
    list_filter = ("stage", "area", "district")
    search_fields = ("name", "code")
    list_select_related = ("district",)


@admin.register(SchoolClass)
class SchoolClassAdmin(ScopedAdmin):
    list_display = ("__str__", "grade", "number", "is_active")
    list_filter = ("grade", "is_active", "district")
    search_fields = ("school__name",)
    list_select_related = ("school",)
    exclude = ("district",)

    def save_model(self, request, obj, form, change):
        obj.district_id = obj.school.district_id
        super().save_model(request, obj, form, change)


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    autocomplete_fields = ("guardian",)


@admin.register(Student)
class StudentAdmin(ScopedAdmin):
    list_display = ("name", "student_number", "gender", "birth_date", "school_class", "is_active")
    list_filter = ("gender", "is_active", "school_class__grade", "district")
    search_fields = ("name", "student_number")
    list_select_related = ("school_class__school",)
    exclude = ("school", "district")
    inlines = [GuardianshipInline]

    def save_model(self, request, obj, form, change):
        obj.school_id = obj.school_class.school_id
        obj.district_id = obj.school_class.district_id
        super().save_model(request, obj, form, change)


@admin.register(Guardian)
class GuardianAdmin(ScopedAdmin):
    list_display = ("name", "masked_phone")
    list_filter = ("guardianships__relation",)
    search_fields = ("name", "phone")

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Guardianship)
class GuardianshipAdmin(ScopedAdmin):
    list_display = ("student", "guardian", "relation", "lives_with_child")
    list_filter = ("relation", "lives_with_child")
    search_fields = ("student__name", "guardian__name")
    list_select_related = ("student", "guardian")
    autocomplete_fields = ("student", "guardian")
