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


def mails_in(folder) -> list[str]:
    """Each message Django's file-based backend wrote to `folder`: it names
    a file after the second and the connection, so two messages sent in the
    same second on one connection share a file, each followed by a rule."""
    rule = "-" * 79
    return [
        message.strip()
        for path in sorted(folder.glob("*.log"))
        for message in path.read_text().split(rule)
        if message.strip()
    ]
