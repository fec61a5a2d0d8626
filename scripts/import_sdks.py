#!/usr/bin/env python3
"""Regenerate rules/sdks/<package>.yaml from the community SDKs' own source.

    python3.12 scripts/import_sdks.py       # pip download --no-deps each package, read it, write its table

Each SDK is read with ``ast`` (never imported), one reader per package; Python 3.12 or newer, since some
packages are written in its syntax. A table says how a client is made (``constructors``, and the constructor's
``signature`` that tells SDKs sharing a class name apart) and what each call sends: ``methods`` maps an
attribute path (``deals.get_deal``; ``()`` marks a call, ``deals.products().list``) to the request, or the list
of requests, it may send; ``arguments`` names the path placeholders a call's argument fills; ``raw`` the
client's own request methods; ``models``/``returns_model`` an ORM's model classes; ``constants`` the values of
the package's enums. The tables are then compiled into rules/sdks/sdks.json, which the linter loads
(``--compile-only`` redoes just that step after a hand review). Review the diff of rules/sdks/ before committing it.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import yaml

from flake8_pdscopes.finder.objects import defaults, parameters

SDKS = Path(__file__).resolve().parent.parent / "rules" / "sdks"
VERBS = {"_get": "GET", "_post": "POST", "_put": "PUT", "_patch": "PATCH", "_delete": "DELETE"}


def download(package: str, version: str, folder: Path) -> Path:
    """The package's files, unpacked from what ``pip download --no-deps`` fetches from the index."""
    # Only the source is read, so a package for a newer Python (pipedrive-api needs 3.14) is still fetched.
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--ignore-requires-python"]
    command += ["--dest", str(folder)]
    subprocess.run([*command, f"{package}=={version}"], check=True)
    archive = next(folder.iterdir())
    target = folder / "src"
    if archive.suffix == ".whl":
        zipfile.ZipFile(archive).extractall(target)
        return target
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(target)
    (top,) = target.iterdir()  # an sdist holds one folder, <name>-<version>
    return top


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def signature(function: ast.FunctionDef) -> dict | None:
    """A constructor's parameters (after ``self``) and how many are required; None when it takes ``*args`` or
    ``**kwargs``, which any construction fits."""
    arguments = function.args
    if arguments.vararg or arguments.kwarg:
        return None
    names = [a.arg for a in [*arguments.posonlyargs, *arguments.args][1:]]
    return {"parameters": names, "required": len(names) - len(arguments.defaults)}


