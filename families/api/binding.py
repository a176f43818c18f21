"""API for binding a parent's account to a child, the parent's children,
parent schools (public) and their coverage, and issuing binding codes."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from families.models import BindingCode, FamilyLink, ParentSchool
from families.selectors import binding as selectors
from families.selectors import parent_schools as school_selectors
from families.services import binding as services
from families.views.binding import client_ip


class BindInput(serializers.Serializer):
    code = serializers.CharField(
        required=False, max_length=20, help_text="The school's 8-character binding code."
    )
    class_code = serializers.CharField(
        required=False,
        max_length=40,
        help_text="School code, grade and class number, e.g. 4501030001-3-1.",
    )
    student_number = serializers.CharField(required=False, max_length=32)

    def validate(self, data):
        if data.get("code"):
            return data
        if data.get("class_code") and data.get("student_number"):
            return data
        raise serializers.ValidationError("Send either code, or class_code with student_number.")


class ChildOutput(serializers.ModelSerializer):
    student_id = serializers.IntegerField()
    name = serializers.CharField(source="student.name")
    school = serializers.CharField(source="student.school.name")
    school_class = serializers.CharField(source="student.school_class.label")
    guardian_name = serializers.CharField(source="guardian.name")

    class Meta:
        model = FamilyLink
        fields = ["id", "student_id", "name", "school", "school_class", "guardian_name",
                  "method", "bound_at"]  # fmt: skip


class BindView(APIView):
    @extend_schema(
        request=BindInput,
        responses={201: ChildOutput},
        summary="Bind the account to a child: a binding code, or class code, student "
        "number and the account's verified phone on the roster. Wrong tries are limited "
        "to 5 per 15 minutes per account and address.",
    )
    def post(self, request):
        data = BindInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        ip = client_ip(request)
        if values.get("code"):
            link = services.bind_with_code(user=request.user, code=values["code"], ip=ip)
        else:
            link = services.bind_with_roster(
                user=request.user,
                class_code=values["class_code"],
                student_number=values["student_number"],
                ip=ip,
            )
        return Response(ChildOutput(link).data, status=status.HTTP_201_CREATED)


class ChildrenView(ListAPIView):
    """The children bound to the requesting account."""

    serializer_class = ChildOutput
    pagination_class = None
    queryset = FamilyLink.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        return selectors.children_of(self.request.user)


class ParentSchoolOutput(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", allow_null=True, default=None)
    school_name = serializers.CharField(source="school.name", allow_null=True, default=None)
    village_name = serializers.CharField(source="village.name", allow_null=True, default=None)

    class Meta:
        model = ParentSchool
        fields = ["id", "name", "level", "district", "district_name", "school", "school_name",
                  "village", "village_name", "principal_name", "star_rating",
                  "established_on"]  # fmt: skip


class ParentSchoolListView(ListAPIView):
    """Active parent schools; open to everyone, logged in or not."""

    serializer_class = ParentSchoolOutput
    permission_classes = [AllowAny]
    filterset_fields = ["level", "district", "school", "village"]

    def get_queryset(self):
        return school_selectors.parent_schools(self.request.user)


class DistrictCoverageOutput(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    schools = serializers.IntegerField()
    covered = serializers.IntegerField()
    uncovered = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                     help_text="Percent of schools covered.")  # fmt: skip
    target = serializers.DecimalField(max_digits=6, decimal_places=1)
    met = serializers.BooleanField()


class UncoveredSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    district = serializers.IntegerField(source="district_id")


class CoverageOutput(serializers.Serializer):
    total = DistrictCoverageOutput()
    districts = DistrictCoverageOutput(many=True)
    uncovered_schools = UncoveredSchoolOutput(many=True)


class CoverageView(APIView):
    @extend_schema(
        responses={200: CoverageOutput},
        summary="Schools with a school-level parent school, per district (officers)",
    )
    def get(self, request):
        if not school_selectors.may_see_coverage(request.user):
            raise PermissionDenied
        return Response(CoverageOutput(school_selectors.coverage(request.user)).data)


class BindingCodeOutput(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    student_number = serializers.CharField(source="student.student_number")

    class Meta:
        model = BindingCode
        fields = ["id", "student", "student_name", "student_number", "code", "issued_at",
                  "expires_at"]  # fmt: skip


class ClassCodesView(APIView):
    def _class(self, request, pk):
        return get_object_or_404(selectors.classes_for_codes(request.user), pk=pk)

    @extend_schema(
        responses={200: BindingCodeOutput(many=True)},
        summary="The class's usable binding codes (head teachers, school leaders, officers)",
    )
    def get(self, request, pk: int):
        school_class = self._class(request, pk)
        students = selectors.current_codes(request.user, school_class)
        codes = [student.code for student in students if student.code]
        return Response(BindingCodeOutput(codes, many=True).data)

    @extend_schema(
        request=None,
        responses={201: BindingCodeOutput(many=True)},
        summary="Issue new codes for every student of the class; earlier unused codes stop working",
    )
    def post(self, request, pk: int):
        school_class = self._class(request, pk)
        codes = services.issue_codes_for_class(issued_by=request.user, school_class=school_class)
        return Response(BindingCodeOutput(codes, many=True).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("families/bind/", BindView.as_view(), name="family-bind"),
    path("families/children/", ChildrenView.as_view(), name="family-children"),
    path("families/parent-schools/", ParentSchoolListView.as_view(), name="parent-school-list"),
    path(
        "families/parent-schools/coverage/",
        CoverageView.as_view(),
        name="parent-school-coverage",
    ),
    path(
        "families/classes/<int:pk>/binding-codes/",
        ClassCodesView.as_view(),
        name="class-binding-codes",
    ),
]
