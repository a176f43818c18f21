"""The families app's back office, one module per area; importing registers."""

from . import attendance, binding, content, counselling, lectures  # noqa: F401