def method(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    return next((m for m in cls.body if isinstance(m, functions) and m.name == name), None)


def template(node: ast.AST | None, env: dict[str, str], unknown: str | None = None) -> str | None:
    """A path built from literals, f-strings, ``+``, ``.format`` and names: a name (or ``self.x``) is its value
    in ``env``, or ``{name}`` when it is a parameter whose value the caller gives. An f-string's other values
    are ``unknown`` (``{id}`` where they can only be a record's id)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        text = template(node.func.value, env)  # "deals/{}".format(deal_id): each {} a record's id
        return text.replace("{}", "{id}") if text is not None else None
    if isinstance(node, ast.JoinedStr):
        parts = [
            template(v.value, env) or unknown if isinstance(v, ast.FormattedValue) else template(v, env)
            for v in node.values
        ]  # fmt: skip
        return None if None in parts else "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left, env), template(node.right, env)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return env.get(f"{node.value.id}.{node.attr}")
    return None


def id_placeholders(path: str) -> str:
    """``{deal_id}`` as ``{id}`` where a parameter fills a whole path segment after the resource: a record's
    id. A parameter glued to text (``/v1/{type}Fields``) names the resource and keeps its name."""
    segments = path.split("/")
    return "/".join(
        "{id}" if index > 1 and segment.startswith("{") and segment.endswith("}") and segment.count("{") == 1
        else segment
        for index, segment in enumerate(segments)
    )  # fmt: skip


def request_table(methods: dict[str, list[tuple[str, str]]], parameters: dict[str, list[str]]) -> dict:
    """A table's ``methods`` (one request as a string, several as a list) and its ``arguments``: where a
    placeholder that is not an id names a parameter of the method, the call's argument fills it."""
    table: dict[str, str | list[str]] = {}
    arguments: dict[str, dict[str, int]] = {}
    for name, requests in sorted(methods.items()):
        unique = list(dict.fromkeys(f"{verb} {id_placeholders(path.split('?')[0])}" for verb, path in requests))
        if not unique:
            continue
        table[name] = unique[0] if len(unique) == 1 else unique
        named = {p for request in unique for p in re.findall(r"\{(\w+)\}", request) if p != "id"}
        given = parameters.get(name, [])
        if named & set(given):
            arguments[name] = {p: given.index(p) for p in sorted(named) if p in given}
    return {"methods": table, **({"arguments": arguments} if arguments else {})}


def c3(name: str, classes: dict[str, ast.ClassDef]) -> list[ast.ClassDef]:
    """A class's method resolution order among the package's classes (C3, as Python computes it)."""
    bases = [b.id for b in classes[name].bases if isinstance(b, ast.Name) and b.id in classes]
    sequences = [[c.name for c in c3(b, classes)] for b in bases] + [bases]
    order = [name]
    while any(sequences):
        head = next(s[0] for s in sequences if s and not any(s[0] in t[1:] for t in sequences))
        order.append(head)
        sequences = [[c for c in s if c != head] for s in sequences]
    return [classes[c] for c in order]


def package_classes(folder: Path) -> dict[str, ast.ClassDef]:
    classes = {}
    for path in sorted(folder.rglob("*.py")):
        for node in parse(path).body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
    return classes


def pipedrive_api(root: Path) -> dict:
    """``Pipedrive(domain, api_token)`` holds endpoint objects (``p.deals``), built as ``Deals(self)`` with their
    ``_path`` set by ``__init__`` (through ``super().__init__``); their methods, from mixins, send
    ``self._client.<verb>(f"{self._path}/...")``. Properties and calls that return another endpoint object
    (``p.deals.fields``, ``p.deals.products(deal_id)``) continue the attribute path."""
    classes = package_classes(root / "pipedrive")
    client = classes["Pipedrive"]
    init = method(client, "__init__")
    params = {a.arg: "{" + a.arg + "}" for a in init.args.args[1:]}
    base = next(template(s.value, params) for s in init.body if isinstance(s, ast.Assign)
                and getattr(s.targets[0], "id", "") == "base_url")  # fmt: skip
    raw = {}  # the client's own verbs: def get(self, path): return self._request("GET", path)
    for function in client.body:
        if isinstance(function, ast.FunctionDef) and not function.name.startswith("_"):
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "_request":
                    raw[function.name] = call.args[0].value

    def initialised(name: str, arguments: list[str | None]) -> dict[str, str]:
        """The attributes ``__init__`` sets on an instance built with these arguments (along the MRO)."""
        mro = c3(name, classes)

        def run(start: int, given: list[str | None]) -> dict[str, str]:
            index, function = next(((i, method(c, "__init__")) for i, c in enumerate(mro) if i >= start
                                    and method(c, "__init__")), (0, None))  # fmt: skip
            if function is None:
                return {}
            names = [a.arg for a in function.args.args[1:]]
            env = {n: given[i] if i < len(given) and given[i] is not None else "{" + n + "}"
                   for i, n in enumerate(names)}  # fmt: skip
            attributes: dict[str, str] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and _is_super(node.func, "__init__"):
                    attributes.update(run(index + 1, [template(a, env) for a in node.args]))
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "attr", None):
                    value = template(node.value, env)
                    if value is not None:
                        attributes["self." + node.targets[0].attr] = value
            return attributes

        return run(0, arguments)

    methods: dict[str, list[tuple[str, str]]] = {}

    def requests(mro: list[ast.ClassDef], index: int, function, env: dict[str, str], seen) -> list:
        """What one method sends: its own ``self._client.<verb>(...)``, what ``super().<m>(...)`` sends, and
        what the methods it uses (``paginate(self.list)``) send."""
        if id(function) in seen:
            return []
        seen = seen | {id(function)}
        local = {**env, **{a.arg: "{" + a.arg + "}" for a in function.args.args[1:]}}
        found = []
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if getattr(owner, "attr", "") == "_client" and node.func.attr in raw and node.args:
                    path = template(node.args[0], local)
                    if path is not None:
                        found.append((raw[node.func.attr], path))
                elif isinstance(owner, ast.Call) and _is_super(node.func, node.func.attr):
                    found += lookup(mro, index + 1, node.func.attr, env, seen)
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "self":
                found += lookup(mro, 0, node.attr, env, seen)
        return found

    def lookup(mro, start, name, env, seen) -> list:
        for index in range(start, len(mro)):
            function = method(mro[index], name)
            if function is not None:
                return requests(mro, index, function, env, seen)
        return []

    def walk(prefix: str, name: str, env: dict[str, str]) -> None:
        mro = c3(name, classes)
        names = dict.fromkeys(m.name for c in mro for m in c.body if isinstance(m, ast.FunctionDef))
        for attribute in names:
            if attribute.startswith("_") and attribute != "__call__":
                continue
            function = next(method(c, attribute) for c in mro if method(c, attribute))
            made = _returned_class(function, classes)
            is_property = any(getattr(d, "id", "") == "property" for d in function.decorator_list)
            key = prefix + ("()" if attribute == "__call__" else "." + attribute + ("" if is_property else "()"))
            if made is not None:  # another endpoint object: p.deals.fields, p.deals.products(deal_id)
                local = {**env, **{a.arg: "{" + a.arg + "}" for a in function.args.args[1:]}}
                walk(key, made.func.id, initialised(made.func.id, [template(a, local) for a in made.args]))
            elif attribute != "__call__":
                methods[prefix + "." + attribute] = requests(mro, 0, function, env, frozenset())

    for statement in init.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            made = statement.value.func
            if isinstance(made, ast.Attribute) and made.attr in classes:
                walk(statement.targets[0].attr, made.attr, initialised(made.attr, []))
    return {
        "import": "from pipedrive import Pipedrive",
        "constructors": ["pipedrive.Pipedrive", "pipedrive.client.Pipedrive"],
        "signature": signature(init),
        "base": base,
        "shape": "table",
        "raw": raw,
        **request_table(methods, {}),
    }


