"""The value domain: a string value is a tuple of alternatives (``url = A if x else B``, a loop over a literal
list); each is text in which what cannot be known is a ``HOLE``, and what comes from a parameter of the function
being analysed is a ``PARAM`` (so a helper that sends its caller's path is recognised as a wrapper). Texts may
carry origin markers (``origins``). Past a bound in alternatives or length a value becomes a hole.
"""
from __future__ import annotations

import re

from ..urls import HOLE, parse_url, split_version
from .origins import Origin, plain, with_origin

PARAM = "\ue001"
# Between the items a ``*args`` parameter receives, in the one text it is given as (``"*parts"`` in a frame's
# bindings): a ``"/".join(parts)`` puts its separator there.
ITEMS = "\ue004"
Text = tuple  # alternatives: tuple[str, ...]
UNKNOWN: Text = (HOLE,)
ABSTRACT: Text = (PARAM,)  # a class attribute the concrete subclass supplies
NONE: Text = ()  # None: no text at all, so it drops out of a union (``if base is None: base = DEFAULT``)
MAX_ALTERNATIVES = 256  # a table of 50 endpoints joined to a few possible bases
MAX_LENGTH = 2048  # no URL is longer; a longer literal is data, not a URL
PIPEDRIVE_DOMAIN_BASE = f"https://{HOLE}.pipedrive.com"  # what an OAuth token's api_domain holds
_DOUBLED_DOMAIN = ".pipedrive.com.pipedrive.com"
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")  # PIPEDRIVE_API_URL, pipedriveDomain


def named_value(name: str) -> Text | None:
    """What a value known only at run time holds, when its name says so: an OAuth token's ``api_domain``,
    ``PIPEDRIVE_DOMAIN``/``settings.pipedrive_host`` (a company host), ``PIPEDRIVE_API_URL`` (the API's base,
    where a path without a version prefix is v1), ``PIPEDRIVE_BASE_URL`` (a base on a Pipedrive host that may
    be the web app's: a path joined to it still needs its version prefix to count as an API call)."""
    if name == "api_domain":
        return (PIPEDRIVE_DOMAIN_BASE,)
    words = {word.lower() for word in _WORDS.findall(name)}
    if "pipedrive" not in words:
        return None
    if words & {"domain", "host", "hostname"}:
        return (f"{HOLE}.pipedrive.com",)
    if words & {"url", "base", "uri"}:
        return ("https://api.pipedrive.com",) if "api" in words else (PIPEDRIVE_DOMAIN_BASE,)
    return None


def concat(*parts: Text) -> Text:
    out: Text = ("",)
    for part in parts:
        part = part or UNKNOWN  # None joined to text: an error, or "None" in an f-string; either way not known
        if len(out) * len(part) > MAX_ALTERNATIVES * 4:  # past the bound before the product is even made
            return UNKNOWN
        out = tuple(dict.fromkeys(a + b for a in out for b in part))
        if len(out) > MAX_ALTERNATIVES:
            return UNKNOWN
    # A host named as a domain may hold the company's label or its whole host; where the template adds the
    # domain itself (f"https://{PIPEDRIVE_DOMAIN}.pipedrive.com"), the label was meant.
    return tuple(
        text.replace(_DOUBLED_DOMAIN, ".pipedrive.com") if len(text) <= MAX_LENGTH else HOLE for text in out
    )


def join_url(base: str, path: str) -> str:
    """Join a client's base URL and a request path the way httpx and aiohttp do for relative paths."""
    if "://" in path or path.startswith("//"):
        return path
    if not base:
        return path
    return base.rstrip("/") + "/" + path.lstrip("/")


def join_texts(separator: str, items: list[Text]) -> Text:
    out: Text = ("",)
    for index, item in enumerate(items):
        out = concat(out, (separator,), item) if index else item
    return out


def urljoin(base: str, path: str) -> str:
    """urllib.parse.urljoin for texts with holes: absolute paths replace the base's path."""
    if "://" in path:
        return path
    match = re.match(r"^([a-z]+://[^/]*)(.*)$", base, re.I)
    if match is None:
        return base + path
    if path.startswith("/"):
        return match[1] + path
    return base[: base.rfind("/") + 1] + path if match[2] else match[1] + "/" + path


def marked(text: str, origin: Origin) -> str:
    """A constructor's argument marked with its place, unless it is a base URL or a version prefix alone
    (``Api(version="v1")``): neither names an endpoint, so its place fixes none (the request that adds the
    path does), and unmarked bases stay one alternative however many places give them."""
    bare = plain(text)
    if "://" in bare and parse_url(bare.replace(PARAM, HOLE)) is None:
        return bare
    version = split_version(bare) if bare else None
    if version is not None and version.path == "/":
        return bare
    return with_origin(text, origin)
