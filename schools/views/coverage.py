"""Pages for coverage."""

urlpatterns = []
