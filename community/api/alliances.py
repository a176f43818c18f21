"""API for departments, alliances, joint meetings and follow-up tasks.
Meetings and tasks are written through the services: a meeting with its
attendees and tasks is saved whole or not at all."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import Alliance, Department, FollowUpTask, JointMeeting
from community.selectors import alliances as selectors
from community.services import alliances as services
from portal import access
from portal.input_limits import DATE_RANGE, LIST_MAX_ITEMS, LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from portal.models import User
from schools.models import School


class DepartmentOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", default=None)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "district"]


class AllianceOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", default=None)
    meeting_count = serializers.IntegerField()
    last_meeting_on = serializers.DateField(allow_null=True)
    open_task_count = serializers.IntegerField()
    overdue_task_count = serializers.IntegerField()

    class Meta:
        model = Alliance
        fields = [
            "id",
            "name",
            "kind",
            "purpose",
            "district",
            "established_on",
            "meeting_count",
            "last_meeting_on",
            "open_task_count",
            "overdue_task_count",
        ]


class AttendeeOutput(serializers.Serializer):
    name = serializers.CharField()
    department = serializers.IntegerField(source="department_id", allow_null=True)
    school = serializers.IntegerField(source="school_id", allow_null=True)


class TaskOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.display_name")
    owner_id = serializers.IntegerField()
    alliance = serializers.IntegerField(source="meeting.alliance_id")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpTask
        fields = [
            "id",
            "meeting",
            "alliance",
            "title",
            "owner",
            "owner_id",
            "owner_department",
            "due_on",
            "status",
            "done_at",
            "outcome",
            "overdue",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.status == FollowUpTask.Status.OPEN and obj.due_on < timezone.localdate()


class MeetingOutput(serializers.ModelSerializer):
    attendees = AttendeeOutput(many=True)
    tasks = TaskOutput(many=True)
    recorded_by = serializers.CharField(source="recorded_by.display_name")

    class Meta:
        model = JointMeeting
        fields = [
            "id",
            "alliance",
            "held_on",
            "location",
            "minutes",
            "recorded_by",
            "attendees",
            "tasks",
        ]


class AllianceDetailOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", default=None)
    departments = DepartmentOutput(many=True)
    schools = serializers.SerializerMethodField()
    meetings = MeetingOutput(many=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            "name",
            "kind",
            "purpose",
            "district",
            "established_on",
            "departments",
            "schools",
            "meetings",
        ]

    def get_schools(self, obj) -> list[dict]:
        return [{"id": school.pk, "name": school.name} for school in obj.schools.all()]


class AttendeeInput(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    department = serializers.IntegerField(required=False, allow_null=True)
    school = serializers.IntegerField(required=False, allow_null=True)


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    owner = serializers.IntegerField()
    due_on = serializers.DateField(validators=DATE_RANGE)
    owner_department = serializers.IntegerField(required=False, allow_null=True)


class MeetingInput(serializers.Serializer):
    alliance = serializers.IntegerField()
    held_on = serializers.DateField(validators=DATE_RANGE)
    location = serializers.CharField(max_length=200)
    minutes = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    attendees = AttendeeInput(many=True, max_length=LIST_MAX_ITEMS)
    tasks = TaskInput(many=True, required=False, default=list, max_length=LIST_MAX_ITEMS)


class NewTaskInput(TaskInput):
    meeting = serializers.IntegerField()


class CompleteTaskInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=TEXT_MAX_LENGTH)


def _lookup(model, pk):
    """The row for an id; whether it belongs to the alliance is the service's check."""
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise serializers.ValidationError(
            {
                "detail": _("Unknown %(model)s %(pk)s.")
                % {"model": model._meta.verbose_name, "pk": pk}
            }
        )
    return row


def _task_input(data) -> services.TaskInput:
    return services.TaskInput(
        title=data["title"],
        owner=User.objects.filter(pk=data["owner"], is_active=True).first(),
        due_on=data["due_on"],
        owner_department=_lookup(Department, data.get("owner_department")),
    )


def _meetings():
    return JointMeeting.objects.select_related("recorded_by").prefetch_related(
        "attendees", "tasks__owner"
    )


@extend_schema_view(get=extend_schema(summary="Departments"))
class DepartmentListView(ListAPIView):
    serializer_class = DepartmentOutput
    filterset_fields = ["kind", "district"]

    def get_queryset(self):
        return selectors.departments_for(self.request.user)


@extend_schema_view(get=extend_schema(summary="Alliances in reach, with meeting and task counts"))
class AllianceListView(ListAPIView):
    serializer_class = AllianceOutput

    def get_queryset(self):
        return selectors.alliances_for(self.request.user)


