"""Walk one module's functions and yield the Pipedrive requests they send, through wrappers included.

A function is read with its parameters as ``PARAM``: a request whose URL still depends on a parameter
after the catalogue has had its say (the path, not just an id, comes from the caller) belongs to a
wrapper, and is reported at each call of the wrapper, read again with the caller's arguments.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterator, Optional

from ..model import GUESSED_BASE, ApiCall
from ..urls import HOLE, is_pipedrive_base, parse_url
from .frameworks import ConfigContract, config_contract, framework_of
from .http import (
    CLIENTS, FUNCTIONS, MOCK_MODULES, NOT_SENDING, PATCHERS, REQUEST_OBJECTS, REQUEST_SHAPE, SENDER_MODULES,
    SENDS_REQUEST_OBJECTS, VERBS, SendShape, verb_of_name,
)  # fmt: skip
from .origins import ORIGIN_VIAS, Origin, at_request, first_origin, path_origin, plain, read_by_name
from .project import ClassInfo, ModuleInfo
from .sdks import Sdk
from .syntax import facts
from .objects import (
    MOCK, Construction, Frame, Kind, Target, argument, is_none, is_static, parameters, self_use,
)  # fmt: skip
from .text import ABSTRACT, ITEMS, PARAM, UNKNOWN, Text, concat, join_url, marked, urljoin
from .values import Evaluator

MAX_WRAPPER_DEPTH = 6
_GUESSED_HOST = "https://api.pipedrive.com"
_VERSIONED = re.compile(r"/(?:v1|api/v[12])/")
_ID_LIKE = re.compile(r"v?[0-9]+")  # what names no resource: an id, a version, a hole
_CONTEXT_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")  # {deal_id}, dlt's {resources.deals.id}
_CLIENT_NAME_HINTS = ("session", "client", "http", "requests", "conn", "api")
_TEST_DOUBLE_HINTS = ("mock", "fake", "stub")

if TYPE_CHECKING:
    from .index import ProjectIndex

IsFixed = Callable[[Optional[str], str], bool]  # Optional: this alias is evaluated, also on Python 3.9


@dataclass(frozen=True)
class Send:
    node: ast.Call
    methods: Text | None  # None: the verb cannot be known
    urls: Text
    via: str
    guessed: bool = False  # sent through an unknown callee

    def depends_on_caller(self) -> bool:
        return any(PARAM in url for url in self.urls) or any(PARAM in m for m in self.methods or ())


def _via(expr: ast.AST | None) -> str:
    if isinstance(expr, ast.Constant):
        return "literal"
    if isinstance(expr, ast.JoinedStr):
        return "fstring"
    if isinstance(expr, ast.BinOp):
        return "fstring" if isinstance(expr.op, ast.Mod) else "concat"
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        return "fstring"
    if isinstance(expr, ast.Call):
        return "concat"
    return "constant"


def _plain(url: str) -> str:
    """A URL as the resolver reads it: no origin markers, a caller's part as a hole."""
    return plain(url).replace(PARAM, HOLE)


def _methods(value: Text) -> Text | None:
    value = tuple(map(plain, value))
    verbs = tuple(dict.fromkeys(v.upper() for v in value if v.lower() in VERBS or v == PARAM))
    return verbs if verbs and len(verbs) == len(value) else None


def _by_row(methods: Text, urls: Text) -> list[tuple[Text, Text]]:
    """Verbs and URLs taken from the rows of one literal table (``for verb, path in (("GET", "/deals"),
    ("POST", "/notes"))``): each row's verb with that row's URL. Otherwise any verb may go with any URL."""
    verb_rows = [origin.row if (origin := first_origin(m)) else None for m in methods]
    url_rows = [origin.row if (origin := path_origin(u)) else None for u in urls]
    if not urls or None in verb_rows or None in url_rows or not set(url_rows) <= set(verb_rows):
        return [(methods, urls)]
    return [
        (tuple(m for m, r in zip(methods, verb_rows) if r == row), tuple(u for u, r in zip(urls, url_rows) if r == row))
        for row in dict.fromkeys(url_rows)
    ]


def _dotted_alternatives(expr: ast.AST) -> list[ast.expr] | None:
    """The dotted names (``requests.post``, ``self.session.get``) an expression is, through conditional
    expressions; None when it may be anything else."""
    if isinstance(expr, ast.IfExp):
        body, orelse = _dotted_alternatives(expr.body), _dotted_alternatives(expr.orelse)
        return body + orelse if body and orelse else None
    node = expr
    while isinstance(node, ast.Attribute):
        node = node.value
    return [expr] if isinstance(expr, ast.Attribute) and isinstance(node, ast.Name) else None