def _is_super(func: ast.expr, name: str) -> bool:
    """``super().<name>``."""
    return (
        isinstance(func, ast.Attribute) and func.attr == name and isinstance(func.value, ast.Call)
        and getattr(func.value.func, "id", "") == "super"
    )  # fmt: skip


def _returned_class(function: ast.FunctionDef, classes: dict[str, ast.ClassDef]) -> ast.Call | None:
    """``return SomeClass(...)`` of a package class, as a method's whole body."""
    returns = [n.value for n in ast.walk(function) if isinstance(n, ast.Return)]
    if len(returns) == 1 and isinstance(returns[0], ast.Call) and getattr(returns[0].func, "id", "") in classes:
        return returns[0]
    return None


def pipedrive_python_lib(root: Path) -> dict:
    """``Client`` holds one resource object per attribute; each resource method builds ``url`` and calls
    ``self._client._<verb>(self._client.BASE_URL + url)``."""
    package = root / "pipedrive"
    client_tree = parse(package / "client.py")
    client = next(n for n in client_tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    base = next(
        s.value.value for s in client.body
        if isinstance(s, ast.Assign) and getattr(s.targets[0], "id", "") == "BASE_URL"
    )  # fmt: skip
    resources: dict[str, str] = {}  # class name -> attribute on the client
    init = next(m for m in client.body if isinstance(m, ast.FunctionDef) and m.name == "__init__")
    for statement in ast.walk(init):
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            target = statement.targets[0]
            if isinstance(target, ast.Attribute) and isinstance(statement.value.func, ast.Name):
                resources[statement.value.func.id] = target.attr
    methods, not_api = {}, {}
    for method in client.body:
        if isinstance(method, ast.FunctionDef) and not method.name.startswith("_") and method.name != "__init__":
            not_api[method.name] = "OAuth or token handling on the client itself, not an API call"
    for module in sorted(package.glob("*.py")):
        for cls in parse(module).body:
            if not isinstance(cls, ast.ClassDef) or cls.name not in resources:
                continue
            attribute = resources[cls.name]
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef) or method.name.startswith("_"):
                    continue
                name = f"{attribute}.{method.name}"
                urls = {
                    t.id: template(s.value, {})
                    for s in ast.walk(method) if isinstance(s, ast.Assign)
                    for t in s.targets if isinstance(t, ast.Name)
                }  # fmt: skip
                for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
                    func = call.func
                    if not (isinstance(func, ast.Attribute) and func.attr in VERBS and call.args):
                        continue
                    url = call.args[0]
                    if not (isinstance(url, ast.BinOp) and isinstance(url.left, ast.Attribute)):
                        continue
                    if url.left.attr != "BASE_URL":
                        not_api[name] = f"joins self._client.{url.left.attr}, which Client does not define: " \
                                        "the call raises AttributeError before sending"  # fmt: skip
                        continue
                    path = template(url.right, urls)
                    if path is None:
                        continue
                    methods[name] = f"{VERBS[func.attr]} /{path.split('?')[0]}"
    return {
        "import": "from pipedrive.client import Client",
        "constructors": ["pipedrive.client.Client"],
        "signature": signature(init),
        "base": base,
        "shape": "table",
        "methods": dict(sorted(methods.items())),
        "not_api": dict(sorted(not_api.items())),
    }


def python_pipedrive(root: Path) -> dict:
    """``Pipedrive(token)``; any attribute is an endpoint: ``p.persons_find(data, method='GET')`` sends
    ``GET <base>persons/find`` (``__getattr__`` replaces ``_`` by ``/``)."""
    tree = parse(root / "pipedrive" / "__init__.py")
    base = next(
        s.value.value for s in tree.body
        if isinstance(s, ast.Assign) and getattr(s.targets[0], "id", "") == "PIPEDRIVE_API_URL"
    )  # fmt: skip
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Pipedrive")
    getattr_method = next(m for m in cls.body if isinstance(m, ast.FunctionDef) and m.name == "__getattr__")
    wrapper = next(n for n in ast.walk(getattr_method) if isinstance(n, ast.FunctionDef) and n.name == "wrapper")
    parameters = [a.arg for a in wrapper.args.args]
    default_method = wrapper.args.defaults[parameters.index("method") - len(parameters)].value
    replaces = any(
        isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "replace"
        and [getattr(a, "value", None) for a in n.args] == ["_", "/"]
        for n in ast.walk(getattr_method)
    )  # fmt: skip
    if not replaces:
        raise SystemExit("python-pipedrive: __getattr__ no longer maps '_' to '/'; review the rule by hand")
    return {
        "import": "from pipedrive import Pipedrive",
        "constructors": ["pipedrive.Pipedrive"],
        "signature": signature(method(cls, "__init__")),
        "base": base,
        "shape": "attribute-path",
        "method_argument": {"keyword": "method", "position": parameters.index("method"), "default": default_method},
    }


