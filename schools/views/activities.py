"""Pages for activities."""

urlpatterns = []
