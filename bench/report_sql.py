"""The dashboard's 18 measures as ONE hand-written PostgreSQL statement, to
compare with the ORM path (`measure.compute(window)` for each measure).

The statement returns the same unit rows the measures return, as
``(measure_key, district_id, school_id, numerator, denominator)``: one row
per school for the per-school measures (zero where nothing was counted), one
per lecture / appointment in force for the per-unit ones, one per district
for the district shares, and one per place that has something for the plain
counts.

Query shapes, for PostgreSQL 15 with its default settings (work_mem 4 MB,
JIT on) and a planner cost kept well under ``jit_inline_above_cost`` — a
plan that crosses it spends more time compiling than counting:

* The roster is one pass over the students, counting per school those on
  the roll (active, in an active class) and those off it; the ORM counts
  it twice. The ids of students off the roll are then read only in the
  schools that have any (none in the bench city).
* Students visited: the distinct (school, student) pairs of the semester
  are counted straight off the (semester_id, school_id) index, with no
  join, and the pairs that must not count are subtracted: pairs all of
  whose rows are on a visit after as_of or of a student off the roll.
  That correction starts from the small sets (late visits, students off
  the roll) and probes the indexes, instead of joining 1 M visited-student
  rows to 1.75 M students and 2.1 M visits as the ORM does.
* Every per-school measure is one pass over ``schools_school`` left-joined
  to pre-aggregated counts and unpivoted with ``LATERAL (VALUES ...)``;
  covered / not covered is a left join to the distinct covered ids (an
  EXISTS over a CTE would rescan it for each school).
* Lecture attendance sums each lecture's confirmed seats through the
  registrations' lecture index, leaving the other lectures' alone.
* Hotline hours are summed as exact epoch seconds and rounded half-even,
  the rounding ``Decimal.quantize`` uses in the ORM path.

Run: ``PYTHONPATH=/work/main .venv/bin/python -m bench.report_sql``
(read-only on the bench database).

Normalisation (`rows_by_measure_*`): the rows of a measure are summed per
place into ``{(district_id, school_id): (numerator, denominator)}``, after
dropping the rows that cannot change any figure: numerator and denominator
both zero (a school without students, a lecture without confirmed seats —
no value and not a unit), and, for plain COUNT measures, a zero numerator
(their denominator is never read). The same rule is applied to both sides.
A per-unit row of zero over one (a school with no activity) is kept: it is
a unit behind. Because sums per place hide how a place's units split, the
unit rows themselves are compared too, as multisets (`units_by_measure_*`).
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from decimal import Decimal

HAND_SQL = r"""
WITH
-- Places -----------------------------------------------------------------
roster AS MATERIALIZED (   -- per school: students on the roll, and off it
    SELECT st.school_id,
           count(*) FILTER (WHERE st.is_active AND sc.is_active) AS n,
           count(*) FILTER (WHERE NOT (st.is_active AND sc.is_active)) AS n_off
    FROM schools_student st
    JOIN schools_schoolclass sc ON sc.id = st.school_class_id
    GROUP BY st.school_id
),
off_roll AS MATERIALIZED (   -- who is off it, read only in the schools that have any
    SELECT st.id
    FROM schools_student st
    JOIN schools_schoolclass sc ON sc.id = st.school_class_id
    WHERE st.school_id = ANY (ARRAY(SELECT r.school_id FROM roster r WHERE r.n_off > 0))
      AND NOT (st.is_active AND sc.is_active)
),
late_visits AS MATERIALIZED (   -- visits held after as_of
    SELECT hv.id FROM schools_homevisit hv WHERE hv.visited_on > %(as_of)s
),
-- Per-school counts ------------------------------------------------------
visited_any AS (   -- every visited student of the semester, per school
    SELECT vs.school_id, count(DISTINCT vs.student_id) AS n
    FROM schools_visitedstudent vs
    WHERE vs.semester_id = %(semester_id)s
    GROUP BY vs.school_id
),
excluded_pairs AS (   -- (school, student) with a row that does not count
    SELECT vs.school_id, vs.student_id
    FROM late_visits l
    JOIN schools_visitedstudent vs ON vs.visit_id = l.id
    WHERE vs.semester_id = %(semester_id)s
    UNION
    SELECT vs.school_id, vs.student_id
    FROM off_roll o
    JOIN schools_visitedstudent vs ON vs.student_id = o.id
    WHERE vs.semester_id = %(semester_id)s
),
lost AS (   -- ... and no row that does: in visited_any, yet not visited
    SELECT p.school_id, count(*) AS n
    FROM excluded_pairs p
    WHERE EXISTS (SELECT 1 FROM off_roll o WHERE o.id = p.student_id)
       OR NOT EXISTS (
           SELECT 1
           FROM schools_visitedstudent vs
           JOIN schools_homevisit hv ON hv.id = vs.visit_id
           WHERE vs.semester_id = %(semester_id)s
             AND vs.student_id = p.student_id
             AND vs.school_id = p.school_id
             AND hv.visited_on <= %(as_of)s
       )
    GROUP BY p.school_id
),
activities AS (
    SELECT ga.school_id, count(*) AS n
    FROM schools_guidanceactivity ga
    WHERE ga.semester_id = %(semester_id)s
      AND ga.held_on BETWEEN %(semester_start)s AND %(as_of)s
    GROUP BY ga.school_id
),
appointments AS MATERIALIZED (   -- law vice principals in force on as_of
    SELECT la.id, la.district_id, la.school_id
    FROM schools_lawappointment la
    WHERE la.starts_on <= %(as_of)s AND (la.ends_on IS NULL OR la.ends_on >= %(as_of)s)
),
study AS (
    SELECT b.school_id, sum(b.students) AS n
    FROM community_booking b
    JOIN community_bookingslot bs ON bs.id = b.slot_id
    WHERE b.semester_id = %(semester_id)s
      AND b.status = 'confirmed'
      AND bs.date <= %(as_of)s
    GROUP BY b.school_id
),
open_parent_schools AS MATERIALIZED (
    SELECT ps.level, ps.district_id, ps.school_id, ps.village_id
    FROM families_parentschool ps
    WHERE ps.is_active AND ps.established_on <= %(as_of)s
      AND ps.level IN ('school', 'county', 'village', 'community')
),
per_school AS (
    SELECT s.id AS school_id, s.district_id,
           coalesce(r.n, 0) AS students,
           coalesce(v.n, 0) - coalesce(lo.n, 0) AS visited,
           coalesce(a.n, 0) AS activities,
           coalesce(st.n, 0) AS study_visits,
           law.school_id IS NOT NULL AS has_law,
           own.school_id IS NOT NULL AS has_parent_school
    FROM schools_school s
    LEFT JOIN (SELECT DISTINCT school_id FROM appointments) law ON law.school_id = s.id
    LEFT JOIN (
        SELECT DISTINCT school_id FROM open_parent_schools WHERE level = 'school'
    ) own ON own.school_id = s.id
    LEFT JOIN roster r ON r.school_id = s.id
    LEFT JOIN visited_any v ON v.school_id = s.id
    LEFT JOIN lost lo ON lo.school_id = s.id
    LEFT JOIN activities a ON a.school_id = s.id
    LEFT JOIN study st ON st.school_id = s.id
),
per_school_rows AS (
    SELECT m.key, p.district_id, p.school_id, m.numerator, m.denominator
    FROM per_school p
    CROSS JOIN LATERAL (VALUES
        ('schools.home_visit_coverage', p.visited::numeric, p.students::numeric),
        ('schools.guidance_activities_per_semester', p.activities::numeric, 1::numeric),
        ('schools.law_vice_principal_coverage', p.has_law::int::numeric, 1::numeric),
        ('families.parent_school_coverage', p.has_parent_school::int::numeric, 1::numeric),
        ('community.study_visits_per_student', p.study_visits::numeric, p.students::numeric)
    ) AS m(key, numerator, denominator)
),
-- Units other than schools -----------------------------------------------
law_hours AS (
    SELECT ap.district_id, ap.school_id, coalesce(h.total, 0) AS numerator
    FROM appointments ap
    LEFT JOIN (
        SELECT ls.appointment_id, sum(ls.class_hours) AS total
        FROM schools_lawsession ls
        WHERE ls.held_on BETWEEN %(year_start)s AND %(as_of)s
        GROUP BY ls.appointment_id
    ) h ON h.appointment_id = ap.id
),
county AS (
    SELECT d.id AS district_id,
           EXISTS (SELECT 1 FROM open_parent_schools ps
                   WHERE ps.level = 'county' AND ps.district_id = d.id)::int AS numerator
    FROM schools_district d
),
village AS (
    SELECT v.district_id, count(own.village_id) AS numerator, count(*) AS denominator
    FROM schools_village v
    LEFT JOIN (
        SELECT DISTINCT village_id FROM open_parent_schools
        WHERE level IN ('village', 'community')
    ) own ON own.village_id = v.id
    GROUP BY v.district_id
),
lectures AS MATERIALIZED (   -- lectures ended in the semester so far
    SELECT l.id, ps.district_id, ps.school_id
    FROM families_lecture l
    JOIN families_parentschool ps ON ps.id = l.parent_school_id
    WHERE l.ends_at BETWEEN %(semester_start_begin)s AND %(as_of_end)s
),
attendance AS (   -- one index probe per lecture; no pass over all registrations
    SELECT l.district_id, l.school_id,
           coalesce(seats.present, 0) AS numerator,
           coalesce(seats.confirmed, 0) AS denominator
    FROM lectures l
    LEFT JOIN LATERAL (
        SELECT sum(r.seats) AS confirmed,
               sum(r.seats) FILTER (WHERE r.checked_in_at IS NOT NULL) AS present
        FROM families_registration r
        WHERE r.lecture_id = l.id AND r.status = 'confirmed'
    ) seats ON true
),
-- Plain counts, one row per place with something ---------------------------
guidance_events AS (
    SELECT ga.district_id, ga.school_id, count(*) AS numerator
    FROM schools_guidanceactivity ga
    WHERE ga.held_on BETWEEN %(year_start)s AND %(as_of)s
    GROUP BY ga.district_id, ga.school_id
),
completions AS (
    SELECT ps.district_id, ps.school_id, count(*) AS numerator
    FROM families_completion c
    JOIN families_course co ON co.id = c.course_id
    JOIN families_parentschool ps ON ps.id = co.parent_school_id
    WHERE c.completed_at BETWEEN %(semester_start_begin)s AND %(as_of_end)s
    GROUP BY ps.district_id, ps.school_id
),
replays AS (
    SELECT ps.district_id, ps.school_id, count(*) AS numerator
    FROM families_replayview rv
    JOIN families_lecture l ON l.id = rv.lecture_id
    JOIN families_parentschool ps ON ps.id = l.parent_school_id
    WHERE rv.viewed_at BETWEEN %(year_start_begin)s AND %(as_of_end)s
    GROUP BY ps.district_id, ps.school_id
),
counselling AS (
    SELECT cs.district_id, count(*) AS numerator
    FROM families_counsellingrequest cr
    JOIN families_counsellingstation cs ON cs.id = cr.station_id
    WHERE cr.created_at BETWEEN %(semester_start_begin)s AND %(as_of_end)s
    GROUP BY cs.district_id
),
hotline AS (
    SELECT cs.district_id,
           sum(extract(epoch FROM hc.ended_at) - extract(epoch FROM hc.started_at))
               / 36 AS centihours   -- hours x 100, exact
    FROM families_hotlinecall hc
    JOIN families_counsellingstation cs ON cs.id = hc.station_id
    WHERE hc.started_at BETWEEN %(year_start_begin)s AND %(as_of_end)s
    GROUP BY cs.district_id
),
open_cases AS MATERIALIZED (
    SELECT c.id, c.district_id, c.school_id
    FROM programs_case c
    WHERE c.approved_at <= %(as_of_end)s
      AND (c.closed_at IS NULL OR c.closed_at > %(as_of_end)s)
),
open_plans AS (
    SELECT district_id, school_id, count(*) AS numerator
    FROM open_cases
    GROUP BY district_id, school_id
),
overdue AS (
    SELECT oc.district_id, oc.school_id, count(*) AS numerator
    FROM programs_review rv
    JOIN open_cases oc ON oc.id = rv.case_id
    WHERE rv.due_on < %(as_of)s AND (rv.done_on IS NULL OR rv.done_on > %(as_of)s)
    GROUP BY oc.district_id, oc.school_id
),
unanswered AS (
    SELECT c.district_id, c.school_id, count(*) AS numerator
    FROM programs_referral rf
    JOIN programs_case c ON c.id = rf.case_id
    WHERE rf.sent_at <= %(as_of_end)s
      AND (rf.answered_at IS NULL OR rf.answered_at > %(as_of_end)s)
      AND rf.sent_at + rf.escalate_after_days * interval '24 hours' < %(as_of_end)s
    GROUP BY c.district_id, c.school_id
),
network AS (
    SELECT n.district_id, n.school_id, count(DISTINCT m.student_id) AS numerator
    FROM programs_networkmember m
    JOIN programs_carenetwork n ON n.id = m.network_id
    WHERE n.is_active AND m.joined_on <= %(as_of)s
    GROUP BY n.district_id, n.school_id
)
SELECT key::text AS measure_key, district_id::bigint, school_id::bigint,
       numerator::numeric, denominator::numeric
