from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_scoping import BoundedInline, ScopedAdmin
from portal.phones import mask_phone
from schools.forms.roster import MentorChoiceForm
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
from schools.selectors import roster as roster_selectors
from schools.services import mentors, roster
from schools.services.errors import RosterError


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


class GuardianshipInline(BoundedInline):
    model = Guardianship
    extra = 0
    autocomplete_fields = ("guardian",)


class HasMentorFilter(admin.SimpleListFilter):
    title = _("mentor")
    parameter_name = "has_mentor"

    def lookups(self, request, model_admin):
        return [("yes", _("Has a mentor")), ("no", _("No mentor yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(mentor__isnull=self.value() == "no")
        return queryset


class StudentAdminForm(forms.ModelForm):
    """Shows the roster rules (class in scope, free student number, mentor
    on the school's staff) next to the fields instead of as a server error."""

    user = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.school_class_id:
            return
        try:
            roster.validate_student(by=self.user, student=self.instance)
        except RosterError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)


@admin.register(Student)
class StudentAdmin(ScopedAdmin):
    form = StudentAdminForm
    list_display = (
        "name",
        "student_number",
        "gender",
        "birth_date",
        "school_class",
        "mentor",
        "is_active",
    )
    list_filter = ("gender", "is_active", HasMentorFilter, "school_class__grade", "district")
    search_fields = ("name", "student_number")
    list_select_related = ("school_class__school", "mentor")
    exclude = ("school", "district")
    inlines = [GuardianshipInline]
    actions = ["assign_mentor"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._roster_student = obj
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "school_class":
            kwargs["queryset"] = roster_selectors.roster_classes(request.user)
        elif db_field.name == "mentor":
            student = getattr(request, "_roster_student", None)
            if student is not None:
                school_ids = [student.school_id]
            else:
                school_ids = roster_selectors.roster_classes(request.user).values_list(
                    "school_id", flat=True
                )
            kwargs["queryset"] = roster_selectors.mentor_candidates(school_ids=school_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        roster.save_student(by=request.user, student=obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import_roster": roster_selectors.may_import(request.user),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Assign a mentor to the selected students"), permissions=["change"])
    def assign_mentor(self, request, queryset):
        school_ids = set(queryset.values_list("school_id", flat=True))
        if len(school_ids) != 1:
            self.message_user(
                request,
                _("Choose students of one school: a mentor belongs to one school."),
                messages.ERROR,
            )
            return None
        candidates = roster_selectors.mentor_candidates(school_ids=school_ids)
        form = MentorChoiceForm(
            request.POST if "apply" in request.POST else None, candidates=candidates
        )
        if form.is_valid():
            try:
                changed = mentors.assign_mentor_to_students(
                    by=request.user,
                    students=list(queryset),
                    mentor=form.cleaned_data["mentor"],
                    only_unmentored=form.cleaned_data["only_unmentored"],
                )
            except RosterError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "%(mentor)s now mentors %(count)d more student.",
                    "%(mentor)s now mentors %(count)d more students.",
                    changed,
                )
                % {"mentor": form.cleaned_data["mentor"], "count": changed},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign a mentor"),
            "opts": self.model._meta,
            "students": queryset.select_related("school_class__school"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "candidates_exist": candidates.exists(),
        }
        return TemplateResponse(request, "admin/schools/student/assign_mentor.html", context)


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
