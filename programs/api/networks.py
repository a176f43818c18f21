"""API for the "1+1+N" care networks. Networks, students and contacts are
written through the network services; reads start from the access layer, so
a network outside the person's scope is a 404."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access
from portal.input_limits import DATE_RANGE, LIST_MAX_ITEMS, TEXT_MAX_LENGTH
from portal.models import User
from programs.models import CareNetwork, ContactKind, NetworkContact, NetworkMember
from programs.selectors import networks as selectors
from programs.services import networks as services
from programs.services.errors import ProgramsError
from schools.models import School, Student

# --- Serializers ----------------------------------------------------------


class NetworkPersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class NetworkPlaceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NetworkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school = NetworkPlaceOutput()
    district = serializers.IntegerField(source="district_id")
    town = NetworkPlaceOutput(allow_null=True)
    head = NetworkPersonOutput()
    cadre = NetworkPersonOutput()
    contact_every_days = serializers.IntegerField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    students = serializers.IntegerField(source="children", help_text="Students in the network.")
    overdue = serializers.IntegerField(
        help_text="Students not contacted within contact_every_days (never contacted included)."
    )


class NetworkInput(serializers.Serializer):
    name = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, allow_blank=True, help_text="At most 120 characters."
    )
    school = serializers.IntegerField(help_text="A school I may set up networks for.")
    town = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Default: the school's town."
    )
    head = serializers.IntegerField(help_text="A teacher, head teacher or leader of the school.")
    cadre = serializers.IntegerField(help_text="A community-partner account of the district.")
    contact_every_days = serializers.IntegerField(default=30, help_text="1 to 365.")
    students = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        max_length=LIST_MAX_ITEMS,
        help_text="Students of the school on the roster.",
    )


class NetworkStudentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    school_class = serializers.CharField(source="school_class.label")


class NetworkLastContactOutput(serializers.Serializer):
    contacted_on = serializers.DateField(source="last_contacted_on")
    # Named apart from the many "kind" fields so the schema has one enum for it.
    contact_kind = serializers.ChoiceField(source="last_kind", choices=ContactKind.choices)


class NetworkMemberOutput(serializers.Serializer):
    student = NetworkStudentOutput()
    joined_on = serializers.DateField()
    last_contact = NetworkLastContactOutput(allow_null=True, help_text="Null when never contacted.")
    overdue = serializers.BooleanField()
    due_on = serializers.DateField(
        allow_null=True, help_text="When the next contact is due; null when never contacted."
    )


class NetworkStudentsInput(serializers.Serializer):
    students = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=LIST_MAX_ITEMS
    )


class NetworkContactInput(serializers.Serializer):
    student = serializers.IntegerField(help_text="A student of the network.")
    contacted_on = serializers.DateField(
        validators=DATE_RANGE,
        help_text="Not in the future, not before they joined.",
    )
    contact_kind = serializers.ChoiceField(choices=ContactKind.choices, source="kind")
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, default="")


class NetworkContactOutput(serializers.Serializer):
    id = serializers.IntegerField()
    student = serializers.IntegerField(source="student_id")
    student_name = serializers.CharField(source="student.name")
    by = NetworkPersonOutput()
    contacted_on = serializers.DateField()
    contact_kind = serializers.ChoiceField(source="kind", choices=ContactKind.choices)
    note = serializers.CharField()


# --- Views ----------------------------------------------------------------


def _run(save):
    try:
        return save()
    except ProgramsError as error:
        raise exceptions.ValidationError({error.field or "detail": [str(error.message)]}) from error


def _refuse(field: str, message: str):
    raise exceptions.ValidationError({field: [message]})


def _network(request, pk: int) -> CareNetwork:
    network = selectors.network_for(request.user, pk)
    network.children = network.members.count()
    return selectors.with_overdue_counts(request.user, [network])[0]


class NetworkListView(GenericAPIView):
    queryset = CareNetwork.objects.none()
    serializer_class = NetworkOutput

    def get_queryset(self):
        closed = self.request.query_params.get("status") == "closed"
        return selectors.networks_for(self.request.user, active=not closed)

    @extend_schema(
        summary="The care networks I am in or keep",
        description="Heads and cadres see their own; school leaders and the district theirs.",
        responses=NetworkOutput(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        networks = selectors.with_overdue_counts(request.user, page)
        return self.get_paginated_response(NetworkOutput(networks, many=True).data)

    @extend_schema(
        summary="Set up a care network (school leaders, the district)",
        description="The head and the cadre are told, once.",
        request=NetworkInput,
        responses={201: NetworkOutput, 400: None},
    )
    def post(self, request):
        data = NetworkInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = access.visible(request.user, School).filter(pk=values["school"]).first()
        if school is None:
            _refuse("school", _("You may not set up a network for this school."))
        town = None
        if values["town"] is not None:
            town = selectors.towns_of(school.district_id).filter(pk=values["town"]).first()
            if town is None:
                _refuse(
                    "town",
                    _("Choose a town or street of %(district)s.") % {"district": school.district},
                )
        head = User.objects.filter(pk=values["head"], is_active=True).first()
        cadre = User.objects.filter(pk=values["cadre"], is_active=True).first()
        wanted = set(values["students"])
        students = list(access.visible(request.user, Student).filter(pk__in=wanted))
        if len(students) != len(wanted):
            _refuse(
                "students",
                _("Choose students of %(school)s who are on the roster.") % {"school": school},
            )
        network = _run(
            lambda: services.set_up_network(
                by=request.user,
                name=values["name"],
                school=school,
                town=town,
                head=head,
                cadre=cadre,
                contact_every_days=values["contact_every_days"],
                students=students,
            )
        )
        return Response(
            NetworkOutput(_network(request, network.pk)).data, status=status.HTTP_201_CREATED
        )


class NetworkDetailView(APIView):
    @extend_schema(summary="One care network", responses={200: NetworkOutput, 404: None})
    def get(self, request, pk: int):
        return Response(NetworkOutput(_network(request, pk)).data)


class MemberListView(APIView):
    @extend_schema(
        summary="A network's students with their last contact, overdue first",
        responses={200: NetworkMemberOutput(many=True), 404: None},
    )
    def get(self, request, pk: int):
        network = selectors.network_for(request.user, pk)
        return Response(
            NetworkMemberOutput(selectors.members_of(request.user, network), many=True).data
        )

    @extend_schema(
        summary="Add students to a network (its head, school leaders, the district)",
        request=NetworkStudentsInput,
        responses={200: NetworkMemberOutput(many=True), 400: None, 404: None},
    )
    def post(self, request, pk: int):
        network = selectors.network_for(request.user, pk)
        if not selectors.may_keep_members(request.user, network):
            _refuse("detail", services.only_keepers_choose())
        data = NetworkStudentsInput(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data["students"])
        students = list(access.visible(request.user, Student).filter(pk__in=wanted))
        if len(students) != len(wanted):
            _refuse(
                "students",
                _("Choose students of %(school)s who are on the roster.")
                % {"school": network.school},
            )
        _run(lambda: services.add_students(network=network, students=students, by=request.user))
        return Response(
            NetworkMemberOutput(selectors.members_of(request.user, network), many=True).data
        )


class ContactListView(GenericAPIView):
    queryset = NetworkContact.objects.none()
    serializer_class = NetworkContactOutput

    def get_queryset(self):
        network = selectors.network_for(self.request.user, self.kwargs["pk"])
        return selectors.contacts_of(self.request.user, network)

    @extend_schema(
        summary="A network's contacts and visits, latest first",
        responses={200: NetworkContactOutput(many=True), 404: None},
    )
    def get(self, request, pk: int):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(NetworkContactOutput(page, many=True).data)

    @extend_schema(
        summary="Log a contact or visit with a student of the network",
        description="The head, the cadre, the school's leaders and the district log contacts.",
        request=NetworkContactInput,
        responses={201: NetworkContactOutput, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        network = selectors.network_for(request.user, pk)
        data = NetworkContactInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        student = (
            access.visible(request.user, NetworkMember)
            .filter(network=network, student_id=values.pop("student"))
            .select_related("student")
            .first()
        )
        contact = _run(
            lambda: services.log_contact(
                network=network,
                student=student.student if student is not None else None,
                by=request.user,
                **values,
            )
        )
        return Response(NetworkContactOutput(contact).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("programs/networks/", NetworkListView.as_view(), name="network-list"),
    path("programs/networks/<int:pk>/", NetworkDetailView.as_view(), name="network-detail"),
    path(
        "programs/networks/<int:pk>/members/", MemberListView.as_view(), name="network-member-list"
    ),
    path(
        "programs/networks/<int:pk>/contacts/",
        ContactListView.as_view(),
        name="network-contact-list",
    ),
]
