"""The school calendar. The bureau keeps semesters in the back office; when
none covers a date yet, the usual Chinese calendar is assumed (autumn term
September–January, spring term February–August, so summer visits such as
drowning-prevention rounds count towards the spring term)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from schools.models import Semester


def default_dates(school_year: int, term: int) -> tuple[datetime.date, datetime.date]:
    if term == Semester.Term.AUTUMN:
        return datetime.date(school_year, 9, 1), datetime.date(school_year + 1, 1, 31)
    return datetime.date(school_year + 1, 2, 1), datetime.date(school_year + 1, 8, 31)


def term_of(day: datetime.date) -> tuple[int, int]:
    """(school year, term) of a date by the default calendar."""
    if day.month >= 9:
        return day.year, Semester.Term.AUTUMN
    if day.month == 1:
        return day.year - 1, Semester.Term.AUTUMN
    return day.year - 1, Semester.Term.SPRING


def semester_on(day: datetime.date) -> Semester:
    """The semester that contains `day`, created with default dates if the
    bureau has not entered it."""
    found = Semester.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if found is not None:
        return found
    school_year, term = term_of(day)
    starts_on, ends_on = default_dates(school_year, term)
    try:
        with transaction.atomic():
            return Semester.objects.get_or_create(
                school_year=school_year,
                term=term,
                defaults={"starts_on": starts_on, "ends_on": ends_on},
            )[0]
    except IntegrityError:
        return Semester.objects.get(school_year=school_year, term=term)


def current_semester() -> Semester:
    return semester_on(timezone.localdate())
