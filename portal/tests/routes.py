"""The project's routes, read from the URL resolver, for the tests that
must cover every route (list query counts, the access matrix)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns, namespace=None):
    """(name, view) of every named route under `patterns`."""
    for name, pattern, _kwargs in _walk(patterns, namespace):
        yield name, pattern.callback


@dataclass(frozen=True)
class Route:
    name: str
    callback: object
    kwargs: tuple[str, ...]


def url_routes() -> list[Route]:
    """Every named route of the project, with the keyword arguments its
    URL takes (those of the includes above it too)."""
    return [
        Route(name, pattern.callback, kwargs)
        for name, pattern, kwargs in _walk(get_resolver().url_patterns)
    ]


def _walk(patterns, namespace=None, kwargs=()):
    for pattern in patterns:
        own = (*kwargs, *_kwargs_of(pattern))
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner:
                inner = f"{namespace}:{inner}" if namespace else inner
            yield from _walk(pattern.url_patterns, inner or namespace, own)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern, own


def _kwargs_of(pattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.pattern.regex.groupindex)
