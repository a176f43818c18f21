"""Pages for committees."""

urlpatterns = []
