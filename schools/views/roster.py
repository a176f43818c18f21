"""Pages for roster."""

urlpatterns = []
