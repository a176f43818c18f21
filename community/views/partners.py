"""Pages for partners."""

urlpatterns = []
