"""API of the roster: students, their guardians, mentors and the Excel
import. Every list starts from the access layer; phones are masked for
people who may read the student but not change them."""

import django_filters
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.models import User
from portal.phones import mask_phone
from schools.forms.roster import check_upload
from schools.models import Guardianship, SchoolClass, Student
from schools.selectors.roster import guardianships_of, may_import, students_for
from schools.services import mentors
from schools.services.roster_import import import_roster


class StudentFilter(django_filters.FilterSet):
    has_mentor = django_filters.BooleanFilter(
        field_name="mentor",
        lookup_expr="isnull",
        exclude=True,
        label="Whether the student has a mentor",
    )

    class Meta:
        model = Student
        fields = ["school", "school_class", "is_active", "has_mentor"]


class StudentOutput(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name")
    class_label = serializers.CharField(source="school_class.label")
    mentor_name = serializers.SerializerMethodField()

    class Meta:
        model = Student
        fields = [
            "id",
            "name",
            "student_number",
            "gender",
            "birth_date",
            "is_active",
            "district",
            "school",
            "school_name",
            "school_class",
            "class_label",
            "mentor",
            "mentor_name",
        ]

    def get_mentor_name(self, student) -> str | None:
        return student.mentor.display_name if student.mentor_id else None


class GuardianOutput(serializers.ModelSerializer):
    id = serializers.IntegerField(source="guardian_id")
    name = serializers.CharField(source="guardian.name")
    phone = serializers.SerializerMethodField(
        help_text="Masked (138****5678) unless the requester may change the student."
    )

    class Meta:
        model = Guardianship
        fields = ["id", "name", "phone", "relation", "lives_with_child", "position"]

    def get_phone(self, link) -> str:
        if self.context.get("show_phones"):
            return link.guardian.phone
        return mask_phone(link.guardian.phone)


class MentorInput(serializers.Serializer):
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        help_text="A staff member of the student's school, or null to remove the mentor.",
    )


class ClassMentorInput(MentorInput):
    only_unmentored = serializers.BooleanField(
        default=True, help_text="Leave students who already have a mentor as they are."
    )


class RosterImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="The bureau's roster template (.xlsx, at most 5 MB).")
    dry_run = serializers.BooleanField(default=False, help_text="Check only; save nothing.")

    def validate_file(self, upload):
        return check_upload(upload)


class RowErrorOutput(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The sheet's row number.")
    column = serializers.CharField(help_text="The template's column header.")
    message = serializers.CharField()


class ImportCountsOutput(serializers.Serializer):
    students_created = serializers.IntegerField()
    students_updated = serializers.IntegerField()
    students_unchanged = serializers.IntegerField()
    classes_created = serializers.IntegerField()
    guardians_created = serializers.IntegerField()
    guardianships_created = serializers.IntegerField()
    guardianships_updated = serializers.IntegerField()
    guardianships_unchanged = serializers.IntegerField()


class ImportOutput(serializers.Serializer):
    saved = serializers.BooleanField()
    rows = serializers.IntegerField()
    counts = ImportCountsOutput()


ImportErrorsOutput = inline_serializer(
    name="RosterImportErrors",
    fields={"saved": serializers.BooleanField(), "errors": RowErrorOutput(many=True)},
)


class StudentListView(ListAPIView):
    """Students the requester may see, filterable by school, class and
    whether they have a mentor."""

    serializer_class = StudentOutput
    filterset_class = StudentFilter

    def get_queryset(self):
        return students_for(self.request.user)


class StudentDetailView(RetrieveAPIView):
    serializer_class = StudentOutput

    def get_queryset(self):
        return students_for(self.request.user)


class StudentGuardianListView(ListAPIView):
    serializer_class = GuardianOutput
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Guardianship.objects.none()
        self.student = access.get_visible_or_404(self.request.user, Student, pk=self.kwargs["pk"])
        return guardianships_of(self.student)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        student = getattr(self, "student", None)
        context["show_phones"] = student is not None and access.can_change(
            self.request.user, student
        )
        return context


class StudentMentorView(APIView):
    @extend_schema(request=MentorInput, responses={200: StudentOutput}, summary="Assign a mentor")
    def post(self, request, pk):
        student = access.get_visible_or_404(request.user, students_for(request.user), pk=pk)
        if not access.can_change(request.user, student):
            raise PermissionDenied(_("You may read this student but not change their mentor."))
        data = MentorInput(data=request.data)
        data.is_valid(raise_exception=True)
        student = mentors.assign_mentor(
            by=request.user, student=student, mentor=data.validated_data["mentor"]
        )
        return Response(StudentOutput(student).data)


class ClassMentorView(APIView):
    @extend_schema(
        request=ClassMentorInput,
        responses={
            200: inline_serializer("ClassMentorResult", {"changed": serializers.IntegerField()})
        },
        summary="Assign one mentor to a class's students",
    )
    def post(self, request, pk):
        school_class = access.get_visible_or_404(request.user, SchoolClass, pk=pk)
        data = ClassMentorInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = mentors.assign_mentor_to_class(
            by=request.user,
            school_class=school_class,
            mentor=data.validated_data["mentor"],
            only_unmentored=data.validated_data["only_unmentored"],
        )
        return Response({"changed": changed})


class RosterImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": RosterImportInput},
        responses={200: ImportOutput, 400: ImportErrorsOutput},
        summary="Import the roster template",
        description=(
            "The same import as the browser page: nothing is saved unless every row is "
            "good; a 400 lists each bad row with its row number, column and reason."
        ),
    )
    def post(self, request):
        if not may_import(request.user):
            raise PermissionDenied(
                _("Importing rosters is for school leaders and district and city officers.")
            )
        data = RosterImportInput(data=request.data)
        if not data.is_valid():
            return _refused(_errors_of_the_request(data.errors))
        result = import_roster(
            by=request.user,
            upload=data.validated_data["file"],
            dry_run=data.validated_data["dry_run"],
        )
        if not result.ok:
            return _refused(RowErrorOutput(result.errors, many=True).data)
        output = {"saved": result.saved, "rows": result.rows, "counts": result.counts}
        return Response(ImportOutput(output).data)


def _refused(errors) -> Response:
    return Response({"saved": False, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def _errors_of_the_request(field_errors: dict) -> list[dict]:
    """A missing or wrong file in the same shape as a bad row, so that a
    client reads one kind of 400."""
    return [
        {"row": None, "column": field, "message": str(message)}
        for field, messages in field_errors.items()
        for message in messages
    ]


urlpatterns = [
    path("students/", StudentListView.as_view(), name="student-list"),
    path("students/<int:pk>/", StudentDetailView.as_view(), name="student-detail"),
    path(
        "students/<int:pk>/guardians/",
        StudentGuardianListView.as_view(),
        name="student-guardian-list",
    ),
    path("students/<int:pk>/mentor/", StudentMentorView.as_view(), name="student-mentor"),
    path("classes/<int:pk>/mentor/", ClassMentorView.as_view(), name="class-mentor"),
    path("roster/import/", RosterImportView.as_view(), name="roster-import"),
]