def onepipepy(root: Path) -> dict:
    """``API(token)`` holds one resource object per attribute; each resource method sends
    ``self._api._<verb>(url)`` with ``url`` built from the resource's ``self.url`` (``"%s/%s" % (self.url, id)``).

    The URLs are evaluated with the linter's own evaluator (resource attributes known, parameters as holes).
    """
    from flake8_pdscopes.finder.project import index_module
    from flake8_pdscopes.finder.objects import Frame
    from flake8_pdscopes.finder.text import PARAM
    from flake8_pdscopes.finder.values import Evaluator

    path = root / "onepipepy" / "api.py"
    module = index_module(parse(path), path)
    client = module.classes["API"]
    evaluator = Evaluator()
    (base,) = evaluator.member_text(client, "_api_prefix")
    methods = {}
    for attribute, assignments in client.instance.items():
        value = assignments[0][0]
        if not (isinstance(value, ast.Call) and getattr(value.func, "id", "") in module.classes):
            continue
        resource = module.classes[value.func.id]
        for name, method in resource.methods.items():
            if name.startswith("_"):
                continue
            frame = Frame(module, method, {a.arg: (PARAM,) for a in parameters(method)[1:]}, resource)
            for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
                func = call.func
                if not (isinstance(func, ast.Attribute) and func.attr in VERBS):
                    continue
                url = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "url"), None)
                (text,) = evaluator.text(url, frame)
                methods[f"{attribute}.{name}"] = f"{VERBS[func.attr]} {text.replace(PARAM, '{id}')}"
    return {
        "import": "import onepipepy",
        "constructors": ["onepipepy.API", "onepipepy.api.API"],
        "signature": signature(client.methods["__init__"]),
        "base": base,
        "shape": "table",
        "methods": dict(sorted(methods.items())),
    }


def pipedrive_0_2(root: Path) -> dict:
    """``Pipedrive(token)``; ``p.<action>_<path>(data)``: the action picks the verb from a dict in
    ``__getattr__`` (its DELETE is the constant ``"POST"``), the rest of the name is the path, and the action
    that maps to PUT appends ``/<data["id"]>``."""
    tree = parse(root / "pipedrive" / "__init__.py")
    constants = {
        s.targets[0].id: s.value.value for s in tree.body
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Constant)
    }  # fmt: skip
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Pipedrive")
    init = next(m for m in cls.body if isinstance(m, ast.FunctionDef) and m.name == "__init__")
    origin = next(
        s.value.value for s in ast.walk(init)
        if isinstance(s, ast.Assign) and getattr(s.targets[0], "attr", "") == "_origin"
    )  # fmt: skip
    getattr_method = next(m for m in cls.body if isinstance(m, ast.FunctionDef) and m.name == "__getattr__")
    table = next(  # {"get": GET, ...}[action]
        n.value for n in ast.walk(getattr_method) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Dict)
    )
    actions = {key.value: constants[value.id] for key, value in zip(table.keys, table.values)}
    with_id = [
        action for action, verb in actions.items()
        if any(isinstance(n, ast.Compare) and getattr(n.comparators[0], "id", "") == verb
               for n in ast.walk(getattr_method))
    ]  # fmt: skip
    request = next(  # self.request(method, "/v1/" + path, data)
        n for n in ast.walk(getattr_method) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "request"
    )
    prefix = request.args[1].left.value
    return {
        "import": "from pipedrive import Pipedrive",
        "constructors": ["pipedrive.Pipedrive"],
        "signature": signature(init),
        "base": origin + prefix,
        "shape": "action-path",
        "actions": actions,
        "id_suffix_actions": with_id,
    }


