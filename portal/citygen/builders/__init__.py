"""One row generator per table, in load order. Each derives its rows from
the plan and a random source seeded per table and school, so a later table
finds the same students, guardians and teachers as an earlier one."""

from . import community as co
from . import counselling as cs
from . import programs as pr
from . import school_life as sl
from .base import Context
from .families import completions, courses, lectures, parent_schools, registrations
from .org import classes, districts, schools, towns, villages
from .people import family_links, guardians, guardianships, roles, students, users
from .visits import home_visits, visit_teachers, visited_students

BUILDERS = (
    districts,
    towns,
    villages,
    schools,
    classes,
    users,
    roles,
    cs.counsellor_roles,
    students,
    guardians,
    guardianships,
    family_links,
    home_visits,
    visit_teachers,
    visited_students,
    # School life.
    sl.parent_committees,
    sl.committee_members,
    sl.committee_meetings,
    sl.committee_decisions,
    sl.law_vice_principals,
    sl.law_appointments,
    sl.law_sessions,
    sl.guidance_activities,
    # Community: the map and its bookings, partners, lecturers, alliances.
    co.education_resources,
    co.resource_managers,
    co.resource_courses,
    co.booking_slots,
    co.bookings,
    co.study_tour_providers,
    co.approval_records,
    co.organisations,
    co.volunteers,
    co.volunteer_districts,
    co.volunteer_hours,
    co.lecturer_groups,
    co.lecturers,
    co.departments,
    co.department_liaisons,
    co.alliances,
    co.alliance_departments,
    co.alliance_schools,
    co.joint_meetings,
    co.meeting_attendees,
    co.follow_up_tasks,
    # Families: parent schools, lectures, counselling.
    parent_schools,
    courses,
    lectures,
    registrations,
    completions,
    cs.counselling_stations,
    cs.station_counsellors,
    cs.counselling_requests,
    cs.hotline_calls,
    # Programs.
    pr.care_networks,
    pr.network_members,
    pr.network_contacts,
    pr.care_plans,
    pr.case_team,
    pr.goals,
    pr.follow_ups,
    pr.reviews,
    pr.referrals,
    pr.alerts,
    pr.alert_steps,
)

__all__ = ["BUILDERS", "Context"]
