"""Recognise Pipedrive API URLs and normalise them to ``(api_version, path)``.

A URL reaches this module as text in which the parts that cannot be known statically are ``HOLE``
characters (``f"{BASE}/deals/{deal_id}"`` becomes ``"https://api.pipedrive.com/v1/deals/\\ue000"``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A private-use character: it never occurs in a real URL, and string operations keep it in place.
HOLE = "\ue000"

_ABSOLUTE = re.compile(r"^(?:https?:)?//([^/?#]*)(.*)$", re.S | re.I)
_DOMAIN = ".pipedrive.com"
# Sub-domains that are not the API: authorisation, documentation, marketing, support.
_NOT_API = frozenset(
    {"oauth", "developers", "www", "support", "marketplace", "status", "blog", "community", "academy", "learn"}
)
# Hosts that serve the API at the root; on any other host (a company's own sub-domain) only a
# version-prefixed path is an API call: "https://acme.pipedrive.com/deal/7" is a link to the web app.
_API_HOSTS = frozenset({"api", "api-proxy"})
_VERSION_PREFIXES = (("/api/v2", "v2"), ("/api/v1", "v1"), ("/v2", "v2"), ("/v1", "v1"))


@dataclass(frozen=True)
class ApiPath:
    version: str
    path: str  # begins with "/", no query, no trailing slash; may hold HOLEs

    def __str__(self) -> str:
        return f"{self.path} ({self.version})"


def _strip_query(path: str) -> str:
    for mark in "?#":
        path = path.split(mark, 1)[0]
    return path


def normalise_path(path: str) -> str:
    """``deals//42/?x=1`` -> ``/deals/42``: one leading slash, no empty segments, no query or fragment."""
    segments = [segment for segment in _strip_query(path).split("/") if segment]
    return "/" + "/".join(segments)


def split_version(path: str) -> ApiPath | None:
    """Take the version prefix off a host-relative path; None when the path carries none."""
    path = normalise_path(path)
    for prefix, version in _VERSION_PREFIXES:
        if path == prefix or path.startswith(prefix + "/"):
            return ApiPath(version, path[len(prefix) :] or "/")
        if path.startswith(prefix + HOLE):  # BASE + ENDPOINTS[kind]: the hole holds the path's own "/"
            return ApiPath(version, "/" + path[len(prefix) :])
    return None


def is_pipedrive_host(host: str) -> bool:
    host = host.lower().split(":", 1)[0]
    if not host.endswith(_DOMAIN):
        return False
    label = host[: -len(_DOMAIN)]
    return bool(label) and "." not in label and label not in _NOT_API


def _host_and_rest(url: str) -> tuple[str, str] | None:
    """An absolute URL's host and what follows it. A hole right after the Pipedrive domain ends the host:
    in ``self.base + path`` the caller's path brings its own "/"."""
    match = _ABSOLUTE.match(url)
    if match is None:
        return None
    host, rest = match[1], match[2]
    glued = host.lower().find(_DOMAIN + HOLE)
    if glued >= 0:
        end = glued + len(_DOMAIN)
        host, rest = host[:end], host[end:] + rest
    return host, rest


def parse_url(url: str) -> ApiPath | None:
    """The API version and path of an absolute Pipedrive API URL, or None for anything else."""
    split = _host_and_rest(url)
    if split is None or not is_pipedrive_host(split[0]):
        return None
    host, rest = split
    api = split_version(rest)
    label = host.lower().split(".", 1)[0]
    if api is None and label in _API_HOSTS and normalise_path(rest) != "/":
        api = ApiPath("v1", normalise_path(rest))
    if api is None or api.path.split("/")[1:2] == ["oauth"]:
        return None  # the OAuth flow (/oauth/authorize, /oauth/token) grants scopes; it needs none
    return api


def is_pipedrive_base(url: str) -> bool:
    """True for a URL on a Pipedrive API host, with or without a path (a base that paths are joined to)."""
    split = _host_and_rest(url)
    return split is not None and is_pipedrive_host(split[0])


def is_other_host(url: str) -> bool:
    """True for an absolute URL whose host is written out in full and is not Pipedrive's."""
    split = _host_and_rest(url)
    return split is not None and split[0].isprintable() and not is_pipedrive_host(split[0])


def display(path: str) -> str:
    """A path as shown to users: holes as ``{…}``."""
    return path.replace(HOLE, "{…}")
