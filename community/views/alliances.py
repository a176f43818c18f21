"""Pages for alliances."""

urlpatterns = []
