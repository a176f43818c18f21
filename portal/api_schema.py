"""The API schema, with the error answers every view can give written down:
clients (and the schema fuzzing in portal/tests/test_api_fuzz.py) hold the
API to what the schema says, errors included."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF answers a bad field with {"field": ["message", ...]}, a rule broken by
# the whole request with ["message", ...] (portal/api_errors.py).
VALIDATION_ERROR = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]
}


# A time of day is local (Asia/Shanghai) and has no offset, so it is not an
# RFC 3339 "time", which requires one.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
    "example": "09:30:00",
}


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            return dict(LOCAL_TIME)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, (name, schema, description) in self._error_responses(operation).items():
            if code in responses and responses[code].get("content"):
                continue
            component = self._register(name, schema)
            responses[code] = {
                "description": description,
                "content": {"application/json": {"schema": component.ref}},
            }
        return operation

    def _error_responses(self, operation) -> dict:
        errors = {}
        has_query = any(p["in"] == "query" for p in operation.get("parameters", []))
        names_records = "{" in self.path or "requestBody" in operation or has_query
        # Every write can break a rule of the service (a booking already
        # confirmed), with or without a body.
        if self.method != "GET" or names_records:
            errors["400"] = ("ValidationError", VALIDATION_ERROR, "The request is not valid")
        if "requestBody" in operation:
            errors["415"] = ("Error", ERROR, "The body is not in a format the operation takes")
        if not self._is_public():
            errors["401"] = ("Error", ERROR, "Not logged in")
            errors["403"] = ("Error", ERROR, "Not allowed")
        # A record named in the path, the body or the query (a slot, a
        # semester) may be absent or out of the person's scope.
        if names_records or (self.method == "GET" and self._paginates()):
            errors["404"] = ("Error", ERROR, "Not found, or out of the person's scope")
        return errors

    def _is_public(self) -> bool:
        return all(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _paginates(self) -> bool:
        return self._is_list_view() and self._get_paginator() is not None

    def _register(self, name: str, schema: dict) -> ResolvedComponent:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component
