"""API for alliances."""

urlpatterns = []
