from django.contrib import admin

from portal.admin_scoping import ScopedAdmin
from schools.models import Semester


@admin.register(Semester)
class SemesterAdmin(ScopedAdmin):
    list_display = ("__str__", "starts_on", "ends_on")
    list_filter = ("term", "school_year")
    search_fields = ("school_year",)