def pypedrive_async(root: Path) -> dict:
    """``async with Client(api_token, base_url, lead_title_prefix) as c``: each method sends
    ``self._session.<verb>(f"/v1/...")`` on an aiohttp session bound to the caller's ``base_url``, and some
    call the client's other methods (``create_minimal_lead`` creates a person, a label and a lead): a method's
    entry lists every request it may send."""
    tree = parse(root / "pypedrive_async" / "api.py")
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    functions = {m.name: m for m in client.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def requests(function, seen: frozenset) -> list[tuple[str, str]]:
        env = {a.arg: "{" + a.arg + "}" for a in function.args.args[1:]}
        found = []
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            if getattr(owner, "attr", "") == "_session" and f"_{node.func.attr}" in VERBS and node.args:
                found.append((VERBS[f"_{node.func.attr}"], template(node.args[0], env, unknown="{id}")))
            elif getattr(owner, "id", "") == "self" and node.func.attr in functions and node.func.attr not in seen:
                found += requests(functions[node.func.attr], seen | {node.func.attr})
        return found

    methods = {name: requests(f, frozenset({name})) for name, f in functions.items() if not name.startswith("_")}
    return {
        "import": "from pypedrive_async import Client",
        "constructors": ["pypedrive_async.Client", "pypedrive_async.api.Client"],
        "signature": signature(functions["__init__"]),
        # The session is bound to the caller's base_url; the paths carry the version, so any Pipedrive base
        # resolves them alike.
        "base": "https://api.pipedrive.com",
        "shape": "table",
        **request_table(methods, {name: [a.arg for a in f.args.args[1:]] for name, f in functions.items()}),
        # create_custom_field(field, CustomFieldSource.person): the enum's value fills {type}
        "constants": string_enums(root, "pypedrive_async"),
    }


def string_enums(root: Path, package: str) -> dict[str, str]:
    """The members of the package's ``class X(str, Enum)`` classes, by qualified name (also as re-exported by
    a ``from package.module import *`` in the package's ``__init__``), so a call's enum argument has a value."""
    init = parse(root / package / "__init__.py")
    star_exported = {
        s.module for s in init.body if isinstance(s, ast.ImportFrom) and any(a.name == "*" for a in s.names)
    }  # fmt: skip
    constants = {}
    for path in sorted((root / package).glob("*.py")):
        module = f"{package}.{path.stem}" if path.stem != "__init__" else package
        for cls in parse(path).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in cls.bases}
            if not ({"str", "Enum"} <= bases or "StrEnum" in bases):
                continue
            for member in cls.body:
                if isinstance(member, ast.Assign) and isinstance(member.value, ast.Constant):
                    for prefix in [module] + ([package] if module in star_exported else []):
                        constants[f"{prefix}.{cls.name}.{member.targets[0].id}"] = member.value.value
    return dict(sorted(constants.items()))


class _Param:
    """A parameter's value as the caller gives it: unknown, but not None once a branch that raises on None
    has been passed (``if id is None: raise ...``)."""

    def __init__(self, name: str, not_none: bool = False) -> None:
        self.name, self.not_none = name, not_none


_NONE = object()  # a parameter left at its default None


def _parameter_names(function: ast.FunctionDef) -> list[str]:
    return [a.arg for a in parameters(function)][1:]  # after cls or self


def _none_by_default(function: ast.FunctionDef) -> set[str]:
    return {name for name, default in defaults(function).items() if isinstance(default, ast.Constant)
            and default.value is None}  # fmt: skip


