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