@extend_schema_view(
    get=extend_schema(summary="One alliance with its members, meetings, attendees and tasks")
)
class AllianceDetailView(RetrieveAPIView):
    serializer_class = AllianceDetailOutput

    def get_object(self):
        return selectors.alliance_for(self.request.user, self.kwargs["pk"])


class MeetingListView(ListAPIView):
    serializer_class = MeetingOutput
    filterset_fields = ["alliance"]

    def get_queryset(self):
        return (
            _meetings()
            .filter(pk__in=access.visible(self.request.user, JointMeeting).values("pk"))
            .order_by("-held_on", "-pk")
        )

    @extend_schema(summary="Joint meetings in reach")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=MeetingInput,
        responses={201: MeetingOutput},
        summary="Record a joint meeting with its attendees and follow-up tasks",
        description="Saved whole or not at all. Each attendee represents a department or a "
        "school of the alliance; tasks are not due before the meeting; each owner is "
        "notified. An alliance out of reach is a 404.",
    )
    def post(self, request):
        data = MeetingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        alliance = access.get_visible_or_404(request.user, Alliance, pk=values["alliance"])
        meeting = services.record_meeting(
            by=request.user,
            alliance=alliance,
            held_on=values["held_on"],
            location=values["location"],
            minutes=values["minutes"],
            attendees=[
                services.AttendeeInput(
                    name=row["name"],
                    department=_lookup(Department, row.get("department")),
                    school=_lookup(School, row.get("school")),
                )
                for row in values["attendees"]
            ],
            tasks=[_task_input(row) for row in values["tasks"]],
        )
        return Response(
            MeetingOutput(_meetings().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(get=extend_schema(summary="One joint meeting"))
class MeetingDetailView(RetrieveAPIView):
    serializer_class = MeetingOutput

    def get_queryset(self):
        return _meetings().filter(
            pk__in=access.visible(self.request.user, JointMeeting).values("pk")
        )


class TaskListView(ListAPIView):
    serializer_class = TaskOutput
    filterset_fields = ["status", "meeting"]

    def get_queryset(self):
        user = self.request.user
        params = self.request.query_params
        if params.get("overdue") in ("1", "true"):
            return selectors.overdue_tasks(user)
        if params.get("mine") in ("1", "true"):
            return selectors.my_tasks(user)
        return selectors.tasks_for(user)

    @extend_schema(
        summary="Follow-up tasks in reach",
        parameters=[
            OpenApiParameter("overdue", bool, description="Only open tasks past their due date"),
            OpenApiParameter("mine", bool, description="Only tasks I own"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=NewTaskInput,
        responses={201: TaskOutput},
        summary="Add a follow-up task to a meeting (officers); the owner is notified",
    )
    def post(self, request):
        data = NewTaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meeting = access.get_visible_or_404(
            request.user, JointMeeting.objects.select_related("alliance"), pk=values["meeting"]
        )
        task_input = _task_input(values)
        task = services.add_task(
            by=request.user,
            meeting=meeting,
            title=task_input.title,
            owner=task_input.owner,
            due_on=task_input.due_on,
            owner_department=task_input.owner_department,
        )
        return Response(TaskOutput(task).data, status=status.HTTP_201_CREATED)


class TaskCompleteView(APIView):
    @extend_schema(
        request=CompleteTaskInput,
        responses=TaskOutput,
        summary="Close a task with its outcome (its owner or an officer)",
    )
    def post(self, request, pk: int):
        data = CompleteTaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = access.get_visible_or_404(request.user, FollowUpTask, pk=pk)
        task = services.complete_task(
            by=request.user, task=task, outcome=data.validated_data["outcome"]
        )
        return Response(TaskOutput(task).data)


class TaskReopenView(APIView):
    @extend_schema(request=None, responses=TaskOutput, summary="Reopen a closed task")
    def post(self, request, pk: int):
        task = access.get_visible_or_404(request.user, FollowUpTask, pk=pk)
        task = services.reopen_task(by=request.user, task=task)
        return Response(TaskOutput(task).data)


urlpatterns = [
    path("departments/", DepartmentListView.as_view(), name="department-list"),
    path("alliances/", AllianceListView.as_view(), name="alliance-list"),
    path("alliances/<int:pk>/", AllianceDetailView.as_view(), name="alliance-detail"),
    path("meetings/", MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path("follow-up-tasks/", TaskListView.as_view(), name="follow-up-task-list"),
    path(
        "follow-up-tasks/<int:pk>/complete/",
        TaskCompleteView.as_view(),
        name="follow-up-task-complete",
    ),
    path(
        "follow-up-tasks/<int:pk>/reopen/", TaskReopenView.as_view(), name="follow-up-task-reopen"
    ),
]
