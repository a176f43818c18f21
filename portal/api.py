"""The API's own endpoints (the person and their inbox) and the router that
every app's API views join."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access, notify, selectors
from portal.accounts import services as accounts_services
from portal.models import Notification


class RoleAssignmentOutput(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    scope = serializers.CharField(source="scope_label")


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField(source="masked_phone")
    email = serializers.EmailField()
    roles = RoleAssignmentOutput(many=True)


class MeView(APIView):
    @extend_schema(responses=MeOutput, summary="The person logged in, with their roles")
    def get(self, request):
        user = request.user
        user.roles = selectors.role_assignments_of(user)
        return Response(MeOutput(user).data)


class NotificationOutput(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "urgent", "created_at", "read_at"]


class NotificationListView(ListAPIView):
    serializer_class = NotificationOutput

    def get_queryset(self):
        return selectors.inbox_for(self.request.user)


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=NotificationOutput, summary="Mark one notification read")
    def post(self, request, pk: int):
        notification = access.get_visible_or_404(request.user, Notification, access.CHANGE, pk=pk)
        notify.mark_read(user=request.user, notification=notification)
        return Response(NotificationOutput(notification).data)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """A personal API token, issued only to a browser session, so that it
    comes after the full login (with TOTP where the role requires it)."""

    authentication_classes = [SessionAuthentication]

    @extend_schema(request=None, responses=TokenOutput, summary="Issue a new personal API token")
    def post(self, request):
        return Response({"token": accounts_services.issue_api_token(user=request.user).key})

    @extend_schema(request=None, responses={204: None}, summary="Revoke the personal API token")
    def delete(self, request):
        accounts_services.revoke_api_token(user=request.user)
        return Response(status=204)


urlpatterns = [
    path("token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("notifications/", NotificationListView.as_view(), name="notification-list"),
    path("notifications/<int:pk>/read/", NotificationReadView.as_view(), name="notification-read"),
]
