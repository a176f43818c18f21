"""Fixtures the care-program tests share."""

from programs.tests.test_case_pages_access import world  # noqa: F401  (a fixture)
