"""API of study-trip bookings: a base's slots (listed for schools, opened by
its managers), bookings (made by schools, answered by bases, cancelled by
schools) and participation per school and district. Every write goes
through community.services.bookings."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from community.models import BookingSlot, BookingStatus, EducationResource, ResourceCourse
from community.selectors import bookings as selectors
from community.services import bookings as services
from portal import access
from portal.input_limits import DATE_RANGE
from schools.models import District, Semester
from schools.services.semesters import current_semester


class SlotOutput(serializers.ModelSerializer):
    places_left = serializers.IntegerField()

    class Meta:
        model = BookingSlot
        fields = ["id", "resource", "date", "starts_at", "ends_at", "capacity", "places_left"]


class SlotInput(serializers.Serializer):
    date = serializers.DateField(validators=DATE_RANGE)
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    capacity = serializers.IntegerField(min_value=1)


class SlotListView(APIView):
    def _resource(self, request, pk):
        return access.get_visible_or_404(request.user, EducationResource, pk=pk)

    @extend_schema(responses=SlotOutput(many=True), summary="Free upcoming slots of a base")
    def get(self, request, pk: int):
        slots = selectors.free_slots(request.user, self._resource(request, pk))
        return Response(SlotOutput(slots, many=True).data)

    @extend_schema(
        request=SlotInput, responses={201: SlotOutput}, summary="Open a slot (the base's managers)"
    )
    def post(self, request, pk: int):
        resource = self._resource(request, pk)
        data = SlotInput(data=request.data)
        data.is_valid(raise_exception=True)
        slot = services.open_slot(resource=resource, by=request.user, **data.validated_data)
        return Response(SlotOutput(slot).data, status=status.HTTP_201_CREATED)


class BookingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    resource = serializers.IntegerField(source="slot.resource_id")
    resource_name = serializers.CharField(source="slot.resource.name")
    slot = serializers.IntegerField(source="slot_id")
    date = serializers.DateField(source="slot.date")
    starts_at = serializers.TimeField(source="slot.starts_at")
    ends_at = serializers.TimeField(source="slot.ends_at")
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.name")
    school_class = serializers.IntegerField(source="school_class_id")
    class_label = serializers.CharField(source="school_class.label")
    course = serializers.IntegerField(source="course_id", allow_null=True)
    students = serializers.IntegerField()
    teachers = serializers.IntegerField()
    decline_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class BookingInput(serializers.Serializer):
    slot = serializers.IntegerField()
    school_class = serializers.IntegerField()
    students = serializers.IntegerField(min_value=1)
    teachers = serializers.IntegerField(min_value=1)
    course = serializers.IntegerField(required=False, allow_null=True)


class BookingListView(ListAPIView):
    serializer_class = BookingOutput

    def get_queryset(self):
        bookings = selectors.bookings_for(self.request.user)
        wanted = self.request.query_params.get("status")
        if wanted in BookingStatus.values:
            bookings = bookings.filter(status=wanted)
        return bookings

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=BookingStatus.values)],
        summary="Bookings the person sees (their school's, class's, base's or district's)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=BookingInput,
        responses={201: BookingOutput},
        summary="Book places in a slot for a class",
        description="A class the person does not book for is a 404; a full slot is a 400.",
    )
    def post(self, request):
        data = BookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user
        slot = access.get_visible_or_404(user, BookingSlot, pk=values["slot"])
        school_class = access.get_visible_or_404(
            user, selectors.bookable_classes(user), pk=values["school_class"]
        )
        course = None
        if values.get("course"):
            course = access.get_visible_or_404(
                user,
                ResourceCourse.objects.filter(resource_id=slot.resource_id),
                pk=values["course"],
            )
        booking = services.book_slot(
            slot=slot,
            school_class=school_class,
            students=values["students"],
            teachers=values["teachers"],
            course=course,
            by=user,
        )
        booking = selectors.get_booking_for(user, booking.pk)
        return Response(BookingOutput(booking).data, status=status.HTTP_201_CREATED)


class BookingDetailView(APIView):
    @extend_schema(responses=BookingOutput, summary="One booking")
    def get(self, request, pk: int):
        return Response(BookingOutput(selectors.get_booking_for(request.user, pk)).data)


class DeclineInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class BookingActionView(APIView):
    action_name = ""

    def act(self, request, booking):
        raise NotImplementedError

    def post(self, request, pk: int):
        booking = selectors.get_booking_for(request.user, pk)
        self.act(request, booking)
        return Response(BookingOutput(selectors.get_booking_for(request.user, pk)).data)


class ConfirmView(BookingActionView):
    @extend_schema(request=None, responses=BookingOutput, summary="Confirm a booking (the base)")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, booking):
        services.confirm_booking(booking=booking, by=request.user)


class DeclineView(BookingActionView):
    @extend_schema(
        request=DeclineInput,
        responses=BookingOutput,
        summary="Decline a booking with a reason (the base); frees the places",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, booking):
        data = DeclineInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.decline_booking(
            booking=booking, by=request.user, reason=data.validated_data["reason"]
        )


class CancelView(BookingActionView):
    @extend_schema(
        request=None,
        responses=BookingOutput,
        summary="Cancel a booking (the school); frees the places",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, booking):
        services.cancel_booking(booking=booking, by=request.user)


class ParticipationOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    visits = serializers.IntegerField(help_text="Students on confirmed visits this semester")
    students = serializers.IntegerField(help_text="Students on the roster")
    per_student = serializers.DecimalField(max_digits=8, decimal_places=2)
    target = serializers.DecimalField(max_digits=8, decimal_places=2)
    met = serializers.BooleanField()


class ParticipationView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=["school", "district"], default="school"),
            OpenApiParameter("district", int, description="Only the schools of one district"),
            OpenApiParameter(
                "semester", int, description="Semester id; the current one if left out"
            ),
        ],
        responses=ParticipationOutput(many=True),
        summary="Study-visit participation (双馆双进) this semester",
    )
    def get(self, request):
        wanted = request.query_params.get("semester", "")
        # The calendar is public knowledge (the schools rule reaches it only
        # through city-level roles), so it is looked up directly.
        semester = (
            get_object_or_404(Semester, pk=int(wanted)) if wanted.isdigit() else current_semester()
        )
        if request.query_params.get("level") == "district":
            rows = selectors.district_participation(request.user, semester)
        else:
            district = None
            wanted = request.query_params.get("district", "")
            if wanted.isdigit():
                district = access.get_visible_or_404(request.user, District, pk=int(wanted))
            rows = selectors.school_participation(request.user, semester, district)
        return Response(ParticipationOutput(rows, many=True).data)


urlpatterns = [
    path("map/resources/<int:pk>/slots/", SlotListView.as_view(), name="map-resource-slots"),
    path("bookings/", BookingListView.as_view(), name="booking-list"),
    path("bookings/participation/", ParticipationView.as_view(), name="booking-participation"),
    path("bookings/<int:pk>/", BookingDetailView.as_view(), name="booking-detail"),
    path("bookings/<int:pk>/confirm/", ConfirmView.as_view(), name="booking-confirm"),
    path("bookings/<int:pk>/decline/", DeclineView.as_view(), name="booking-decline"),
    path("bookings/<int:pk>/cancel/", CancelView.as_view(), name="booking-cancel"),
]
