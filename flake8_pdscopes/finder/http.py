"""What the HTTP libraries' calls look like: which call sends, with which verb, and where its URL is."""
from __future__ import annotations

from dataclasses import dataclass

VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


@dataclass(frozen=True)
class SendShape:
    """How a call passes its request: a fixed verb, or the verb as an argument; and the URL's argument."""

    method: str | None  # fixed verb, or None when it is an argument
    url_arg: int  # position of the URL; the keyword is "url" (or ``url_keyword``)
    method_arg: int | None = None  # position of the verb when it is an argument; the keyword is "method"
    default: str | None = None  # the verb when that argument is not given
    url_keyword: str = "url"


def _verbs(url_arg: int = 0) -> dict[str, SendShape]:
    return {verb: SendShape(verb.upper(), url_arg) for verb in VERBS}


REQUEST_SHAPE = SendShape(None, 1, 0)  # request(method, url)

# Module-level functions, by qualified name.
FUNCTIONS: dict[str, SendShape] = {
    **{f"requests.{verb}": shape for verb, shape in _verbs().items()},
    "requests.request": REQUEST_SHAPE,
    **{f"httpx.{verb}": shape for verb, shape in _verbs().items()},
    "httpx.request": REQUEST_SHAPE,
    "httpx.stream": REQUEST_SHAPE,
    "urllib3.request": REQUEST_SHAPE,
    # urlopen sends GET, or POST when it carries data; a Request object carries its own verb.
    "urllib.request.urlopen": SendShape("GET", 0),
    "urllib.request.Request": SendShape("GET", 0),
}

# Requests made first and sent later by a client's ``send`` (``session.send(request.prepare())``,
# ``client.send(request)``): only a request that reaches ``send`` is one; another is a test's prop for an error.
REQUEST_OBJECTS = frozenset({"requests.Request", "requests.models.Request", "httpx.Request"})
SENDS_REQUEST_OBJECTS = frozenset(
    {"requests.Session", "requests.session", "requests.sessions.Session", "httpx.Client", "httpx.AsyncClient"}
)

# dlt's RESTClient (dlt.sources.helpers.rest_client, 1.31.0): get/post(path, ...), request(path="", method="GET"),
# paginate(path="", method="GET", ...); a relative path is joined to its base_url (client.py, _create_request).
_DLT_PATH = "path"
_DLT_CLIENT = {
    "get": SendShape("GET", 0, url_keyword=_DLT_PATH),
    "post": SendShape("POST", 0, url_keyword=_DLT_PATH),
    "request": SendShape(None, 0, 1, "GET", _DLT_PATH),
    "paginate": SendShape(None, 0, 1, "GET", _DLT_PATH),
}

# Classes whose instances send requests, by qualified name -> the methods that send.
_SESSION_METHODS = {**_verbs(), "request": REQUEST_SHAPE}
CLIENTS: dict[str, dict[str, SendShape]] = {
    "requests.Session": _SESSION_METHODS,
    "requests.session": _SESSION_METHODS,
    "requests.sessions.Session": _SESSION_METHODS,
    "httpx.Client": {**_SESSION_METHODS, "stream": REQUEST_SHAPE},
    "httpx.AsyncClient": {**_SESSION_METHODS, "stream": REQUEST_SHAPE},
    "aiohttp.ClientSession": _SESSION_METHODS,
    "urllib3.PoolManager": {"request": REQUEST_SHAPE, "urlopen": REQUEST_SHAPE},
    # httplib2 (0.22): Http.request(uri, method="GET", body=None, headers=None, ...)
    "httplib2.Http": {"request": SendShape(None, 0, 1, "GET", "uri")},
    "http.client.HTTPSConnection": {"request": REQUEST_SHAPE},
    "http.client.HTTPConnection": {"request": REQUEST_SHAPE},
    "dlt.sources.helpers.rest_client.RESTClient": _DLT_CLIENT,
    "dlt.sources.helpers.rest_client.client.RESTClient": _DLT_CLIENT,
}

# Where a client's base URL is given: keyword, or position.
BASE_ARGUMENT: dict[str, tuple[str, int | None]] = {
    "httpx.Client": ("base_url", None),
    "httpx.AsyncClient": ("base_url", None),
    "aiohttp.ClientSession": ("base_url", 0),
    "dlt.sources.helpers.rest_client.RESTClient": ("base_url", 0),
    "dlt.sources.helpers.rest_client.client.RESTClient": ("base_url", 0),
    # http.client connections are made to a host; their request paths are relative to it.
    "http.client.HTTPSConnection": ("host", 0),
    "http.client.HTTPConnection": ("host", 0),
}

# A callee the tables do not know still sends when a Pipedrive URL reaches it and its name is a verb, bare or
# decorated: ``self._get(url)`` (a framework's inherited helper), ``http_get(url)``, ``post_json(url, body)``.
# A verb before other words only counts when those words name what comes back, so ``get_cached(url)`` or
# ``get_url(path)`` (readers and builders) are not requests.
_RESPONSE_WORDS = frozenset(
    {"json", "data", "request", "response", "raw", "text", "all", "page", "pages", "paged", "paginated", "list",
     "item", "items", "one", "resource", "with", "retry", "retries", "async", "api", "call", "content"}
)  # fmt: skip
SEND_VERBS = ("get", "post", "put", "patch", "delete")


def verb_of_name(name: str) -> str | None:
    """The HTTP verb a sender's name says (``_get``, ``http_get``, ``post_json``); None when it says none."""
    words = [word for word in name.lower().split("_") if word]
    if not words:
        return None
    if words[-1] in SEND_VERBS and (len(words) > 1 or name.startswith("_")):
        return words[-1].upper()
    if words[0] in SEND_VERBS and len(words) > 1 and all(word in _RESPONSE_WORDS for word in words[1:]):
        return words[0].upper()
    return None


# The modules whose senders the tables know: a test that patches one of them (``@mock.patch("requests.get")``,
# ``@patch("app.client.httpx.post")``) sends nothing, whatever endpoint it hands the project's helpers.
SENDER_MODULES = frozenset(name.split(".")[0] for name in (*FUNCTIONS, *CLIENTS))
PATCHERS = frozenset({"unittest.mock.patch", "mock.patch", "unittest.mock.patch.object", "mock.patch.object"})

# Calls that register fake responses in tests: a URL there is a fixture, not a request.
MOCK_MODULES = ("responses", "requests_mock", "respx", "httpretty", "aioresponses", "pytest_httpx")
MOCK_FIXTURES = frozenset({"requests_mock", "respx_mock", "httpx_mock", "aioresponses", "mock_aioresponse"})
# Objects that stand in for a client in tests: what is called on them sends nothing.
MOCK_OBJECTS = frozenset(
    f"{module}.{name}" for module in ("unittest.mock", "mock")
    for name in ("Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock", "create_autospec")
)  # fmt: skip

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
