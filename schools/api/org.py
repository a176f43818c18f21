from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from portal import access
from schools.models import District, School, SchoolClass


class DistrictOutput(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code", "kind"]


class SchoolOutput(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name")

    class Meta:
        model = School
        fields = ["id", "name", "code", "district", "stage", "area", "address"]


class SchoolClassOutput(serializers.ModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = SchoolClass
        fields = ["id", "school", "grade", "number", "label"]


class DistrictListView(ListAPIView):
    serializer_class = DistrictOutput

    def get_queryset(self):
        return access.visible(self.request.user, District)


class SchoolListView(ListAPIView):
    serializer_class = SchoolOutput
    filterset_fields = ["district", "stage", "area"]

    def get_queryset(self):
        return access.visible(self.request.user, School).select_related("district")


class SchoolDetailView(RetrieveAPIView):
    serializer_class = SchoolOutput

    def get_queryset(self):
        return access.visible(self.request.user, School).select_related("district")


class SchoolClassListView(ListAPIView):
    serializer_class = SchoolClassOutput
    filterset_fields = ["school", "grade"]

    def get_queryset(self):
        return access.visible(self.request.user, SchoolClass)


urlpatterns = [
    path("districts/", DistrictListView.as_view(), name="district-list"),
    path("schools/", SchoolListView.as_view(), name="school-list"),
    path("schools/<int:pk>/", SchoolDetailView.as_view(), name="school-detail"),
    path("classes/", SchoolClassListView.as_view(), name="class-list"),
]
