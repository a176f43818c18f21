"""How much a person may type into one field: free text and dates.

The columns are unbounded TextFields; the cap is what a person can usefully
type, and it keeps a pasted book (or a script's 100,000 characters) out of
the database and off every page, export and notification that shows it.
Forms and API input serializers both use these, so the two paths agree.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

TEXT_MAX_LENGTH = 4000
# Meeting minutes and tips for parents run longer than a note.
LONG_TEXT_MAX_LENGTH = 20_000
LONG_TEXT_FIELDS = {"minutes", "body"}


# Ids one request may name: a lecture hall's roll call, a village's care
# network, a meeting's attendees. More than that at once is a script.
LIST_MAX_ITEMS = 1000
# A home visit covers one family's children.
SIBLINGS_MAX = 10


def text_limit(field_name: str) -> int:
    """The cap for a free-text column of this name, as the forms set it."""
    return LONG_TEXT_MAX_LENGTH if field_name in LONG_TEXT_FIELDS else TEXT_MAX_LENGTH


# Dates a person types are about the portal's own time: nothing before the
# turn of the century, nothing more than ten years ahead. Year 1 or 9999 is
# a typing slip, and date arithmetic on it (semesters, reminders) overflows.
EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10


def latest_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365 * YEARS_AHEAD)


DATE_RANGE = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(latest_date)]


def check_moment_in_range(value: datetime.datetime) -> None:
    """The same range for a date and time, compared by its local date: an
    aware year-1 datetime cannot even be compared without overflowing."""
    for validator in DATE_RANGE:
        validator(value.date())


DATETIME_RANGE = [check_moment_in_range]
