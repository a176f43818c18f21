"""The bureau's view: every indicator against its target for the city, a
district or a school, month by month. Only the dashboard and the reports
read across all apps; no app imports them."""
