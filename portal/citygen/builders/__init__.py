"""One row generator per table, in load order. Each derives its rows from
the plan and a random source seeded per table and school, so a later table
finds the same students, guardians and teachers as an earlier one."""

from .base import Context
from .families import lectures, parent_schools, registrations
from .org import classes, districts, schools, towns, villages
from .people import family_links, guardians, guardianships, roles, students, users
from .programs import care_networks, care_plans, network_members
from .visits import home_visits, visit_teachers, visited_students

BUILDERS = (
    districts,
    towns,
    villages,
    schools,
    classes,
    users,
    roles,
    students,
    guardians,
    guardianships,
    family_links,
    home_visits,
    visit_teachers,
    visited_students,
    parent_schools,
    lectures,
    registrations,
    care_networks,
    network_members,
    care_plans,
)

__all__ = ["BUILDERS", "Context"]
