"""API for home visits and their coverage. Visits are written through the
visit service; every read starts from the access layer."""

from django.db.models import Q
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.input_limits import DATE_RANGE, LIST_MAX_ITEMS, SIBLINGS_MAX, TEXT_MAX_LENGTH
from portal.models import User
from schools.models import PersonMet, Student, VisitForm, VisitTopic
from schools.selectors import coverage as coverage_selectors
from schools.selectors import visits as selectors
from schools.services import visits as services
from schools.services.errors import SchoolsError
from schools.services.semesters import current_semester

# --- Serializers ----------------------------------------------------------


class HomeVisitInput(serializers.Serializer):
    students = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        max_length=SIBLINGS_MAX,
        help_text="Student ids; the first is the visit's student, the others siblings.",
    )
    visited_on = serializers.DateField(validators=DATE_RANGE)
    form = serializers.ChoiceField(choices=VisitForm.choices, default=VisitForm.AT_HOME)
    people_met = serializers.ListField(
        child=serializers.ChoiceField(choices=PersonMet.choices),
        max_length=len(PersonMet.choices),
        default=[PersonMet.PARENT],
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=VisitTopic.choices),
        max_length=len(VisitTopic.choices),
    )
    summary = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    concerns = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, default="")
    follow_up_on = serializers.DateField(validators=DATE_RANGE, allow_null=True, default=None)
    flag_for_counsellor = serializers.BooleanField(default=False)
    co_teachers = serializers.ListField(
        child=serializers.IntegerField(),
        default=list,
        max_length=LIST_MAX_ITEMS,
        help_text="User ids of colleagues on the staff of the student's school.",
    )


class HomeVisitPersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class HomeVisitStudentOutput(serializers.Serializer):
    id = serializers.IntegerField(source="student.pk")
    name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class.label")


class HomeVisitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    visited_on = serializers.DateField()
    semester = serializers.IntegerField(source="semester_id")
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.name")
    form = serializers.CharField()
    people_met = serializers.ListField(child=serializers.CharField())
    topics = serializers.ListField(child=serializers.CharField())
    summary = serializers.CharField()
    concerns = serializers.CharField()
    follow_up_on = serializers.DateField(allow_null=True)
    flagged_for_counsellor = serializers.BooleanField()
    author = HomeVisitPersonOutput()
    teachers = HomeVisitPersonOutput(many=True)
    students = HomeVisitStudentOutput(many=True, source="visited.all")
    created_at = serializers.DateTimeField()
    editable_until = serializers.SerializerMethodField()
    editable = serializers.SerializerMethodField()

    def get_editable_until(self, visit) -> str:
        return serializers.DateTimeField().to_representation(services.edit_deadline(visit))

    def get_editable(self, visit) -> bool:
        return services.is_editable_by(visit, self.context["request"].user)


class HomeVisitCoverageRowOutput(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    visited = serializers.IntegerField()
    unvisited = serializers.IntegerField()
    coverage = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Percent; null without students."
    )
    target = serializers.DecimalField(max_digits=10, decimal_places=2)
    met = serializers.BooleanField()

    def get_id(self, row) -> int | None:
        return getattr(row.place, "pk", None)


class HomeVisitCoverageOutput(serializers.Serializer):
    level = serializers.CharField(help_text='What each row is: "district", "school" or "class".')
    semester = serializers.IntegerField(source="semester.pk")
    summary = HomeVisitCoverageRowOutput()
    rows = HomeVisitCoverageRowOutput(many=True)


class HomeVisitUnvisitedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    student_number = serializers.CharField()


# --- Views ----------------------------------------------------------------


def _service_arguments(request, data: dict) -> dict:
    """Students and colleagues by id; a student the person may not see is a
    404, as it would be when opened on its own."""
    student_ids = list(dict.fromkeys(data.pop("students")))
    students = Student.objects.in_bulk(student_ids)
    if len(students) != len(student_ids):
        raise exceptions.NotFound()
    teacher_ids = set(data.pop("co_teachers"))
    colleagues = list(User.objects.filter(pk__in=teacher_ids))
    if len(colleagues) != len(teacher_ids):
        raise exceptions.ValidationError({"co_teachers": ["Unknown user."]})
    return {
        **data,
        "students": [students[pk] for pk in student_ids],
        "co_teachers": colleagues,
    }


def _run(save):
    try:
        return save()
    except services.VisitOutOfScope as error:
        raise exceptions.NotFound() from error
    except SchoolsError as error:
        raise exceptions.ValidationError({error.field or "detail": [str(error.message)]}) from error