def _spelled(call: ast.Call, func: ast.expr, args: list[ast.expr], keywords: list[ast.keyword] = ()) -> ast.Call:
    """A call of ``func`` in place of ``call``, with its keywords after ``keywords``."""
    return ast.copy_location(ast.Call(func, args, [*keywords, *call.keywords]), call)


class Finder:
    def __init__(self, module: ModuleInfo, is_fixed: IsFixed, index: ProjectIndex | None = None) -> None:
        self.module = module
        self.is_fixed = is_fixed
        self.values = Evaluator(index)
        self._summaries: dict[tuple, list[Send]] = {}
        self._active: set[int] = set()
        self._tree_of: dict[int, ast.Module] = {}  # function id -> the tree it belongs to
        self._fixed: dict[Send, bool] = {}
        self.defers = False  # a function here leaves a request to its callers, who may place it back here

    # -- the module's own requests --------------------------------------------------------------------
    def calls(self) -> list[ApiCall]:
        found: list[ApiCall] = []
        found.extend(self._report(self._sends(self.module.tree, Frame(self.module))))
        for function, cls in self._functions():
            found.extend(self._report(self._summary(function, cls, self.module, None)))
        for cls in self.module.classes.values():
            found.extend(self._inherited(cls))
            found.extend(self._stream(cls))
        unique = {(c.file, c.line, c.col, c.method, c.urls): c for c in found}
        return sorted(unique.values(), key=lambda c: (c.file or "", c.line, c.col, c.method or "", c.urls))

    def _functions(self) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ClassInfo | None]]:
        methods = {id(m): cls for cls in self.module.classes.values() for m in cls.methods.values()}
        for node, _ in facts(self.module.tree).scopes.values():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield node, methods.get(id(node))

    @staticmethod
    def _own_parameters(function, cls: ClassInfo | None) -> dict[str, Text]:
        names = [a.arg for a in parameters(function)]
        if function.args.vararg:
            names.append(function.args.vararg.arg)
        if function.args.kwarg:
            names.append(function.args.kwarg.arg)
        skip = 1 if cls is not None and names and not is_static(function) else 0
        return {name: (PARAM,) for name in names[skip:]}

    def _report(self, sends: list[Send]) -> Iterator[ApiCall]:
        """The calls of requests whose endpoint is fixed: at the request, or where a path that reached it
        was written (a constructor's argument, perhaps in another module: then ``file`` names it)."""
        here = str(self.module.path or "")
        for send in sends:
            if send.depends_on_caller() and not self._fixed_here(send):
                self.defers = True
                continue
            methods = send.methods if send.methods and len(send.methods) == 1 else None
            method = methods[0] if methods and methods[0] != PARAM else None
            places: dict[tuple[Origin | None, bool], list[str]] = {}
            for url in send.urls:
                text = _plain(url)
                guessed = not parse_url(text)
                if guessed:
                    text = self._on_guessed_base(method, text)
                    if text is None:
                        continue
                if read_by_name(url) and not self.is_fixed(method, text):
                    continue  # an attribute read by its name alone counts only where it names an endpoint
                origin = path_origin(url)
                places.setdefault((origin, guessed), []).append(text)
            for (origin, guessed), urls in places.items():
                if origin is None:
                    via = GUESSED_BASE if guessed else send.via
                    yield ApiCall(send.node.lineno, send.node.col_offset, method, tuple(urls), via)
                else:
                    elsewhere = None if origin.path == here else origin.path
                    via = GUESSED_BASE if guessed else origin.via
                    yield ApiCall(origin.line, origin.col, method, tuple(urls), via, elsewhere)

    def _on_guessed_base(self, method: str | None, url: str) -> str | None:
        """A URL whose base is unknown (a settings value read from a config file, a parameter no caller gives),
        as a Pipedrive URL when its path, written out, is exactly a catalogue endpoint (an unprefixed path is
        v1); None otherwise. The engine keeps such calls only where a manifest says the project is a
        Pipedrive app."""
        if not url.startswith(HOLE + "/"):
            return None
        path = url[len(HOLE):]
        guessed = _GUESSED_HOST + (path if _VERSIONED.match(path) else "/v1" + path)
        return guessed if self.is_fixed(method, guessed) else None

    def _fixed_here(self, send: Send) -> bool:
        """A request whose endpoint the body already fixes, although an id in it comes from the caller."""
        if any(PARAM in m for m in send.methods or ()):
            return False
        if send not in self._fixed:  # asked again at every call site of a wrapper
            method = send.methods[0] if send.methods and len(send.methods) == 1 else None
            self._fixed[send] = all(
                self.is_fixed(method, _plain(url)) or _fills_segments(plain(url)) for url in send.urls
            )
        return self._fixed[send]

    def _inherited(self, cls: ClassInfo) -> Iterator[ApiCall]:
        """Requests that generic base-class code sends for this subclass's attributes (``endpoint = "deals"``).

        An inherited method is read only when what it reads off ``self`` can differ from what its own class
        gives: a member that a class before it in the lineage defines, or one the subclass's constructions
        fill. Otherwise its requests are the generic ones, reported in its own class, and a subclass of a
        large hierarchy would read every method of it (and the modules they call) for nothing."""
        lineage = self.values.mro(cls)
        if len(lineage) < 2:
            return
        own = set(cls.methods)
        defined: set[str] = set()
        filled = {name for known in lineage for name in (*known.fields, *_stored_by_init(known))}
        constructed = None  # asked once, and only if needed: it reads the modules that name the class
        for at, ancestor in enumerate(lineage[1:], 1):
            before = lineage[at - 1]
            defined.update(name for members in before.members() for name in members)
            for name, method in ancestor.methods.items():
                if name in own:
                    continue
                own.add(name)
                reads = _self_reads(method, lineage)
                if reads is not None and reads.isdisjoint(defined):
                    if reads.isdisjoint(filled):
                        continue
                    if constructed is None:
                        constructed = self._constructed(cls)
                    if not constructed:
                        continue
                generic = self._summary(method, ancestor, ancestor.module, None)
                if not generic:
                    continue
                reported = {(c.method, c.urls) for c in self._report(generic)}
                for call in self._report(self._summary(method, cls, ancestor.module, None)):
                    if (call.method, call.urls) in reported:
                        continue
                    if call.file is None and call.via not in ORIGIN_VIAS:  # the subclass is what fixed it
                        call = ApiCall(cls.node.lineno, cls.node.col_offset, call.method, call.urls, call.via)
                    yield call

    def _constructed(self, cls: ClassInfo) -> bool:
        """Whether a construction in the project passes the class's constructor anything (what its ``__init__``
        stores, or its dataclass fields, then differ from what its ancestors' constructions pass)."""
        index = self.values.index
        return index is not None and any(
            index.constructor_texts(cls, name) for name in self.values.constructor_parameters(cls)
        )

    def _stream(self, cls: ClassInfo) -> Iterator[ApiCall]:
        """A framework's stream class (singer-sdk, Airbyte): the request the framework sends for what the class
        declares, reported where the class writes its path. A class that writes no path of its own (a
        shared parent stream) is not a request."""
        bases = self.values.external_bases(cls) if cls.node.bases else []
        framework = next(filter(None, map(framework_of, bases)), None)
        if framework is None:
            return
        path_attr = framework.url[-1]
        written = cls.attributes[path_attr][0] if path_attr in cls.attributes else cls.methods.get(path_attr)
        if written is None:
            return
        parts = [self.values.member_text(cls, attr, call_methods=True) for attr in framework.url]
        if framework.join == "urljoin" and len(parts) == 2:
            joined = tuple(urljoin(base, path) for base in parts[0] for path in parts[1])
        else:
            joined = concat(*parts)
        # The framework fills {placeholders} in the path from the stream's context: ids, as holes.
        urls = tuple(dict.fromkeys(_CONTEXT_FIELD.sub(HOLE, _plain(url)) for url in joined))
        urls = tuple(url for url in urls if parse_url(url))
        if not urls:
            return
        method = framework.default
        for attr in framework.method:
            verbs = _methods(self.values.member_text(cls, attr, call_methods=True))
            if verbs and len(verbs) == 1 and verbs[0] != PARAM:
                method = verbs[0]
                break
        yield ApiCall(written.lineno, written.col_offset, method, urls, f"framework:{framework.package}")

    # -- reading a body -------------------------------------------------------------------------------
    def _sends(self, scope: ast.AST, frame: Frame) -> list[Send]:
        sends: list[Send] = []
        known_urls: set[str] = set()
        guessed: list[Send] = []
        for node in self._calls_in(scope):
            if not self.values.runs(node, frame):
                continue
            for send in self._call(node, frame):
                if send.guessed:
                    guessed.append(send)
                else:
                    sends.append(send)
                    known_urls.update(send.urls)
        # A URL that a known client sends is not sent again by the unknown calls that log or store it.
        sends.extend(send for send in guessed if not known_urls.issuperset(send.urls))
        return sends

    def _calls_in(self, scope: ast.AST) -> list[ast.Call]:
        """The calls a module or function makes itself (this module's or a sibling's)."""
        if isinstance(scope, ast.Module):
            return facts(scope).scopes[id(scope)][1]
        tree = self._tree_of.get(id(scope))
        entry = facts(tree).scopes.get(id(scope)) if tree is not None else None
        if entry is None or entry[0] is not scope:  # a function whose module is not known: walked alone
            entry = facts(scope).scopes[id(scope)]
        return entry[1]

    def _call(self, call: ast.Call, frame: Frame, spell: bool = True) -> list[Send]:
        spelled = self._spelled_out(call, frame) if spell else []
        if spelled:  # each reading sends from this call's place; it is not spelled out again (f = partial(f))
            return [
                replace(s, node=call) if s.node in spelled else s for c in spelled for s in self._call(c, frame, False)
            ]
        func = call.func
        qual = self.values.qualname(func, frame)
        if qual is not None:
            if qual.split(".")[0] in MOCK_MODULES:
                return []
            if qual in FUNCTIONS:
                return self._http(call, FUNCTIONS[qual], None, frame, qual)
            contract = config_contract(qual)
            if contract is not None:
                return self._config(call, contract, frame)
        if isinstance(func, ast.Attribute):
            receiver = self.values.kind(func.value, frame)
            if receiver is MOCK:
                return []
            if receiver is not None:
                routed = self._on_object(call, func.attr, receiver, frame)
                if routed is not None:
                    return routed
        target = self.values.project_function(func, frame)
        if target is not None:
            return self._through_wrapper(call, target, frame)
        return self._guess(call, frame)

    def _config(self, call: ast.Call, contract: ConfigContract, frame: Frame) -> list[Send]:
        """The requests a declarative REST config declares (dlt's ``rest_api_source(config)``): each resource's
        path joined to the config's Pipedrive base, with its verb, placed where the path is written."""
        given = argument(call, 0, contract.argument)
        found = self.values.literal(given, frame) if given is not None else None
        base = self._entry(found, contract.base)
        bases = [plain(b) for b in self.values.text(*base)] if base else []
        if not bases or not all(is_pipedrive_base(b) for b in bases):
            return []
        default = self._entry(found, contract.defaults)
        default_verbs = _methods(self.values.text(*default)) if default else None
        resources = self._entry(found, (contract.resources,))
        listed = self.values.literal(*resources) if resources else None
        if listed is None or not isinstance(listed[0], (ast.List, ast.Tuple)):
            return []
        sends = []
        for item in listed[0].elts:
            resource = (item, listed[1])
            endpoint = self._entry(resource, (contract.endpoint,))
            is_text = endpoint is not None and self.values.literal(*endpoint) is None
            if isinstance(item, ast.Constant):  # a resource named by its path alone
                path, verb = resource, None
            else:
                path = endpoint if is_text else self._entry(endpoint, (contract.path,)) if endpoint else None
                path = path or self._entry(resource, (contract.name,))
                verb = None if is_text or endpoint is None else self._entry(endpoint, (contract.method,))
            if path is None:
                continue
            methods = _methods(self.values.text(*verb)) if verb else default_verbs or (contract.default,)
            node, home = path
            via = f"framework:{contract.package}"
            place = Origin(str(home.module.path or ""), node.lineno, node.col_offset, via=via)
            urls = tuple(
                base.rstrip("/") + "/" + marked(_CONTEXT_FIELD.sub(HOLE, plain(text)).lstrip("/"), place)
                for base in bases for text in self.values.text(node, home)
            )  # fmt: skip
            sends.append(Send(call, methods, urls, via))
        return sends

    def _entry(self, found: tuple[ast.expr, Frame] | None, keys: tuple[str, ...]) -> tuple[ast.expr, Frame] | None:
        """The value at a key path of a dict literal (each step may be a name for a literal, or a project function
        that returns one), with the frame it is read in; None where a step is missing or not a literal dict."""
        for key in keys:
            literal = self.values.literal(*found) if found is not None else None
            if literal is None or not isinstance(literal[0], ast.Dict):
                return None
            node, home = literal
            values = [v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == key]
            if not values:
                return None
            found = (values[-1], home)
        return found

    def _spelled_out(self, call: ast.Call, frame: Frame) -> list[ast.Call]:
        """The plain calls an indirect one stands for: ``getattr(session, verb)(url)`` is ``session.get(url)``
        for each verb ``verb`` may hold, or ``session.request(verb, url)`` when the verb is its caller's; a name
        bound to ``functools.partial(session.request, "GET")`` called with ``(url)`` is
        ``session.request("GET", url)``. Empty for any other call."""
        func = call.func
        if self.values.builtin_call(func, "getattr", (2, 3), frame):
            receiver, verb = func.args[0], func.args[1]
            verbs = [v.lower() for v in map(plain, self.values.text(verb, frame))]
            if verbs and all(v in VERBS for v in verbs):
                return [_spelled(call, ast.Attribute(receiver, v, ast.Load()), call.args) for v in dict.fromkeys(verbs)]
            if verbs and all(v == PARAM for v in verbs):  # the caller's verb: read again at each call
                return [_spelled(call, ast.Attribute(receiver, "request", ast.Load()), [verb, *call.args])]
        if isinstance(func, ast.Name):
            bound = self.values.assigned(func, frame)
            partial = bound[0][0] if len(bound) == 1 else None
            if (
                isinstance(partial, ast.Call) and partial.args
                and self.values.qualname(partial.func, bound[0][1]) == "functools.partial"
            ):  # fmt: skip
                return [_spelled(call, partial.args[0], [*partial.args[1:], *call.args], partial.keywords)]
            # A name for another callable (send = requests.post; fn = session.get if x else session.delete):
            # each one it may be, called in its place. Only this module's own names, read where they are.
            aliases = [_dotted_alternatives(binding) for binding, _ in bound]
            if aliases and all(aliases):
                return [_spelled(call, alias, call.args) for found in aliases for alias in found]  # type: ignore
        return []

    def _on_object(self, call: ast.Call, attr: str, receiver: Kind, frame: Frame) -> list[Send] | None:
        if receiver.sdks:
            return self._sdk(call, attr, receiver, frame)
        if receiver.qualname in SENDS_REQUEST_OBJECTS and attr == "send" and call.args:
            return self._request_object(call.args[0], receiver, frame)
        if receiver.qualname in CLIENTS:
            shape = CLIENTS[receiver.qualname].get(attr)
            return self._http(call, shape, receiver.base, frame, receiver.qualname) if shape else []
        if receiver.cls is not None:
            method = self.values.method_target(receiver.cls, attr, bound=True, made=receiver.made)
            if method is not None:
                return self._through_wrapper(call, method, frame)
            partial = self.values.partial_method(receiver.cls, attr)
            wrapped = partial.args[0].id if partial is not None else None  # type: ignore[attr-defined]
            method = self.values.method_target(receiver.cls, wrapped, True, made=receiver.made) if wrapped else None
            if method is not None and isinstance(call.func, ast.Attribute):  # a method's own def, never a partial
                named = ast.Attribute(call.func.value, wrapped, ast.Load())
                spelled = _spelled(call, named, [*partial.args[1:], *call.args], partial.keywords)  # type: ignore
                return [replace(s, node=call) for s in self._through_wrapper(spelled, method, frame)]
            for base in self.values.external_bases(receiver.cls):
                shape = CLIENTS.get(base, {}).get(attr)
                if shape:
                    bound = self._subclass_base(receiver.cls)
                    return self._http(call, shape, bound, frame, base)
        return None

    def _request_object(self, sent: ast.expr, receiver: Kind, frame: Frame, hops: int = 0) -> list[Send]:
        """What ``client.send(request)`` sends: the ``Request(method, url)`` the argument was made as (through
        ``.prepare()`` and the names it was bound to, a few at most: ``req = req.prepare()`` at module level
        names itself), placed where it was made."""
        if isinstance(sent, ast.Call) and isinstance(sent.func, ast.Attribute) and sent.func.attr == "prepare":
            sent = sent.func.value
        if isinstance(sent, ast.Name) and hops < MAX_WRAPPER_DEPTH:
            bound = self.values.assigned(sent, frame)
            return [send for made, home in bound for send in self._request_object(made, receiver, home, hops + 1)]
        if isinstance(sent, ast.Call) and self.values.qualname(sent.func, frame) in REQUEST_OBJECTS:
            return self._http(sent, REQUEST_SHAPE, receiver.base, frame, receiver.qualname)
        return []

    def _sdk(self, call: ast.Call, attr: str, receiver: Kind, frame: Frame) -> list[Send]:
        """A call on an SDK client: each SDK that may have made the client reads it by its own rule; when
        several fit, the one whose reading names a known endpoint wins, and a tie reports nothing."""
        readings = [
            (sdk, sends) for sdk in receiver.sdks if (sends := self._sdk_sends(sdk, call, attr, receiver, frame))
        ]
        if len(readings) > 1:
            readings = [
                (sdk, sends) for sdk, sends in readings
                if all(self.is_fixed(s.methods[0] if s.methods else None, url) for s in sends for url in s.urls)
            ]  # fmt: skip
        return readings[0][1] if len(readings) == 1 else []

    def _sdk_sends(self, sdk: Sdk, call: ast.Call, attr: str, receiver: Kind, frame: Frame) -> list[Send]:
        via = f"sdk:{sdk.package}"
        if sdk.shape == "table":
            if not receiver.sdk_path and attr in sdk.raw:  # the client's own request method: p.get("/v2/deals")
                path = argument(call, 0, "path")
                if path is None:
                    return []
                urls = tuple(join_url(sdk.base_url, url) for url in self.values.text(path, frame))
                return [Send(call, (sdk.raw[attr],), urls, via)]
            name = ".".join((*receiver.sdk_path, attr))
            requests = sdk.methods.get(name, ())  # none: not in the table (OAuth helpers, another shape)
            filled = {
                placeholder: self.values.text(argument(call, position, placeholder), frame)
                for placeholder, position in sdk.arguments.get(name, {}).items()
            }  # fmt: skip
            return [Send(call, (method,), _fill(sdk, template, filled), via) for method, template in requests]
        if receiver.sdk_path:  # the rule-based SDKs' clients have no resource attributes
            return []
        if sdk.shape == "attribute-path" and sdk.method_argument:
            spec = sdk.method_argument
            given = argument(call, spec["position"], spec["keyword"])
            methods = _methods(self.values.text(given, frame)) if given is not None else (spec["default"],)
            return [Send(call, methods, (sdk.url(attr.replace("_", "/")),), via)]
        if sdk.shape == "action-path" and "_" in attr and len(call.args) <= 1 and not call.keywords:
            action, path = attr.split("_", 1)
            if action not in sdk.actions:
                return []
            template = path.replace("_", "/") + ("/{id}" if action in sdk.id_suffix_actions else "")
            return [Send(call, (sdk.actions[action],), (sdk.url(template),), via)]
        return []

    def _subclass_base(self, cls: ClassInfo) -> Text | None:
        """The base URL a project subclass of a client class joins its paths to (``self.base_url``)."""
        for name in ("base_url", "BASE_URL", "base", "api_url", "url"):
            value = self.values.member_text(cls, name)
            if value not in (ABSTRACT, UNKNOWN):
                return value
        return None

    def _http(
        self, call: ast.Call, shape: SendShape, base: Text | None, frame: Frame, qual: str | None
    ) -> list[Send]:
        url_expr = argument(call, shape.url_arg, shape.url_keyword)
        if url_expr is None:
            return []
        urls = self.values.text(url_expr, frame)
        if base is not None:
            urls = tuple(join_url(b, u) for b in base for u in urls)
        if shape.method is not None:
            method = shape.method
            if qual and qual.startswith("urllib.request."):
                given = argument(call, None, "method")
                data = argument(call, 1, "data")
                if given is not None:
                    return self._send(call, self.values.text(given, frame), urls, url_expr)
                method = "POST" if data is not None and not is_none(data) else method
            return self._send(call, (method,), urls, url_expr)
        method_expr = argument(call, shape.method_arg, "method")
        if method_expr is None and shape.default is not None:
            return self._send(call, (shape.default,), urls, url_expr)
        return self._send(call, self.values.text(method_expr, frame), urls, url_expr)

    def _send(self, call: ast.Call, methods: Text, urls: Text, url_expr: ast.AST) -> list[Send]:
        # A base that is unknown here (HOLE) is kept when a path follows it: it may be a guessed base.
        kept = (PARAM, HOLE + "/", HOLE + PARAM)
        if not any(is_pipedrive_base(_plain(u)) or plain(u).startswith(kept) for u in urls):
            return []
        via = _via(url_expr)
        return [Send(call, _methods(verbs), sent, via) for verbs, sent in _by_row(methods, urls)]

    def _guess(self, call: ast.Call, frame: Frame) -> list[Send]:
        """An unknown callee given an absolute Pipedrive API URL: a request whose verb may be unknown.

        The URL is the evidence, so the callee's module does not matter (a framework's base class, a company
        helper); the verb comes from the call's shape (``request(method, url)``) or from the callee's name."""
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        # A CapWords callee builds an object (ast.Constant(url), a dataclass) rather than sending a request.
        if not name or name in NOT_SENDING or name[0].isupper():
            return []
        receiver_name = ""
        if isinstance(func, ast.Attribute):
            receiver = func.value
            receiver_name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
            receiver_name = receiver_name.lower()
        if any(hint in receiver_name or hint in name.lower() for hint in _TEST_DOUBLE_HINTS):
            return []  # a fixture that fakes responses (mocked.get(url, payload=...)): not a request
        if name.lower().startswith("get_") and verb_of_name(name) is None:
            return []  # a reader or a builder (get_cached(url), get_headers(url)), not a sender
        if isinstance(func, ast.Attribute) and self.values.is_mapping(func.value, frame):
            return []  # seen.get(url) on a dict keyed by URLs
        shape = REQUEST_SHAPE if name.lower().split("_")[-1] == "request" else None
        url_expr = argument(call, shape.url_arg if shape else 0, "url")
        if url_expr is None:
            return []
        urls = tuple(u for u in self.values.text(url_expr, frame) if parse_url(_plain(u)))
        if not urls:
            return []
        if shape is not None:
            method_expr = argument(call, shape.method_arg, "method")
            methods = _methods(self.values.text(method_expr, frame)) if method_expr is not None else None
        else:
            verb = verb_of_name(name)
            if verb is None and name in VERBS and any(hint in receiver_name for hint in _CLIENT_NAME_HINTS):
                verb = name.upper()
            methods = (verb,) if verb else None
        return [Send(call, methods, urls, _via(url_expr), guessed=True)]

    # -- wrappers -------------------------------------------------------------------------------------
    def _through_wrapper(self, call: ast.Call, target: Target, frame: Frame) -> list[Send]:
        function, cls, module, made = target.function, target.cls, target.module, target.made
        if id(function) in self._active or len(self._active) >= MAX_WRAPPER_DEPTH:
            return []
        generic = self._summary(function, cls, module, None, made)
        # Only the requests whose endpoint the caller decides; the others are reported in the body.
        decided_by_caller = {id(s.node) for s in generic if s.depends_on_caller() and not self._fixed_here(s)}
        if not decided_by_caller:
            return []
        verb_by_caller = {id(s.node) for s in generic if any(PARAM in m for m in s.methods or ())}
        bindings = self.values.bind(call, target, frame)
        # The body writes the endpoint itself when it takes only the base from its caller (f"{base_url}/persons"),
        # or when the caller chose neither the verb nor a whole path segment and only picks among paths the body
        # writes (``FIELDS[kind]``, ``f"{kind}Fields"``): the request is reported where the body sends it, in
        # whichever module, once per path its callers pick.
        base_only = {id(s.node) for s in generic if _base_from_caller(s)}
        sends = []
        for send in self._summary(function, cls, module, bindings, made):
            if id(send.node) not in decided_by_caller:
                continue
            urls = send.urls
            if id(send.node) in base_only or (id(send.node) not in verb_by_caller and _body_writes(urls, bindings)):
                origin = Origin(str(module.path or ""), send.node.lineno, send.node.col_offset, via=send.via)
                urls = tuple(at_request(url, origin) for url in urls)
            sends.append(Send(call, send.methods, urls, "wrapper", send.guessed))
        return sends

    def _summary(
        self, function, cls, module: ModuleInfo, bindings: dict[str, Text] | None, made: Construction | None = None
    ) -> list[Send]:
        if bindings is None:
            bindings = self._own_parameters(function, cls)
        key = (id(function), id(cls.node) if cls else 0, id(made.call) if made else 0, tuple(sorted(bindings.items())))
        if key not in self._summaries:
            self._active.add(id(function))
            try:
                self._tree_of.setdefault(id(function), module.tree)
                frame = Frame(module, function, bindings, cls, made)
                self._summaries[key] = [] if self._patched(function, cls, module) else self._sends(function, frame)
            finally:
                self._active.discard(id(function))
        return self._summaries[key]

    def _patched(self, function, cls: ClassInfo | None, module: ModuleInfo) -> bool:
        """A test run with an HTTP library patched (the function's decorators or its class's): what it calls,
        the project's helpers included, sends nothing."""
        home = Frame(module)
        for decorator in (*function.decorator_list, *(cls.node.decorator_list if cls else ())):
            if not isinstance(decorator, ast.Call) or not decorator.args:
                continue
            if self.values.qualname(decorator.func, home) not in PATCHERS:
                continue
            target = decorator.args[0]
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                named = target.value.split(".")  # "requests.get", "app.client.requests.Session.request"
            else:  # patch.object(requests, "get")
                named = (self.values.qualname(target, home) or "").split(".")[:1]
            if not SENDER_MODULES.isdisjoint(named):
                return True
        return False


