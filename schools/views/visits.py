"""Pages for visits."""

urlpatterns = []
