"""The community Pipedrive SDKs, from their tables in rules/sdks/ (generated from each package's source).

A client is recognised by how it is constructed (the SDK is usually not installed where the linter runs, so
nothing is inferred into it); a call on it is looked up in its table, and one that fits no table is not
reported rather than guessed.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..urls import HOLE

_PLACEHOLDER = re.compile(r"\{[^{}/]*\}")


@dataclass(frozen=True)
class Sdk:
    package: str
    base: str
    shape: str  # "table": client.<resource>.<method>(...); "attribute-path": client.<a_b>(...) sends /a/b
    construction: str | None = None  # "positional": only clients built with positional arguments
    methods: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False, compare=False)
    method_argument: dict | None = field(default=None, hash=False, compare=False)
    actions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # action-path: verb per action
    id_suffix_actions: tuple[str, ...] = ()  # action-path: actions whose path ends with the record's id

    def fits(self, construction: ast.Call) -> bool:
        if self.construction == "positional":
            return bool(construction.args) and not construction.keywords
        return True

    def url(self, template: str) -> str:
        return self.base.rstrip("/") + "/" + _PLACEHOLDER.sub(HOLE, template).lstrip("/")


@lru_cache(maxsize=1)
def _tables() -> dict[str, list[Sdk]]:
    """Constructor qualified name -> the SDKs that install it (several SDKs share ``pipedrive.Pipedrive``)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    by_constructor: dict[str, list[Sdk]] = {}
    folder = resources.files("flake8_pdscopes.rules.sdks")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        table = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)
        sdk = Sdk(
            package=table["package"],
            base=table["base"],
            shape=table["shape"],
            construction=table.get("construction"),
            methods={name: tuple(value.split(" ", 1)) for name, value in (table.get("methods") or {}).items()},
            method_argument=table.get("method_argument"),
            actions=table.get("actions") or {},
            id_suffix_actions=tuple(table.get("id_suffix_actions") or ()),
        )
        for constructor in table["constructors"]:
            by_constructor.setdefault(constructor, []).append(sdk)
    return by_constructor


@lru_cache(maxsize=1)
def sdk_modules() -> frozenset[str]:
    """Top-level modules the SDKs install (``pipedrive``, ``onepipepy``), from rules/sdks/modules.json."""
    text = resources.files("flake8_pdscopes.rules.sdks").joinpath("modules.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text))


def client_sdks(qualname: str, construction: ast.Call | None) -> tuple[Sdk, ...]:
    """The SDKs whose client this constructor call may make (several SDKs install ``pipedrive.Pipedrive``:
    construction tells some apart, the shape of each later call the others)."""
    if qualname.split(".")[0] not in sdk_modules():
        return ()
    return tuple(sdk for sdk in _tables().get(qualname, ()) if construction is None or sdk.fits(construction))
