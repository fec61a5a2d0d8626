"""Record the Pipedrive requests a test run sends (``pytest --pdscopes-record FILE``).

The HTTP clients are wrapped where every request passes, above the points the mock libraries replace, so a
request answered by ``responses``, ``requests-mock``, ``respx`` or ``aioresponses`` is recorded like a real
one: ``requests.Session.request``, ``httpx.Client.send`` / ``AsyncClient.send``, aiohttp's
``ClientSession._request`` (and aioresponses' own stand-in for it), ``urllib3``'s ``urlopen`` and
``urllib.request.OpenerDirector.open``. A request a wrapped client makes through another (requests through
urllib3) is recorded once, by the outer one.

Each record keeps the method, the URL with its credentials redacted, the test's node id and the project's
own frames on the stack (innermost first). Headers and bodies are never read. Nothing here opens a socket;
the wrapped call goes on exactly as it would have.
"""
from __future__ import annotations

import contextvars
import functools
import importlib
import inspect
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from .observed import RECORD_FORMAT
from .urls import parse_url

MAX_FRAMES = 8  # project frames kept per request, innermost first: enough to reach a wrapper's caller
REDACTED = "REDACTED"
# Query keys whose values are credentials (case-insensitive; a key containing one of these words counts).
_SECRET_WORDS = ("token", "secret", "password", "passwd", "key", "auth", "signature", "code", "session")
_inside = contextvars.ContextVar("pdscopes_inside_request", default=False)


def redact(url: str) -> str:
    """The URL without user info and with every credential-like query value replaced."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    query = [
        (key, REDACTED if any(word in key.lower() for word in _SECRET_WORDS) else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, host, parts.path, urlencode(query, safe="{}"), ""))


class Recorder:
    """The plugin object registered when recording is asked for: patches, records, and the file at the end."""

    def __init__(self, config: Any, target: Path) -> None:
        self.config = config
        self.target = target
        self.root = Path(str(config.rootpath)).resolve()
        self.records: list[dict] = []
        self.test: str | None = None
        self._undo: list[Callable[[], None]] = []
        self._warned = False
        self._own = str(Path(__file__).resolve().parent)
        self._paths: dict[str, str | None] = {}  # a frame's file -> its shown path, None when not the project's

    # -- pytest hooks ------------------------------------------------------------------------------------
    def install(self) -> None:
        for module, owner, attribute, read in _HOOK_POINTS:
            self._guarded(self._patch, module, owner, attribute, read)

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.test = nodeid  # its setup, call and teardown, whether it passes, fails or errors

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        self.test = None

    def pytest_sessionfinish(self, session: Any, exitstatus: int) -> None:
        for undo in reversed(self._undo):
            self._guarded(undo)
        self._undo.clear()
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # a pytest-xdist worker: the controller writes the file
            workeroutput["pdscopes_records"] = self.records
            return
        self._guarded(self._write)

    @pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: the controller hears that a worker is done
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        self.records.extend(getattr(node, "workeroutput", {}).get("pdscopes_records", []))

    # -- recording ---------------------------------------------------------------------------------------
    def _patch(self, module_name: str, owner_path: str, attribute: str, read: Callable) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return  # a client the project does not use
        owner = functools.reduce(getattr, owner_path.split("."), module)
        original = owner.__dict__.get(attribute) or getattr(owner, attribute)  # inherited in some version
        recorder = self

        if inspect.iscoroutinefunction(original):

            @functools.wraps(original)
            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                token = recorder._enter(read, args, kwargs)
                try:
                    return await original(*args, **kwargs)
                finally:
                    if token is not None:
                        _inside.reset(token)

        else:

            @functools.wraps(original)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                token = recorder._enter(read, args, kwargs)
                try:
                    return original(*args, **kwargs)
                finally:
                    if token is not None:
                        _inside.reset(token)

        setattr(owner, attribute, wrapper)
        self._undo.append(lambda: setattr(owner, attribute, original))

    def _enter(self, read: Callable, args: tuple, kwargs: dict) -> contextvars.Token | None:
        """Record the request a wrapped call is about to send, unless an outer wrapped call already did."""
        if _inside.get():
            return None
        token = _inside.set(True)
        self._guarded(self._record, read, args, kwargs)
        return token

    def _record(self, read: Callable, args: tuple, kwargs: dict) -> None:
        method, url = read(*args, **kwargs)
        url = str(url)
        if parse_url(url) is None:
            return  # not Pipedrive's API
        frames = self._project_frames(sys._getframe())
        record = {"method": str(method).upper(), "url": redact(url), "test": self.test}
        if frames:
            record.update(file=frames[0][0], line=frames[0][1], frames=frames)
        self.records.append(record)

    def _project_frames(self, frame: Any) -> list[list]:
        """The project's own frames on the stack, innermost first, as [path relative to the record file, line]."""
        found: list[list] = []
        while frame is not None and len(found) < MAX_FRAMES:
            shown = self._shown_path(frame.f_code.co_filename)
            if shown is not None:
                found.append([shown, frame.f_lineno])
            frame = frame.f_back
        return found

    def _shown_path(self, filename: str) -> str | None:
        """A project file's path relative to the record file's folder; None for any other file (the standard
        library, site-packages, this plugin, code made at run time)."""
        if filename not in self._paths:
            shown = None
            outside = ("site-packages" in filename or "dist-packages" in filename or filename.startswith("<")
                       or filename.startswith((self._own, sys.base_prefix, sys.prefix)))  # fmt: skip
            path = Path(filename).resolve()
            if not outside and self.root in path.parents:
                shown = os.path.relpath(path, self.target.resolve().parent).replace(os.sep, "/")
            self._paths[filename] = shown
        return self._paths[filename]

    def _write(self) -> None:
        document = {"format": RECORD_FORMAT, "tool": "flake8-pdscopes", "calls": self.records}
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(document, out, indent=1)
            os.replace(temporary, self.target)
        except BaseException:
            os.unlink(temporary)
            raise

    def _guarded(self, action: Callable, *args: Any) -> None:
        """The recorder's own failure never fails the test run: it warns once and carries on."""
        try:
            action(*args)
        except Exception as error:  # noqa: BLE001 - any failure of ours, whatever it is
            if not self._warned:
                self._warned = True
                warnings.warn(f"pdscopes: recording failed ({type(error).__name__}: {error}); the tests go on",
                              stacklevel=2)  # fmt: skip


