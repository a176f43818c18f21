"""Back office for the counselling station and hotline. Stations are set up
by the city bureau; requests and calls are written on the station's pages
through the counselling services, and read here only by the station's lead
and counsellors, through the same access rule as every page."""

from django.contrib import admin

from families.models import CounsellingRequest, CounsellingStation, HotlineCall
from families.selectors.counselling import stations_of
from portal.admin_scoping import ReadOnlyScopedAdmin, ScopedAdmin


@admin.register(CounsellingStation)
class CounsellingStationAdmin(ScopedAdmin):
    list_display = ("name", "district", "lead", "hotline")
    list_filter = ("district",)
    search_fields = ("name", "lead__name", "hotline")
    list_select_related = ("district", "lead")
    filter_horizontal = ("counsellors",)


class StationMembersAdmin(ReadOnlyScopedAdmin):
    """Only members of a station open these at all; rows come from the rule."""

    def has_module_permission(self, request):
        user = request.user
        return user.is_staff and (user.is_superuser or stations_of(user).exists())


@admin.register(CounsellingRequest)
class CounsellingRequestAdmin(StationMembersAdmin):
    list_display = ("created_at", "station", "topic", "for_whom", "status", "counsellor")
    list_filter = ("status", "topic", "for_whom", "station")
    search_fields = ("description", "requester__name", "student__name")
    list_select_related = ("station", "counsellor")
    date_hierarchy = "created_at"


@admin.register(HotlineCall)
class HotlineCallAdmin(StationMembersAdmin):
    list_display = ("started_at", "ended_at", "station", "topic", "caller", "counsellor")
    list_filter = ("topic", "caller", "anonymous", "station")
    search_fields = ("summary", "caller_name", "counsellor__name")
    list_select_related = ("station", "counsellor")
    date_hierarchy = "started_at"
