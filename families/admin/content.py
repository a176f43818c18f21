"""Back office for reading lists and tips. The bureau curates the reading
list here; tips are published on the tip page through the tip service, which
checks the audience and tells the parents once, so here they are read only."""

from django.contrib import admin

from families.models import ReadingItem, Tip
from portal.admin_scoping import ReadOnlyScopedAdmin, ScopedAdmin


@admin.register(ReadingItem)
class ReadingItemAdmin(ScopedAdmin):
    list_display = ("title", "author", "age_group", "position", "is_published")
    list_filter = ("age_group", "is_published")
    list_editable = ("position", "is_published")
    search_fields = ("title", "author", "why")
    ordering = ("age_group", "position", "title")


@admin.register(Tip)
class TipAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "audience", "school", "grade", "published_by", "published_at")
    list_filter = ("audience", "district", "grade")
    search_fields = ("title", "body", "school__name")
    list_select_related = ("school", "published_by")
    date_hierarchy = "published_at"
