"""API for reading lists and tips. Tips are published through the tip
service; every read starts from the access layer or the parent's selector."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from families.models import ReaderAge, ReadingItem, Tip, TipAudience
from families.selectors import content as selectors
from families.services.content import publish_tip
from families.services.errors import FamiliesError
from portal.input_limits import LONG_TEXT_MAX_LENGTH
from schools.models import Grade, School

# --- Serializers ----------------------------------------------------------


class ReadingItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    author = serializers.CharField()
    age_group = serializers.ChoiceField(choices=ReaderAge.choices)
    why = serializers.CharField()


class ReadingGroupOutput(serializers.Serializer):
    age_group = serializers.CharField(help_text="The age group's label in the request's language.")
    items = ReadingItemOutput(many=True)


class TipInput(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    body = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    audience = serializers.ChoiceField(choices=TipAudience.choices)
    school = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="For a school or grade tip."
    )
    grade = serializers.ChoiceField(
        choices=Grade.choices, required=False, allow_null=True, default=None
    )


class TipOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    audience = serializers.ChoiceField(choices=TipAudience.choices)
    school = serializers.IntegerField(source="school_id", allow_null=True)
    school_name = serializers.CharField(source="school.name", allow_null=True, default=None)
    grade = serializers.IntegerField(allow_null=True)
    published_at = serializers.DateTimeField()


# --- Views ----------------------------------------------------------------


class ReadingListView(GenericAPIView):
    queryset = ReadingItem.objects.none()
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        summary="The reading list for parents, grouped by age group (public)",
        responses=ReadingGroupOutput(many=True),
    )
    def get(self, request):
        groups = [
            {"age_group": str(label), "items": items}
            for label, items in selectors.reading_list(request.user)
        ]
        return Response(ReadingGroupOutput(groups, many=True).data)


class TipListCreateView(GenericAPIView):
    queryset = Tip.objects.none()
    serializer_class = TipOutput

    def get_queryset(self):
        return selectors.tips_for_parent(self.request.user)

    @extend_schema(
        summary="Tips for me: all-parent tips and those for my children's schools and grades",
        responses=TipOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TipOutput(page, many=True).data)

    @extend_schema(
        summary="Publish a tip to all parents (city), a school or a grade",
        description=(
            "The city bureau publishes to all parents; a district officer to the schools of "
            "their district; a school leader to their school. Bound parents in the audience "
            "are notified once each, in batches after the request."
        ),
        request=TipInput,
        responses={201: TipOutput, 400: None, 404: None},
    )
    def post(self, request):
        data = TipInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = None
        if values["school"] is not None:
            school = School.objects.filter(pk=values["school"]).first()
            if school is None:
                raise exceptions.NotFound()
        try:
            tip = publish_tip(by=request.user, **{**values, "school": school})
        except FamiliesError as error:
            raise exceptions.ValidationError(
                {error.field or "detail": [str(error.message)]}
            ) from error
        return Response(TipOutput(tip).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("families/reading/", ReadingListView.as_view(), name="reading-list"),
    path("families/tips/", TipListCreateView.as_view(), name="tip-list"),
]
