"""Each app's measures, registered on import."""

from . import care, community, families, schools  # noqa: F401
