"""Back office for replay views and completions: read-only. Views are
counted by the replay page, completions created by the attendance rules
(families.services.completion); a completion links to its certificate."""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from families import certificates
from families.models import Completion, ReplayView
from portal.admin_scoping import ReadOnlyScopedAdmin


@admin.register(ReplayView)
class ReplayViewAdmin(ReadOnlyScopedAdmin):
    list_display = ("lecture", "parent_school", "user", "viewed_at")
    list_filter = ("lecture__parent_school__level", "lecture__parent_school")
    search_fields = ("lecture__title", "lecture__parent_school__name", "user__name")
    list_select_related = ("lecture__parent_school", "user")
    date_hierarchy = "viewed_at"
    fields = ("lecture", "user", "viewed_at")

    @admin.display(description=_("parent school"), ordering="lecture__parent_school__name")
    def parent_school(self, obj):
        return obj.lecture.parent_school


@admin.register(Completion)
class CompletionAdmin(ReadOnlyScopedAdmin):
    list_display = ("certificate_number", "user", "course", "parent_school", "completed_at", "pdf")
    list_filter = ("course__parent_school__level", "course__parent_school", "course")
    search_fields = ("certificate_number", "user__name", "course__title")
    list_select_related = ("course__parent_school", "user")
    date_hierarchy = "completed_at"
    fields = ("certificate_number", "user", "course", "completed_at", "pdf", "verification")
    readonly_fields = ("pdf", "verification")

    @admin.display(description=_("parent school"), ordering="course__parent_school__name")
    def parent_school(self, obj):
        return obj.course.parent_school

    @admin.display(description=_("certificate"))
    def pdf(self, obj):
        url = reverse("admin:families_completion_certificate", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF"))

    @admin.display(description=_("verification page"))
    def verification(self, obj):
        url = certificates.verification_url(obj.certificate_number)
        return format_html('<a href="{}">{}</a>', url, url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/certificate.pdf",
                self.admin_site.admin_view(self.certificate_view),
                name="families_completion_certificate",
            ),
            *super().get_urls(),
        ]

    def certificate_view(self, request, pk: int):
        completion = self.get_queryset(request).filter(pk=pk).first()
        if completion is None or not self.has_view_permission(request, completion):
            raise Http404
        response = HttpResponse(
            certificates.render_certificate_pdf(completion), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'inline; filename="{certificates.certificate_filename(completion)}"'
        )
        return response
