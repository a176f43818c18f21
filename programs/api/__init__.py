"""The programs app's API, one module per area."""

from . import networks

urlpatterns = [
    *networks.urlpatterns,
]