class VisitListCreateView(GenericAPIView):
    serializer_class = HomeVisitOutput
    filterset_fields = ["semester", "school"]

    def get_queryset(self):
        visits = selectors.visits_in_scope(self.request.user)
        if self.request.query_params.get("mine") in ("1", "true"):
            user = self.request.user
            visits = visits.filter(Q(author=user) | Q(teachers=user)).distinct()
        return visits

    @extend_schema(
        summary="Home visits in scope (the person's own, or all a leader or officer sees)",
        parameters=[
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only visits the person is on"),
        ],
        responses=HomeVisitOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            HomeVisitOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        summary="Log a home visit",
        request=HomeVisitInput,
        responses={201: HomeVisitOutput, 400: None, 404: None},
    )
    def post(self, request):
        data = HomeVisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = _service_arguments(request, dict(data.validated_data))
        visit = _run(lambda: services.log_visit(author=request.user, **arguments))
        visit = selectors.visit_for(request.user, visit.pk)
        return Response(
            HomeVisitOutput(visit, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class VisitDetailView(APIView):
    @extend_schema(summary="One home visit", responses={200: HomeVisitOutput, 404: None})
    def get(self, request, pk: int):
        visit = selectors.visit_for(request.user, pk)
        return Response(HomeVisitOutput(visit, context={"request": request}).data)

    @extend_schema(
        summary="Change a home visit: its author, within 7 days of logging",
        request=HomeVisitInput(partial=True),
        responses={200: HomeVisitOutput, 400: None, 404: None},
    )
    def patch(self, request, pk: int):
        visit = selectors.visit_for(request.user, pk)
        data = HomeVisitInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        current = {
            "visited_on": visit.visited_on,
            "form": visit.form,
            "people_met": visit.people_met,
            "topics": visit.topics,
            "summary": visit.summary,
            "concerns": visit.concerns,
            "follow_up_on": visit.follow_up_on,
            "flag_for_counsellor": visit.flagged_for_counsellor,
        }
        arguments = {**current, **changes}
        if "students" in changes or "co_teachers" in changes:
            arguments.setdefault("students", [row.student_id for row in visit.visited.all()])
            arguments.setdefault(
                "co_teachers", [t.pk for t in visit.teachers.all() if t.pk != visit.author_id]
            )
            arguments = _service_arguments(request, arguments)
        _run(lambda: services.update_visit(visit=visit, user=request.user, **arguments))
        visit = selectors.visit_for(request.user, pk)
        return Response(HomeVisitOutput(visit, context={"request": request}).data)


class CoverageView(APIView):
    @extend_schema(
        summary="Home-visit coverage this semester",
        description=(
            "Without parameters: the person's own level (the city's districts, their "
            "district's schools, their school's classes or their own classes). With "
            "`district` or `school`: that place's schools or classes; out of scope is 404."
        ),
        parameters=[
            OpenApiParameter("district", OpenApiTypes.INT, description="Rows per school"),
            OpenApiParameter("school", OpenApiTypes.INT, description="Rows per class"),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(coverage_selectors.SORT_KEYS)),
            OpenApiParameter("dir", OpenApiTypes.STR, enum=["asc", "desc"]),
        ],
        responses={200: HomeVisitCoverageOutput, 404: None},
    )
    def get(self, request):
        semester = current_semester()
        params = request.query_params
        try:
            if params.get("school"):
                report = coverage_selectors.school_coverage(
                    request.user, int(params["school"]), semester
                )
            elif params.get("district"):
                report = coverage_selectors.district_coverage(
                    request.user, int(params["district"]), semester
                )
            else:
                report = coverage_selectors.home_report(request.user, semester)
        except ValueError as error:
            raise exceptions.NotFound() from error
        if report is None:
            raise exceptions.PermissionDenied("Home-visit coverage is for bureau and school staff.")
        key = params.get("sort", "coverage")
        if key not in coverage_selectors.SORT_KEYS:
            key = "coverage"
        report.rows = coverage_selectors.sort_rows(report.rows, key, params.get("dir") == "desc")
        return Response(HomeVisitCoverageOutput(report).data)


class UnvisitedView(APIView):
    @extend_schema(
        summary="Students of a class not yet visited this semester",
        responses={200: HomeVisitUnvisitedOutput(many=True), 404: None},
    )
    def get(self, request, pk: int):
        school_class = coverage_selectors.class_in_reach_or_404(request.user, pk)
        students = coverage_selectors.class_students(request.user, school_class, current_semester())
        return Response(HomeVisitUnvisitedOutput(students.filter(visited=False), many=True).data)


urlpatterns = [
    path("home-visits/", VisitListCreateView.as_view(), name="home-visit-list"),
    path("home-visits/<int:pk>/", VisitDetailView.as_view(), name="home-visit-detail"),
    path("home-visit-coverage/", CoverageView.as_view(), name="home-visit-coverage"),
    path(
        "home-visit-coverage/classes/<int:pk>/unvisited/",
        UnvisitedView.as_view(),
        name="home-visit-unvisited",
    ),
]
