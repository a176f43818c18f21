"""Pages for lectures."""

urlpatterns = []
