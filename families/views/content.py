"""Pages for content."""

urlpatterns = []