# -- where each client's requests pass: (module, owner, attribute, (args, kwargs) -> (method, url)) --------
def _method_and_url(self: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """requests' ``Session.request`` and urllib3's ``PoolManager.urlopen``: (method, url), by position or name."""
    return method, url


def _httpx_send(self: Any, request: Any, *args: Any, **kwargs: Any) -> tuple[str, Any]:
    return request.method, request.url


def _aiohttp_request(self: Any, method: str, str_or_url: Any, *args: Any, **kwargs: Any) -> tuple[str, Any]:
    # aiohttp names its URL parameter str_or_url: a reader of its own, so a call by keyword binds too
    return method, str_or_url


def _aioresponses_mock(self: Any, orig_self: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> tuple:
    return method, url


def _connection_pool(self: Any, method: str, url: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
    if "://" in url:
        return method, url
    port = f":{self.port}" if self.port and self.port not in (80, 443) else ""
    return method, f"{self.scheme}://{self.host}{port}{url}"


def _opener_open(self: Any, fullurl: Any, data: Any = None, *args: Any, **kwargs: Any) -> tuple[str, str]:
    if isinstance(fullurl, str):
        return ("POST" if data is not None else "GET"), fullurl
    return fullurl.get_method(), fullurl.full_url


_HOOK_POINTS = (
    ("requests.sessions", "Session", "request", _method_and_url),
    ("httpx", "Client", "send", _httpx_send),
    ("httpx", "AsyncClient", "send", _httpx_send),
    ("aiohttp.client", "ClientSession", "_request", _aiohttp_request),
    # aioresponses puts a stand-in for ClientSession._request in place while active; it reads the request here
    ("aioresponses.core", "aioresponses", "_request_mock", _aioresponses_mock),
    ("urllib3.poolmanager", "PoolManager", "urlopen", _method_and_url),
    ("urllib3.connectionpool", "HTTPConnectionPool", "urlopen", _connection_pool),
    ("urllib.request", "OpenerDirector", "open", _opener_open),
)
