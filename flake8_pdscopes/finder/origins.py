"""Where a piece of text was written, carried inside the text itself.

A path given to a constructor in one module (``EntitySpec("deals", "/v1/deals")``) may be sent by a method
in another. The finding belongs where the path is fixed, so such text carries a marker naming its place:
private-use characters around a number, which string operations keep in place like ``HOLE`` and ``PARAM``.
Markers are read off and removed before a URL is parsed or compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN, _CLOSE = "\ue002", "\ue003"
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


@dataclass(frozen=True)
class Origin:
    path: str  # the file, absolute
    line: int
    col: int
    by_name: bool = False  # reached by an attribute's name alone: counts only where it names a known endpoint
    via: str = "constructor"  # what wrote it there: a constructor's argument, a loop's literal, a class attribute
    # The row of a literal table it is a part of (for verb, path in (("GET", "/deals"), ...)): the parts of one
    # row go together.
    row: tuple[int, int] | None = None


ORIGIN_VIAS = ("constructor", "literal", "constant")  # how a call placed at its origin says it was found

_registry: list[Origin] = []
_ids: dict[Origin, int] = {}


def mark(text: str, origin: Origin) -> str:
    """``text`` marked as written at ``origin``."""
    number = _ids.get(origin)
    if number is None:
        number = _ids[origin] = len(_registry)
        _registry.append(origin)
    return f"{_OPEN}{number}{_CLOSE}{text}"


def with_origin(text: str, origin: Origin) -> str:
    """``text`` marked anew: markers it already carries give way to the new place (a value passed on)."""
    return mark(_MARKER.sub("", text), origin)


def at_request(url: str, origin: Origin) -> str:
    """``url`` with its path marked as fixed at ``origin`` (the request that wrote it), unless a place
    already fixed it."""
    if path_origin(url) is not None:
        return url
    end = _host_end(url)
    return url[:end] + mark("", origin) + url[end:]


def plain(text: str) -> str:
    return _MARKER.sub("", text) if _OPEN in text else text


def first_origin(text: str) -> Origin | None:
    match = _MARKER.search(text) if _OPEN in text else None
    return _registry[int(match.group(1))] if match else None


def read_by_name(text: str) -> bool:
    """Whether any part of the text (a base, a path) was reached by an attribute's name alone."""
    return _OPEN in text and any(_registry[int(m.group(1))].by_name for m in _MARKER.finditer(text))


def path_origin(url: str) -> Origin | None:
    """The place that fixed a URL's path: the last marker in it, if any, that is not in its scheme or host
    (a base URL's place does not fix an endpoint) nor in its query (``url += f"&{name}={value}"``)."""
    if _OPEN not in url:
        return None
    host_end = _host_end(url)
    query = min((i for i in (url.find("?", host_end), url.find("#", host_end)) if i >= 0), default=len(url))
    found = None
    for match in _MARKER.finditer(url):
        if host_end <= match.start() < query:
            found = _registry[int(match.group(1))]
    return found


def _host_end(url: str) -> int:
    """Where the scheme and host of a (marked) URL end: at the path's first "/", or before the markers right
    in front of it (they mark the path). A marker inside the host (a company domain given to a constructor)
    is the host's: it fixes no endpoint."""
    index = url.find("://")
    if index < 0:
        return 0
    slash = url.find("/", index + 3)
    end = slash if slash >= 0 else len(url)
    while end > index + 3 and url[end - 1] == _CLOSE:
        end = url.rfind(_OPEN, index + 3, end)
    return end
