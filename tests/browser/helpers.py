"""What the browser tests share: the personas' password, logging in through
the real page, and expected texts in the language the browser asks for."""

from django.utils import translation

PASSWORD = "correct horse battery"


def zh(text) -> str:
    """The Chinese a person sees, from the same catalogue as the page, so a
    test holds whether or not the string has been translated yet."""
    with translation.override("zh-hans"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")


def totp_code(secret: str) -> str:
    """The authenticator's code, taken early enough in its 30-second window
    that it is still valid when the browser submits it."""
    import time

    from allauth.mfa import app_settings

    from portal.tests.test_two_factor import current_code

    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 5:
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.2)
    return current_code(secret)
