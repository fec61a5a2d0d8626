"""What the HTTP libraries' calls look like: which call sends, with which verb, and where its URL is."""
from __future__ import annotations

from dataclasses import dataclass

VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass(frozen=True)
class SendShape:
    """How a call passes its request: a fixed verb, or the verb as an argument; and the URL's argument."""

    method: str | None  # fixed verb, or None when it is an argument
    url_arg: int  # position of the URL; the keyword is "url"
    method_arg: int | None = None  # position of the verb when it is an argument; the keyword is "method"


def _verbs(url_arg: int = 0) -> dict[str, SendShape]:
    return {verb: SendShape(verb.upper(), url_arg) for verb in VERBS}


_REQUEST = SendShape(None, 1, 0)

# Module-level functions, by qualified name.
FUNCTIONS: dict[str, SendShape] = {
    **{f"requests.{verb}": shape for verb, shape in _verbs().items()},
    "requests.request": _REQUEST,
    **{f"httpx.{verb}": shape for verb, shape in _verbs().items()},
    "httpx.request": _REQUEST,
    "httpx.stream": _REQUEST,
    "urllib3.request": _REQUEST,
    # urlopen sends GET, or POST when it carries data; a Request object carries its own verb.
    "urllib.request.urlopen": SendShape("GET", 0),
    "urllib.request.Request": SendShape("GET", 0),
}

# Classes whose instances send requests, by qualified name -> the methods that send.
_SESSION_METHODS = {**_verbs(), "request": _REQUEST}
CLIENTS: dict[str, dict[str, SendShape]] = {
    "requests.Session": _SESSION_METHODS,
    "requests.session": _SESSION_METHODS,
    "requests.sessions.Session": _SESSION_METHODS,
    "httpx.Client": {**_SESSION_METHODS, "stream": _REQUEST},
    "httpx.AsyncClient": {**_SESSION_METHODS, "stream": _REQUEST},
    "aiohttp.ClientSession": _SESSION_METHODS,
    "urllib3.PoolManager": {"request": _REQUEST, "urlopen": _REQUEST},
    "http.client.HTTPSConnection": {"request": _REQUEST},
    "http.client.HTTPConnection": {"request": _REQUEST},
}

# Where a client's base URL is given: keyword, or position.
BASE_ARGUMENT: dict[str, tuple[str, int | None]] = {
    "httpx.Client": ("base_url", None),
    "httpx.AsyncClient": ("base_url", None),
    "aiohttp.ClientSession": ("base_url", 0),
    # http.client connections are made to a host; their request paths are relative to it.
    "http.client.HTTPSConnection": ("host", 0),
    "http.client.HTTPConnection": ("host", 0),
}

# Calls that register fake responses in tests: a URL there is a fixture, not a request.
MOCK_MODULES = ("responses", "requests_mock", "respx", "httpretty", "aioresponses", "pytest_httpx")
MOCK_FIXTURES = frozenset({"requests_mock", "respx_mock", "httpx_mock", "aioresponses", "mock_aioresponse"})

# Calls that take a URL to build, log or store it, not to send it.
NOT_SENDING = frozenset(
    {
        "print", "str", "repr", "len", "format", "isinstance", "dict", "list", "set", "tuple", "hash", "id",
        "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "echo", "secho",
        "urljoin", "join", "quote", "unquote", "urlencode", "urlparse", "urlsplit", "urlunparse", "urlunsplit",
        "replace", "strip", "rstrip", "lstrip", "startswith", "endswith", "split", "encode", "decode",
        "append", "extend", "add", "insert", "setdefault", "update", "remove", "discard", "get_close_matches",
        "match", "search", "fullmatch", "sub", "compile", "escape", "assertEqual", "assertIn", "assert_called_with",
        "assert_called_once_with", "assert_any_call", "write", "writelines", "open", "open_new_tab",
    }
)  # fmt: skip
