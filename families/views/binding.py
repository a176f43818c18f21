"""Pages for binding."""

urlpatterns = []