FROM per_school_rows
UNION ALL
SELECT 'schools.law_class_hours_per_year', district_id, school_id, numerator, 1
FROM law_hours
UNION ALL
SELECT 'schools.guidance_events_per_year', district_id, school_id, numerator, 1
FROM guidance_events
UNION ALL
SELECT 'families.county_parent_school_coverage', district_id, NULL, numerator, 1
FROM county
UNION ALL
SELECT 'families.village_parent_school_coverage', district_id, NULL, numerator, denominator
FROM village
UNION ALL
SELECT 'families.lecture_attendance_rate', district_id, school_id, numerator, denominator
FROM attendance
UNION ALL
SELECT 'families.course_completions', district_id, school_id, numerator, 1
FROM completions
UNION ALL
SELECT 'families.lecture_replay_views_per_year', district_id, school_id, numerator, 1
FROM replays
UNION ALL
SELECT 'families.counselling_requests', district_id, NULL, numerator, 1
FROM counselling
UNION ALL
SELECT 'families.hotline_hours_per_year', district_id, NULL,
       -- round half to even, as Decimal.quantize does
       CASE WHEN centihours - floor(centihours) = 0.5 AND floor(centihours)::bigint %% 2 = 0
            THEN floor(centihours) ELSE round(centihours) END / 100, 1
