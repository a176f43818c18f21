"""Pages for counselling."""

urlpatterns = []