def _stored_by_init(cls: ClassInfo) -> Iterator[str]:
    """The instance attributes a class's ``__init__`` stores (from its construction's arguments, maybe)."""
    return (name for name, stores in cls.instance.items() if any(m.name == "__init__" for _, m in stores))


def _self_reads(method, lineage: list[ClassInfo]) -> set[str] | None:
    """The members a method reads off its instance, with those that the methods and attribute stores of the
    lineage it reaches through ``self`` read; None when the instance goes where its reads cannot be followed."""
    todo, seen, reads = [method], set(), set()
    while todo:
        function = todo.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        use = self_use(function)
        if use.escapes:
            return None
        reads |= use.names
        for known in lineage:
            todo.extend(known.methods[name] for name in use.names if name in known.methods)
            todo.extend(store for name in use.names for _, store in known.instance.get(name, ()))
    return reads


def _fill(sdk: Sdk, template: str, arguments: dict[str, Text]) -> Text:
    """A table path with the placeholders that name a method's parameter filled from the call's arguments
    (``create_custom_field(field, "person")`` sends ``/v1/personFields``); the others are ids."""
    texts = [template]
    for placeholder, values in arguments.items():
        marker = "{" + placeholder + "}"
        texts = [text.replace(marker, value) for text in texts for value in values]
    return tuple(dict.fromkeys(sdk.url(text) for text in texts))


