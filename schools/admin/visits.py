"""Back office for home visits: read-only. Visits are written by teachers on
their pages (and the API) through the visit service, which keeps the rules
(dates, the 7-day edit window, who may change, notifying counsellors once)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_scoping import BoundedInline, ReadOnlyScopedAdmin
from schools.models import HomeVisit, PersonMet, VisitedStudent, VisitTopic


class VisitedStudentInline(BoundedInline):
    model = VisitedStudent
    extra = 0
    can_delete = False
    fields = ("student", "school", "semester")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student", "school", "semester")


@admin.register(HomeVisit)
class HomeVisitAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "visited_on",
        "students_visited",
        "form",
        "school",
        "author",
        "flagged_for_counsellor",
        "semester",
    )
    # No date hierarchy: its year and month links scan every visit of the city.
    list_filter = ("semester", "visited_on", "form", "flagged_for_counsellor", "district")
    search_fields = ("visited__student__name", "author__name", "school__name", "summary")
    list_select_related = ("school", "author", "semester")
    inlines = [VisitedStudentInline]
    fields = (
        "visited_on",
        "semester",
        "school",
        "district",
        "form",
        "people_met_labels",
        "topic_labels",
        "summary",
        "concerns",
        "flagged_for_counsellor",
        "flagged_at",
        "follow_up_on",
        "author",
        "teachers",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("people_met_labels", "topic_labels", "created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("visited__student")

    @admin.display(description=_("students"))
    def students_visited(self, obj):
        return "、".join(row.student.name for row in obj.visited.all())

    @admin.display(description=_("who was met"))
    def people_met_labels(self, obj):
        return "、".join(str(PersonMet(value).label) for value in obj.people_met)

    @admin.display(description=_("topics"))
    def topic_labels(self, obj):
        return "、".join(str(VisitTopic(value).label) for value in obj.topics)


@admin.register(VisitedStudent)
class VisitedStudentAdmin(ReadOnlyScopedAdmin):
    list_display = ("student", "visited_on", "school", "semester")
    list_filter = ("semester", "school__district")
    search_fields = ("student__name", "student__student_number")
    list_select_related = ("student", "school", "semester", "visit")

    @admin.display(description=_("date of the visit"), ordering="visit__visited_on")
    def visited_on(self, obj):
        return obj.visit.visited_on
