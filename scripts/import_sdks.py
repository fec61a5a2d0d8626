#!/usr/bin/env python3
"""Regenerate rules/sdks/<package>.yaml from the community SDKs' own source.

    python scripts/import_sdks.py            # pip download --no-deps each package, read it, write its table

Each SDK is read with ``ast`` (never imported): the table says how a client is made (its constructor's
qualified name and shape) and which HTTP method and path each of its methods sends. Review the diff of
rules/sdks/ before committing it.
"""
from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import yaml

SDKS = Path(__file__).resolve().parent.parent / "rules" / "sdks"
VERBS = {"_get": "GET", "_post": "POST", "_put": "PUT", "_patch": "PATCH", "_delete": "DELETE"}


def download(package: str, version: str, folder: Path) -> Path:
    """The package's files, unpacked from what ``pip download --no-deps`` fetches from the index."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(folder)]
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


def _string(node: ast.AST | None) -> str | None:
    """A path literal, or a ``"deals/{}".format(x)`` template with each ``{}`` named ``{id}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = _string(node.func.value)
        return template.replace("{}", "{id}") if template is not None else None
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
                    t.id: _string(s.value)
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
                    path = _string(url.right) or urls.get(getattr(url.right, "id", ""))
                    if path is None:
                        continue
                    methods[name] = f"{VERBS[func.attr]} /{path.split('?')[0]}"
    return {
        "import": "from pipedrive.client import Client",
        "constructors": ["pipedrive.client.Client"],
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
        # pipedrive-api installs the same pipedrive.Pipedrive, built with keywords (domain=, api_token=)
        "construction": "positional",
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
    from flake8_pdscopes.finder.values import PARAM, Evaluator, Frame, parameters

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
        "construction": "positional",
        "base": origin + prefix,
        "shape": "action-path",
        "actions": actions,
        "id_suffix_actions": with_id,
    }


READERS = {
    ("pipedrive-python-lib", "1.2.3"): pipedrive_python_lib,
    ("python-pipedrive", "0.4.0"): python_pipedrive,
    ("onepipepy", "0.2.0"): onepipepy,
    ("pipedrive", "0.2.0"): pipedrive_0_2,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="read an already unpacked package here instead of downloading")
    args = parser.parse_args(argv)
    modules: dict[str, list[str]] = {}
    for (package, version), reader in READERS.items():
        with tempfile.TemporaryDirectory() as temp:
            root = args.source / package if args.source else download(package, version, Path(temp))
            table = {"package": package, "version": version, **reader(root)}
        path = SDKS / f"{package}.yaml"
        header = f"# {package} {version}, read from its source by scripts/import_sdks.py: edit the script, not this.\n"
        path.write_text(header + yaml.safe_dump(table, sort_keys=False, width=120), encoding="utf-8")
        print(f"wrote {path.relative_to(SDKS.parent.parent)}")
        modules.setdefault(table["constructors"][0].split(".")[0], []).append(package)
    # The linter's pre-filter reads this on every run: a module naming one of these may use an SDK.
    (SDKS / "modules.json").write_text(json.dumps(dict(sorted(modules.items())), indent=1) + "\n", encoding="utf-8")
    print("wrote rules/sdks/modules.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
