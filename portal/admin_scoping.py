"""The base every ModelAdmin uses: querysets and permissions come from the
access layer, so the back office shows what the person's roles reach."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection, models
from django.http import Http404
from django.utils.functional import cached_property

from portal import access
from portal.input_limits import DATE_RANGE, DATETIME_RANGE, TEXT_MAX_LENGTH, text_limit


class EstimatedCountPaginator(Paginator):
    """A city-wide list of millions (all students, all visits) is counted
    from PostgreSQL's statistics instead of by a full scan; any filtered
    list, and any small table, is counted exactly."""

    EXACT_BELOW = 100_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, models.QuerySet) and not queryset.query.where:
            estimate = _estimated_rows(queryset.model)
            if estimate >= self.EXACT_BELOW:
                return estimate
        return super().count


def _estimated_rows(model) -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return max(0, row[0]) if row else 0


def bounded(db_field, kwargs: dict) -> dict:
    """The limits the portal's own forms put on what a person types: free
    text capped, dates within the portal's years."""
    if isinstance(db_field, models.TextField) and db_field.max_length is None:
        kwargs.setdefault("max_length", text_limit(db_field.name))
    if isinstance(db_field, models.JSONField):  # a list typed as text
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("validators", DATETIME_RANGE)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("validators", DATE_RANGE)
    return kwargs


class BoundedFields:
    """For every back-office form, its inlines' too."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **bounded(db_field, kwargs))


class BoundedInline(BoundedFields, admin.TabularInline):
    pass


class ScopedAdmin(BoundedFields, admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Out of scope looks exactly like absent: a 404, not a hint that it exists.
        raise Http404

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return request.user.is_staff and access.can_access_model(
            request.user, self.model, include_own=False
        )

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or access.visible(request.user, self.model).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        if not (
            request.user.is_staff
            and access.can_access_model(request.user, self.model, access.CHANGE, include_own=False)
        ):
            return False
        return obj is None or access.can_change(request.user, obj)

    def has_add_permission(self, request):
        return request.user.is_staff and access.can_access_model(
            request.user, self.model, access.CHANGE, include_own=False
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if access.rule_for(related) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = access.visible(request.user, related)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if access.rule_for(related) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = access.visible(request.user, related)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows written only by services (notifications, audit) are read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