FROM hotline
UNION ALL
SELECT 'programs.open_plans', district_id, school_id, numerator, 1
FROM open_plans
UNION ALL
SELECT 'programs.overdue_reviews', district_id, school_id, numerator, 1
FROM overdue
UNION ALL
SELECT 'programs.unanswered_referrals', district_id, school_id, numerator, 1
FROM unanswered
UNION ALL
SELECT 'programs.network_children', district_id, school_id, numerator, 1
FROM network
"""


def _day_start(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day_end(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def params_for(window) -> dict:
    """The statement's parameters, from the window exactly as the measures
    read it (dates for date columns, the day's bounds in the current time
    zone for timestamps)."""
    return {
        "semester_id": window.semester.pk,
        "as_of": window.as_of,
        "semester_start": window.semester_start,
        "year_start": window.year_start,
        "as_of_end": _day_end(window.as_of),
        "semester_start_begin": _day_start(window.semester_start),
        "year_start_begin": _day_start(window.year_start),
    }


def run_hand_sql(window, using: str = "default") -> tuple[float, list[tuple]]:
    from django.db import connections

    params = params_for(window)
    with connections[using].cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(HAND_SQL, params)
        rows = cursor.fetchall()
        return time.perf_counter() - started, rows


# --- Comparing ---------------------------------------------------------------
def _kinds() -> dict[str, str]:
    from portal.dashboard.measures import measures

    return {m.key: m.kind for m in measures()}


def _counts(kind: str, numerator: Decimal, denominator: Decimal) -> bool:
    """Whether a row can change a figure (see the module's docstring)."""
    from portal.dashboard.measures import COUNT

    if numerator:
        return True
    return kind != COUNT and bool(denominator)


def _normalise(unit_rows: dict[str, list[tuple]]) -> dict[str, dict[tuple, tuple]]:
    kinds = _kinds()
    out: dict[str, dict[tuple, tuple]] = {key: {} for key in kinds}
    for key, rows in unit_rows.items():
        places = out.setdefault(key, {})
        for district_id, school_id, numerator, denominator in rows:
            if not _counts(kinds.get(key, ""), numerator, denominator):
                continue
            n, d = places.get((district_id, school_id), (Decimal(0), Decimal(0)))
            places[(district_id, school_id)] = (n + numerator, d + denominator)
    return out


def _units(unit_rows: dict[str, list[tuple]]) -> dict[str, Counter]:
    kinds = _kinds()
    out = {key: Counter() for key in kinds}
    for key, rows in unit_rows.items():
        out.setdefault(key, Counter()).update(
            (d, s, n.normalize(), den.normalize())
            for d, s, n, den in rows
            if _counts(kinds.get(key, ""), n, den)
        )
    return out


def orm_unit_rows(window) -> tuple[dict[str, float], dict[str, list[tuple]]]:
    """Each measure's rows from its own `compute`, with its time."""
    from portal.dashboard.measures import measures

    seconds, rows = {}, {}
    for measure in measures():
        started = time.perf_counter()
        computed = measure.compute(window)
        seconds[measure.key] = time.perf_counter() - started
        rows[measure.key] = [
            (r.district_id, r.school_id, Decimal(r.numerator), Decimal(r.denominator))
            for r in computed
        ]
    return seconds, rows


def sql_unit_rows(rows: list[tuple]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for key, district_id, school_id, numerator, denominator in rows:
        out.setdefault(key, []).append(
            (district_id, school_id, Decimal(numerator), Decimal(denominator))
        )
    return out


def rows_by_measure_from_orm(window) -> dict[str, dict[tuple, tuple]]:
    return _normalise(orm_unit_rows(window)[1])


def rows_by_measure_from_sql(rows: list[tuple]) -> dict[str, dict[tuple, tuple]]:
    return _normalise(sql_unit_rows(rows))


def units_by_measure_from_orm(window) -> dict[str, Counter]:
    return _units(orm_unit_rows(window)[1])


def units_by_measure_from_sql(rows: list[tuple]) -> dict[str, Counter]:
    return _units(sql_unit_rows(rows))


def differences(orm: dict, sql: dict, limit: int = 10) -> dict[str, list[str]]:
    """What differs, per measure key (empty when all agree)."""
    out = {}
    for key in sorted(set(orm) | set(sql)):
        a, b = orm.get(key, {}), sql.get(key, {})
        if a == b:
            continue
        lines = []
        for item in sorted(set(a) | set(b), key=repr):
            if a.get(item) != b.get(item):
                lines.append(f"{item!r}: orm={a.get(item)!r} sql={b.get(item)!r}")
        out[key] = [f"{len(lines)} differ"] + lines[:limit]
    return out


def main() -> int:
    from bench.city import setup

    setup("tongxin_bench_city")
    from django.utils import timezone

    from portal.dashboard.periods import window_for

    window = window_for(timezone.localdate())
    print(
        f"window: as_of={window.as_of} semester={window.semester.pk} "
        f"({window.semester_start}) year_start={window.year_start}"
    )
    orm_seconds, orm_rows = orm_unit_rows(window)
    sql_seconds, rows = run_hand_sql(window)
    # Once more each way, warm, and keep the better time of the two.
    orm_again, _ = orm_unit_rows(window)
    sql_again, _ = run_hand_sql(window)

    by_place = differences(_normalise(orm_rows), rows_by_measure_from_sql(rows))
    by_unit = differences(_units(orm_rows), units_by_measure_from_sql(rows))
    for key in sorted(set(by_place) | set(by_unit)):
        print(f"DIFFERS {key}")
        for line in by_place.get(key, []) + by_unit.get(key, []):
            print("   ", line)

    sql_units = sql_unit_rows(rows)
    print(f"\n{'measure':48} {'orm rows':>9} {'sql rows':>9} {'orm s':>7}")
    for key, seconds in orm_seconds.items():
        best = min(seconds, orm_again[key])
        print(f"{key:48} {len(orm_rows[key]):9} {len(sql_units.get(key, [])):9} {best:7.3f}")
    orm_total = min(sum(orm_seconds.values()), sum(orm_again.values()))
    hand_total = min(sql_seconds, sql_again)
    print(f"\nmeasures compared: {len(orm_rows)}; equal: {not by_place and not by_unit}")
    print(f"ORM (sum of the {len(orm_rows)} computes): {orm_total:.3f} s")
    print(f"hand SQL (one statement, {len(rows)} rows): {hand_total:.3f} s")
    print(
        f"runs: orm {sum(orm_seconds.values()):.3f} / {sum(orm_again.values()):.3f} s, "
        f"sql {sql_seconds:.3f} / {sql_again:.3f} s"
    )
    # For information only: the same with JIT compilation off for this
    # session (a session setting; nothing is written). One statement pays
    # JIT for its whole plan, hundreds of expressions, where the ORM pays it
    # only on its two or three queries above jit_above_cost.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        orm_nojit = min(sum(orm_unit_rows(window)[0].values()) for _ in range(2))
        sql_nojit = min(run_hand_sql(window)[0] for _ in range(2))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
    print(f"with jit=off (session): ORM {orm_nojit:.3f} s, hand SQL {sql_nojit:.3f} s")
    assert not by_place and not by_unit, "hand SQL and ORM rows differ"
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
