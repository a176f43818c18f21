"""The families app's API, one module per area."""

from . import attendance, binding, content, counselling, lectures

urlpatterns = [
    *binding.urlpatterns,
    *lectures.urlpatterns,
    *attendance.urlpatterns,
    *content.urlpatterns,
    *counselling.urlpatterns,
]
