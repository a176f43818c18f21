"""Pages for law."""

urlpatterns = []
