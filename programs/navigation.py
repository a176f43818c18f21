"""The care programs' entries in the portal's navigation."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from portal.models import Role  # noqa: F401
from portal.navigation import add_entry  # noqa: F401
