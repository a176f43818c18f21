"""One place maps each app's domain errors to HTTP for the API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from portal.accounts.services import RoleGrantError


class DomainError(Exception):
    """Raised by services for a request that breaks a business rule; each
    app's own error type subclasses it."""


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, RoleGrantError):
        exc = exceptions.PermissionDenied(detail=str(exc))
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError(detail={"detail": str(exc)})
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """A URL under /api/ that matches no route (an id that is not a number)
    answers in JSON like the API's own 404s; pages keep the HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