def _fills_segments(url: str) -> bool:
    """Parameters that only fill whole path segments after the resource name (``/deals/{deal_id}``).

    Such a request is the function's own even when its path matches no endpoint (a typo is still
    reported where it is written); a parameter that is the resource or glued to text is a wrapper's path.
    A path without a host (what follows a caller's base) is read as it stands.
    """
    api = parse_url(url)
    if api is None and not url.startswith("/"):
        return False
    segments = (api.path if api else url).strip("/").split("/")
    return all(PARAM not in segment or (segment == PARAM and index > 0) for index, segment in enumerate(segments))


def _segments(text: str) -> list[str]:
    """The path segments of a URL or of a path, without its query."""
    if "://" in text:
        text = text.split("://", 1)[1]
        text = text[text.find("/"):] if "/" in text else ""
    return [segment for segment in text.split("?", 1)[0].split("/") if segment]


def _names_resource(segments: list[str]) -> bool:
    """Whether path segments name more than ids, versions, holes and ``api`` (a caller's parameter may)."""
    return any(PARAM in s or (s != "api" and not _ID_LIKE.fullmatch(s.replace(HOLE, "0"))) for s in segments)


def _body_writes(urls: Text, bindings: dict[str, Text]) -> bool:
    """Whether the body, not its caller, wrote the endpoint of a request whose URL the caller's arguments
    change: no argument is whole path segments naming more than ids and versions (``get("/deals")``,
    ``call("get", f"deals/{id}")``), so the caller only picked among the paths the body writes (``FIELDS[kind]``,
    ``f"{kind}Fields"``); and each URL's path names a resource of its own."""
    paths = [_segments(plain(url)) for url in urls]
    if not all(_names_resource(path) for path in paths):
        return False
    for values in bindings.values():
        for value in (plain(v).replace(ITEMS, "/") for v in values):
            if "://" in value:
                return False  # the caller gave the whole URL
            wanted = _segments(value)
            size = len(wanted)
            if _names_resource(wanted) and any(
                path[at : at + size] == wanted for path in paths for at in range(len(path) - size + 1)
            ):
                return False
    return True


def _base_from_caller(send: Send) -> bool:
    """A request whose URL is a caller's base followed by a path of its own (ids may still come from the
    caller: ``f"{base_url}/deals/{deal_id}"``), with a verb of its own."""
    urls = [plain(url) for url in send.urls]
    return not any(PARAM in m for m in send.methods or ()) and all(
        url.startswith(PARAM + "/") and _fills_segments(url[1:]) for url in urls
    )
