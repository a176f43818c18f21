from django.urls import include, path

from families.views import attendance, binding, content, counselling, lectures

app_name = "families"

urlpatterns = [
    path("", include(binding.urlpatterns)),
    path("lectures/", include(lectures.urlpatterns)),
    path("attendance/", include(attendance.urlpatterns)),
    path("learn/", include(content.urlpatterns)),
    path("counselling/", include(counselling.urlpatterns)),
]