class _OrmPackage:
    """pypipedrive-client's ``Api`` (versions, verbs, base URL) and its models (``Meta``, lineage)."""

    def __init__(self, package: Path) -> None:
        tree = parse(package / "api" / "api.py")
        self.constants = {
            s.targets[0].id: s.value.value for s in tree.body
            if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Constant)
        }  # fmt: skip
        versions = next(s.value for s in tree.body if isinstance(s, ast.Assign)
                        and getattr(s.targets[0], "id", "") == "VERSIONS")  # fmt: skip
        # {"v1": "v1", "v2": "api/v2"}: the URL prefix of each version
        self.prefixes = {self.constants[k.id]: v.value for k, v in zip(versions.keys, versions.values)}
        api = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Api")
        endpoint = next(s.value for s in ast.walk(method(api, "__init__")) if isinstance(s, ast.Assign)
                        and getattr(s.targets[0], "attr", "") == "endpoint_url")  # fmt: skip
        self.base = endpoint.values[0].value.rstrip("/")  # f"https://api.pipedrive.com/{self.version}/"
        self.verbs = self._verbs(api)
        choice = next(n for n in ast.walk(method(api, "update_method")) if isinstance(n, ast.If))
        chosen = self.constants[choice.test.comparators[0].slice.id]  # if self.version == VERSIONS[V2]
        other = next(v for v in self.prefixes if v != chosen)
        self.update_verb = {
            chosen: self.verbs[choice.body[0].value.attr],
            other: self.verbs[choice.orelse[0].value.attr],
        }
        self.base_model = next(n for n in parse(package / "orm" / "model.py").body
                               if isinstance(n, ast.ClassDef) and n.name == "Model")  # fmt: skip
        self.models: dict[str, ast.ClassDef] = {}
        self.defined_in: dict[str, str] = {}  # model -> its module (pypipedrive.models.deals)
        for statement in parse(package / "models" / "__init__.py").body:
            if isinstance(statement, ast.ImportFrom):
                module = parse(package / "models" / f"{statement.module}.py")
                for alias in statement.names:
                    self.models[alias.name] = next(
                        n for n in module.body if isinstance(n, ast.ClassDef) and n.name == alias.name
                    )
                    self.defined_in[alias.name] = f"pypipedrive.models.{statement.module}"

    @staticmethod
    def _verbs(api: ast.ClassDef) -> dict[str, str]:
        """``get = partialmethod(request, "GET")``, and the methods that send through one verb method
        (``iterator`` and ``all`` through ``get``, ``batch_delete`` through ``delete``)."""
        verbs = {
            s.targets[0].id: s.value.args[1].value for s in api.body
            if isinstance(s, ast.Assign) and isinstance(s.value, ast.Call)
            and getattr(s.value.func, "id", "") == "partialmethod"
        }  # fmt: skip
        changed = True
        while changed:
            changed = False
            for function in (m for m in api.body if isinstance(m, ast.FunctionDef) and m.name not in verbs):
                sent = {
                    verbs[n.func.attr] for n in ast.walk(function)
                    if isinstance(n, ast.Call) and getattr(n.func, "attr", None) in verbs
                    and getattr(n.func.value, "id", "") == "self"
                }  # fmt: skip
                if len(sent) == 1:
                    verbs[function.name] = sent.pop()
                    changed = True
        return verbs

    def meta(self, model: str) -> dict[str, str]:
        inner = next(n for n in self.models[model].body if isinstance(n, ast.ClassDef) and n.name == "Meta")
        values = {s.targets[0].id: s.value for s in inner.body if isinstance(s, ast.Assign)}
        version = values["version"]
        return {
            "entity_name": values["entity_name"].value,
            "version": self.constants[version.id] if isinstance(version, ast.Name) else version.value,
        }

    def lineage(self, model: str) -> list[ast.ClassDef]:
        return [self.models[model], self.base_model]

    def find(self, model: str, name: str, start: int = 0) -> tuple[int, ast.FunctionDef | None]:
        """Where ``name`` is defined in the model's lineage, from ``start`` (``super()`` skips the model)."""
        for index, cls in enumerate(self.lineage(model)[start:], start):
            function = method(cls, name)
            if function is not None:
                return index, function
        return 0, None

    def requests(self, model: str, name: str, start: int, bindings: dict, omitted: bool, active=frozenset()):
        """The requests ``<model>.<name>`` sends with these parameter values; the parameters not bound are the
        caller's, left at a default None when ``omitted``."""
        index, function = self.find(model, name, start)
        if function is None or (model, index, name) in active:
            return []
        reading = _MethodReading(self, model, index, omitted, active | {(model, index, name)})
        none_by_default = _none_by_default(function)
        for parameter in _parameter_names(function):
            left_out = omitted and parameter in none_by_default
            reading.env[parameter] = bindings.get(parameter, _NONE if left_out else _Param(parameter))
        reading.block(function.body)
        return reading.found


