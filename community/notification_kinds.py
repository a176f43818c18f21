"""The community app's notification kinds."""

from django.utils.translation import gettext_lazy as _

from portal.notify import register_kind

BOOKING_REQUESTED = register_kind(
    "community.booking_requested", _("A school booked a visit to my base")
)
BOOKING_ANSWERED = register_kind(
    "community.booking_answered", _("A base confirmed or declined my class's visit")
)
BOOKING_CANCELLED = register_kind(
    "community.booking_cancelled", _("A school cancelled a visit to my base")
)
