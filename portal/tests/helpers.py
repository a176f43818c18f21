"""Shared test helpers."""

from portal.middleware import TWO_FACTOR_SESSION_KEY


def log_in(client, user):
    """Logged in as after the full login, two-factor step included (the
    login tests themselves cover that step)."""
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = True
    session.save()
    return client
