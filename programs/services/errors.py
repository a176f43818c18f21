"""The programs app's one error type: a request that breaks a business rule.
The API maps it to a 400 (portal.api_errors); pages show its message, next
to the field it names where there is one."""

from portal.api_errors import DomainError


class ProgramsError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
