"""Every URL pattern of the project, found by walking the resolver, so a new one cannot hide."""

from collections.abc import Iterator

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """Each pattern's full route, such as `communities/<slug:slug>/join/` (regex patterns, as
    the admin's history pages use, keep their regex text)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def all_routes() -> list[str]:
    """The distinct routes, in the resolver's order (a route named twice counts once)."""
    return list(dict.fromkeys(url_patterns()))


def admin_models() -> dict[str, type]:
    """`app_label/model_name` → model, for every model registered in the admin."""
    return {f"{m._meta.app_label}/{m._meta.model_name}": m for m in admin.site._registry}
