"""The dashboard's API: an area's figures for a month, and the monthly
reports (ask for one, follow its progress, build a failed one again)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.dashboard import selectors
from portal.dashboard.periods import parse_month, window_for
from portal.input_limits import DATE_RANGE, TEXT_MAX_LENGTH
from portal.models import AreaLevel, Report, ReportKind
from portal.reports import selectors as report_selectors
from portal.reports import services as report_services
from portal.reports.tables import CITY_NAME, area_name


class AreaOutput(serializers.Serializer):
    level = serializers.CharField()
    id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    def get_id(self, area) -> int | None:
        place = area.school or area.district
        return place.pk if place else None

    def get_name(self, area) -> str:
        return area_name(area)


class FigureOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="measure.indicator.label")
    unit = serializers.CharField(source="measure.indicator.unit")
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    expected = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    status = serializers.CharField()
    units = serializers.IntegerField(source="totals.units")
    units_met = serializers.IntegerField(source="totals.units_met")


class AreaChildOutput(serializers.Serializer):
    area = AreaOutput()
    figures = serializers.SerializerMethodField()

    def get_figures(self, child) -> list[dict]:
        return FigureOutput(list(child.figures.values()), many=True).data


class IndicatorsOutput(serializers.Serializer):
    area = AreaOutput()
    month = serializers.SerializerMethodField()
    figures = FigureOutput(many=True)
    children = AreaChildOutput(many=True)

    def get_month(self, data) -> str:
        return f"{data.window.month:%Y-%m}"


AREA_PARAMETERS = [
    OpenApiParameter("level", str, enum=AreaLevel.values, description="Default: the home area"),
    OpenApiParameter("id", int, description="The district's or school's id"),
    OpenApiParameter("month", str, description="YYYY-MM; default this month"),
]


class IndicatorsView(APIView):
    @extend_schema(
        responses=IndicatorsOutput,
        parameters=AREA_PARAMETERS,
        summary="Every indicator of an area for a month, with its districts or schools",
    )
    def get(self, request):
        params = request.query_params
        area = selectors.area_from_params(request.user, params.get("level"), params.get("id"))
        window = window_for(parse_month(params.get("month")))
        return Response(IndicatorsOutput(selectors.figures_for(area, window)).data)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-10"})
class MonthField(serializers.DateField):
    """A month, as the dashboard names it: "2026-10"."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class ReportOutput(serializers.ModelSerializer):
    area = serializers.SerializerMethodField()
    level = serializers.CharField(help_text="city, district or school")
    month = MonthField()
    requested_by = serializers.CharField(source="requested_by.name")
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "kind", "level", "district", "school", "area", "month", "status", "progress",
            "error", "rows", "attempts", "requested_by", "requested_at", "started_at",
            "finished_at", "downloads",
        ]  # fmt: skip

    def get_area(self, report) -> str:
        return str(report.school or report.district or CITY_NAME)

    def get_downloads(self, report) -> dict[str, str]:
        if not report.xlsx:
            return {}
        return {
            fmt: reverse("dashboard:report-download", args=[report.pk, fmt])
            for fmt in ("xlsx", "csv")
        }


class ReportInput(serializers.Serializer):
    # Plain text rather than a choice: "level" names other choice sets in the schema.
    level = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text="city, district or school")
    id = serializers.IntegerField(required=False, allow_null=True)
    month = serializers.DateField(
        validators=DATE_RANGE, input_formats=["%Y-%m"], help_text="YYYY-MM, not after this month"
    )
    kind = serializers.ChoiceField(
        choices=ReportKind.choices,
        default=ReportKind.INDICATORS,
        help_text="indicators (the monthly figures) or students (the roster)",
    )

    def validate_level(self, value: str) -> str:
        if value not in AreaLevel.values:
            raise serializers.ValidationError(_("Choose city, district or school."))
        return value


class ReportListView(ListAPIView):
    serializer_class = ReportOutput

    def get_queryset(self):
        return report_selectors.reports_for(self.request.user)

    @extend_schema(
        request=ReportInput,
        responses={201: ReportOutput, 200: ReportOutput},
        summary="Ask for a monthly report; the one already being built is returned (200)",
    )
    def post(self, request):
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        area = selectors.area_from_params(request.user, values["level"], values.get("id"))
        report, created = report_services.queue_report(
            user=request.user, area=area, month=values["month"], kind=values["kind"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ReportOutput(report).data, status=code)


class ReportDetailView(APIView):
    @extend_schema(responses=ReportOutput, summary="One report: status, progress, downloads")
    def get(self, request, pk: int):
        return Response(ReportOutput(report_selectors.report_for(request.user, pk)).data)


class ReportRetryView(APIView):
    @extend_schema(request=None, responses=ReportOutput, summary="Build a failed report again")
    def post(self, request, pk: int):
        report = report_selectors.report_for(request.user, pk)
        report = report_services.retry_report(user=request.user, report=report)
        return Response(ReportOutput(report).data)


urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("reports/", ReportListView.as_view(), name="report-list"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/retry/", ReportRetryView.as_view(), name="report-retry"),
]
