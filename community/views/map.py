"""Pages for map."""

urlpatterns = []
