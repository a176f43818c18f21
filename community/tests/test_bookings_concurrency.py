"""Many schools booking the same slot at the same moment: the conditional
UPDATE in `book_slot` lets exactly as many through as there are places. The
negative control books the naive way (read the counter, check, write it
back) under the same race and overbooks, which shows the test can fail."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from community.models import Booking, BookingSlot
from community.services import bookings as services
from community.services.errors import BookingError
from community.tests.factories import BookingSlotFactory, EducationResourceFactory, fill_class
from portal import access
from schools.models import SchoolClass
from schools.services.semesters import semester_on

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20
STUDENTS_EACH = 10
CAPACITY = 100


@pytest.fixture
def race(city, people):
    base = EducationResourceFactory(district=city.qingxiu, capacity_per_visit=CAPACITY)
    slot = BookingSlotFactory(resource=base, capacity=CAPACITY)
    classes = [
        SchoolClass.objects.create(
            school=city.school, district=city.qingxiu, grade=5, number=number
        )
        for number in range(1, THREADS + 1)
    ]
    for school_class in classes:
        fill_class(school_class, STUDENTS_EACH)
    leader = people.school_leader
    access.scope_for(leader)  # computed once, before the threads share the user
    semester_on(slot.date)  # created once, not by twenty threads at a time
    return slot, classes, leader


def run_at_once(work, items) -> tuple[int, int]:
    """Run `work(item)` in one thread per item, all released together;
    returns (successes, refusals)."""
    barrier = threading.Barrier(len(items))
    outcomes = []
    lock = threading.Lock()

    def runner(item):
        try:
            barrier.wait()
            work(item)
            result = "ok"
        except BookingError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=runner, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes.count("ok"), outcomes.count("refused")


def booked_in_bookings(slot) -> int:
    return Booking.objects.filter(slot=slot).aggregate(total=Sum("students"))["total"] or 0


def test_concurrent_bookings_never_exceed_the_slot(race):
    slot, classes, leader = race

    def book(school_class):
        services.book_slot(
            slot=slot,
            school_class=school_class,
            students=STUDENTS_EACH,
            teachers=1,
            course=None,
            by=leader,
        )

    successes, refusals = run_at_once(book, classes)
    slot.refresh_from_db()
    assert (successes, refusals) == (CAPACITY // STUDENTS_EACH, THREADS - CAPACITY // STUDENTS_EACH)
    assert slot.booked_students == CAPACITY
    assert booked_in_bookings(slot) == CAPACITY


def naive_book(*, slot_id, school_class, students, by):
    """Read-then-write: the version the service must not be."""
    with transaction.atomic():
        slot = BookingSlot.objects.get(pk=slot_id)
        if slot.booked_students + students > slot.capacity:
            raise BookingError("full")
        time.sleep(0.05)  # the window in which another school reads the same count
        slot.booked_students = slot.booked_students + students
        slot.save(update_fields=["booked_students"])
        Booking.objects.create(
            slot=slot,
            school=school_class.school,
            school_class=school_class,
            district_id=school_class.district_id,
            semester=semester_on(slot.date),
            students=students,
            teachers=1,
            requested_by=by,
        )


def test_negative_control_read_then_write_overbooks(race):
    slot, classes, leader = race

    def book(school_class):
        naive_book(slot_id=slot.pk, school_class=school_class, students=STUDENTS_EACH, by=leader)

    successes, _refusals = run_at_once(book, classes)
    slot.refresh_from_db()
    # The counter looks fine (lost updates), but more students were booked
    # than the slot holds.
    assert slot.booked_students <= CAPACITY
    assert successes > CAPACITY // STUDENTS_EACH
    assert booked_in_bookings(slot) > CAPACITY