class _MethodReading:
    """One model method's body, read with the model's Meta and the parameters' values: the requests it sends
    through ``get_api(...)``, and through the model methods it calls."""

    def __init__(self, package: _OrmPackage, model: str, index: int, omitted: bool, active: frozenset) -> None:
        self.package, self.model, self.index, self.omitted, self.active = package, model, index, omitted, active
        self.own = package.meta(model)
        self.env: dict = {k: v for k, v in package.constants.items() if v in package.prefixes}  # V1, V2
        self.found: list[tuple[str, str]] = []

    def value(self, node: ast.AST | None):
        """A string, ``("api", version)``, ``("verb", verb, version)``, _NONE, a _Param, or None (unknown)."""
        if isinstance(node, ast.Constant):
            return _NONE if node.value is None else node.value
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.JoinedStr):
            return "".join(self._part(part) for part in node.values)
        if isinstance(node, ast.IfExp):
            test = self.condition(node.test)
            return None if test is None else self.value(node.body if test else node.orelse)
        if isinstance(node, ast.Attribute):
            owner = self.value(node.value)
            if isinstance(owner, tuple) and owner[0] == "api" and node.attr in self.package.verbs:
                return ("verb", self.package.verbs[node.attr], owner[1])
            return None
        if isinstance(node, ast.Call):
            return self.call(node)
        return None

    def _part(self, part: ast.AST) -> str:
        """A piece of an f-string path: known text, else ``{name}`` (a parameter, ``self.id``: an id)."""
        if not isinstance(part, ast.FormattedValue):
            return part.value
        known = self.value(part.value)
        if isinstance(known, str):
            return known
        if isinstance(known, _Param):
            return "{" + known.name + "}"
        return "{" + (part.value.id if isinstance(part.value, ast.Name) else getattr(part.value, "attr", "id")) + "}"

    def call(self, node: ast.Call):
        func, package = node.func, self.package
        if isinstance(func, ast.Attribute) and func.attr == "get_api":
            given = _keyword(node, "version", 0)
            version = self.value(given) if given is not None else self.own["version"]
            return ("api", version if version in package.prefixes else self.own["version"])
        if isinstance(func, ast.Attribute) and func.attr == "_get_meta":
            key = _keyword(node, "name", 0)
            return self.own.get(key.value) if isinstance(key, ast.Constant) else None
        if isinstance(func, ast.Attribute) and func.attr == "update_method":
            owner = self.value(func.value)
            return ("verb", package.update_verb[owner[1]], owner[1]) if isinstance(owner, tuple) else None
        target = self.value(func)
        if isinstance(target, tuple) and target[0] == "verb":
            path = self.value(_keyword(node, "uri", 0))
            if isinstance(path, str):
                self.found.append((target[1], f"/{package.prefixes[target[2]]}/{path}"))
            return None
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            self.value(argument)  # requests sent while building the arguments
        if isinstance(func, ast.Attribute):  # super().all(...), cls.all(...), ItemSearch.search(...)
            owner = func.value
            if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
                self._delegate(self.model, self.index + 1, func.attr, node)
            elif isinstance(owner, ast.Name) and owner.id in ("cls", "self"):
                self._delegate(self.model, 0, func.attr, node)
            elif isinstance(owner, ast.Name) and owner.id in package.models:
                self._delegate(owner.id, 0, func.attr, node)
        return None

    def _delegate(self, model: str, start: int, name: str, node: ast.Call) -> None:
        """What a model method called from this one sends, with the arguments it is given here (a forwarded
        ``*args, **kwargs`` leaves them the caller's)."""
        _, function = self.package.find(model, name, start)
        if function is None:
            return
        bindings = {}
        if not any(isinstance(a, ast.Starred) for a in node.args) and all(k.arg for k in node.keywords):
            names = _parameter_names(function)
            given = dict(zip(names, node.args)) | {k.arg: k.value for k in node.keywords}
            none_by_default = _none_by_default(function)
            for parameter in names:
                if parameter in given:
                    known = self.value(given[parameter])
                    bindings[parameter] = known if isinstance(known, str) else _Param(parameter, known is not _NONE)
                elif parameter in none_by_default:
                    bindings[parameter] = _NONE
        self.found += self.package.requests(model, name, start, bindings, self.omitted, self.active)

    def condition(self, test: ast.AST) -> bool | None:
        """True, False, or None when the model's Meta and the parameters do not decide."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self.condition(test.operand)
            return None if inner is None else not inner
        if isinstance(test, ast.BoolOp):
            results = [self.condition(v) for v in test.values]
            decisive = isinstance(test.op, ast.Or)  # True decides an or, False an and
            return decisive if decisive in results else None if None in results else not decisive
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return None
        left, op, right = self.value(test.left), test.ops[0], self.value(test.comparators[0])
        if isinstance(op, (ast.Is, ast.IsNot)) and right is _NONE:
            if left is None or (isinstance(left, _Param) and not left.not_none):
                return None
            return (left is _NONE) == isinstance(op, ast.Is)
        if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(left, str) and isinstance(right, str):
            return (left == right) == isinstance(op, ast.Eq)
        if isinstance(op, ast.In) and isinstance(left, str) and isinstance(test.comparators[0], ast.List):
            return left in [self.value(e) for e in test.comparators[0].elts]
        return None

    def block(self, statements: list[ast.stmt]) -> bool:
        """Read statements in order; True when the block ends by raising or returning."""
        for statement in statements:
            if isinstance(statement, ast.Raise):
                return True
            if isinstance(statement, ast.Return):
                self.value(statement.value)
                return True
            if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                result = self.value(statement.value)
                for target in statement.targets if isinstance(statement, ast.Assign) else [statement.target]:
                    if isinstance(target, ast.Name):
                        self.env[target.id] = result
            elif isinstance(statement, ast.Expr):
                self.value(statement.value)
            elif isinstance(statement, ast.If):
                if self._if(statement):
                    return True
            elif isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
                self.value(getattr(statement, "iter", None))
                self.block(statement.body)
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                for item in statement.items:
                    self.value(item.context_expr)
                self.block(statement.body)
            elif isinstance(statement, ast.Try):
                for body in (statement.body, *(h.body for h in statement.handlers), statement.orelse):
                    self.block(body)
                self.block(statement.finalbody)
        return False

    def _if(self, statement: ast.If) -> bool:
        """Read the branch the test decides, or both; ``if x is None: raise`` leaves x not None after it."""
        test = self.condition(statement.test)
        if test is not None:
            return self.block(statement.body if test else statement.orelse)
        ends, other_ends = self.block(statement.body), self.block(statement.orelse)
        narrowed = statement.test
        if isinstance(narrowed, ast.Compare) and isinstance(narrowed.left, ast.Name):
            raises_on_none = ends if isinstance(narrowed.ops[0], ast.Is) else other_ends
            if raises_on_none and isinstance(self.env.get(narrowed.left.id), _Param):
                self.env[narrowed.left.id] = _Param(narrowed.left.id, not_none=True)
        return ends and other_ends


def _keyword(call: ast.Call, name: str, position: int) -> ast.expr | None:
    given = next((k.value for k in call.keywords if k.arg == name), None)
    return given if given is not None else call.args[position] if len(call.args) > position else None


def pypipedrive_client(root: Path) -> dict:
    """ORM models (``from pypipedrive.models import Deals``): class-level ``Deals.get(id=1)``, ``Deals.all()``,
    instance ``deal.save()`` / ``deal.delete()``, and model-specific methods. Every request goes through
    ``<model>.get_api(version=...)`` (the model's ``Meta.version`` unless given) and its ``get/post/put/patch/
    delete/all/iterator/batch_delete(uri=...)``; the URI starts with ``Meta.entity_name``. Each public method is
    read from its body, following ``super()``, ``cls.``/``self.`` and other models' methods, with the branches
    that the model's own Meta decides; a branch that depends on the caller (``save`` creates or updates) adds
    its requests to the method's entry."""
    package = _OrmPackage(root / "pypipedrive")
    requests: dict[str, list[tuple[str, str]]] = {}
    returns_model = []
    for model in package.models:
        names = dict.fromkeys(m.name for c in package.lineage(model) for m in c.body if isinstance(m, ast.FunctionDef))
        for name in (n for n in names if not n.startswith("_")):
            # Read twice: with the parameters that default to None left out (Deals.all() lists the model's
            # own records), then all given (Deals.installments(deal_ids=[1]) raises without them). A path
            # that is all the caller's own (all(uri=...)) is not the model's.
            requests[f"{model}.{name}"] = [
                (verb, path) for omitted in (True, False)
                for verb, path in package.requests(model, name, 0, {}, omitted)
                if not any(path.startswith(f"/{prefix}/{{") for prefix in package.prefixes.values())
            ]  # fmt: skip
            _, function = package.find(model, name)
            if function.returns is not None and "Self" in ast.unparse(function.returns):  # Self, List[Self]
                returns_model.append(f"{model}.{name}")
    return {
        "import": "from pypipedrive.models import Deals",
        "constructors": [f"pypipedrive.models.{m}" for m in package.models]
        + [f"{package.defined_in[m]}.{m}" for m in package.models],
        "base": package.base,
        "shape": "table",
        "models": True,
        "returns_model": sorted(returns_model),
        **request_table(requests, {}),
    }


READERS = {
    ("pipedrive-python-lib", "1.2.3"): pipedrive_python_lib,
    ("python-pipedrive", "0.4.0"): python_pipedrive,
    ("onepipepy", "0.2.0"): onepipepy,
    ("pipedrive", "0.2.0"): pipedrive_0_2,
    ("pipedrive-api", "0.14.1"): pipedrive_api,
    ("pypedrive-async", "0.2.7"): pypedrive_async,
    ("pypipedrive-client", "1.0.2"): pypipedrive_client,
}


def compile_sdks(folder: Path = SDKS) -> dict:
    """The reviewed tables as the linter loads them: one JSON document (no YAML parser at run time)."""
    return {"sdks": [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))]}


