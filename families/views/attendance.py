"""Pages for attendance."""

urlpatterns = []
