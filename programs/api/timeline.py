"""API for the family's timeline: everything the portal knows of a child
and the siblings who share a guardian, for those who may read a case of
the family. The selector checks access (404 outside) and audits the read
of each case it shows."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from programs.selectors import timeline as selectors

from .cases import CareChildOutput


class TimelineEntryOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page, where the reader may open it; else empty.")


class TimelineOutput(serializers.Serializer):
    student = CareChildOutput()
    children = CareChildOutput(many=True, help_text="The child and siblings sharing a guardian.")
    entries = TimelineEntryOutput(many=True, help_text="Newest first.")


class TimelineView(APIView):
    @extend_schema(
        summary="A family's timeline (the case team and those above it; audited)",
        responses={200: TimelineOutput, 404: None},
    )
    def get(self, request, student_id: int):
        timeline = selectors.timeline_for(request.user, student_id, request=request)
        return Response(TimelineOutput(timeline).data)


urlpatterns = [
    path("families/<int:student_id>/timeline/", TimelineView.as_view(), name="family-timeline"),
]