def write_compiled() -> None:
    (SDKS / "sdks.json").write_text(json.dumps(compile_sdks(), indent=1) + "\n", encoding="utf-8")
    print("wrote rules/sdks/sdks.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="read an already unpacked package here instead of downloading")
    parser.add_argument("--compile-only", action="store_true", help="only compile the reviewed tables to sdks.json")
    args = parser.parse_args(argv)
    if args.compile_only:
        write_compiled()
        return 0
    if sys.version_info < (3, 12):  # pypipedrive-client's source uses Python 3.12 f-strings
        parser.error("run this script with Python 3.12 or newer: some SDKs' source does not parse on older ones")
    modules: dict[str, list[str]] = {}
    for (package, version), reader in READERS.items():
        with tempfile.TemporaryDirectory() as temp:
            root = args.source / package if args.source else download(package, version, Path(temp))
            table = {"package": package, "version": version, **{k: v for k, v in reader(root).items() if v is not None}}
        path = SDKS / f"{package}.yaml"
        header = f"# {package} {version}, read from its source by scripts/import_sdks.py: edit the script, not this.\n"
        path.write_text(header + yaml.safe_dump(table, sort_keys=False, width=120), encoding="utf-8")
        print(f"wrote {path.relative_to(SDKS.parent.parent)}")
        modules.setdefault(table["constructors"][0].split(".")[0], []).append(package)
    # The linter's pre-filter reads this on every run: a module naming one of these may use an SDK.
    (SDKS / "modules.json").write_text(json.dumps(dict(sorted(modules.items())), indent=1) + "\n", encoding="utf-8")
    print("wrote rules/sdks/modules.json")
    write_compiled()
    return 0


if __name__ == "__main__":
    sys.exit(main())
