"""The community app's one error type: a request that breaks a business rule.
The API maps it to a 400 (portal.api_errors); pages show its message, next
to the field it names where there is one."""

from portal.api_errors import DomainError


class CommunityError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ResourceError(CommunityError):
    """A change to a place on the map or a study-tour provider that breaks a rule."""


class BookingError(CommunityError):
    """A slot or booking that breaks a rule (capacity, time, scope)."""
