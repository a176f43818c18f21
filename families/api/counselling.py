"""API for counselling."""

urlpatterns = []
