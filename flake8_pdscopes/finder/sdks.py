"""The community Pipedrive SDKs, from their tables in rules/sdks/ (generated from each package's source and
compiled to sdks.json).

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
    """One SDK's table. Shapes: "table" (``client.<resource>.<method>(...)`` looked up by its attribute path),
    "attribute-path" (``client.<a_b>(...)`` sends ``/a/b``), "action-path" (``client.<action>_<a_b>(...)``)."""

    package: str
    base: str
    shape: str
    # The constructor's parameters and how many are required: a construction that cannot bind to them is
    # another SDK's client (pipedrive-api's Pipedrive(domain, api_token) vs pipedrive's Pipedrive(token)).
    parameters: tuple[str, ...] | None = None
    required: int = 0
    # table: attribute path ("deals.get_deal", "deals.products().list") -> the requests the method may send
    methods: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, hash=False, compare=False)
    # table: attribute path -> {placeholder: position} filled from the call's arguments (create_field(f, "deal"))
    arguments: dict[str, dict[str, int]] = field(default_factory=dict, hash=False, compare=False)
    raw: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # client.get(path): verb per name
    models: bool = False  # each constructor is a model class whose name starts its paths (Deals.get(id=1))
    returns_model: tuple[str, ...] = ()  # model methods that return an instance of the model (Deals.get)
    method_argument: dict | None = field(default=None, hash=False, compare=False)
    actions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # action-path: verb per action
    id_suffix_actions: tuple[str, ...] = ()  # action-path: actions whose path ends with the record's id

    def fits(self, construction: ast.Call) -> bool:
        if self.parameters is None:
            return True
        if any(isinstance(a, ast.Starred) for a in construction.args) or any(
            k.arg is None for k in construction.keywords
        ):
            return True  # *args or **kwargs: cannot tell
        if len(construction.args) > len(self.parameters):
            return False
        bound = set(self.parameters[: len(construction.args)])
        for keyword in construction.keywords:
            if keyword.arg not in self.parameters or keyword.arg in bound:
                return False
            bound.add(keyword.arg)
        return bound.issuperset(self.parameters[: self.required])

    def root(self, qualname: str) -> tuple[str, ...]:
        """Where a client's attribute path starts: at the model's name for an ORM, else at the client."""
        return (qualname.rsplit(".", 1)[-1],) if self.models else ()

    @property
    def base_url(self) -> str:
        return _PLACEHOLDER.sub(HOLE, self.base)  # https://{domain}.pipedrive.com/api: the company's domain

    def url(self, template: str) -> str:
        return self.base_url.rstrip("/") + "/" + _PLACEHOLDER.sub(HOLE, template).lstrip("/")


def _requests(value: str | list[str]) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(item.split(" ", 1)) for item in ([value] if isinstance(value, str) else value))


def _tables() -> dict[str, list[Sdk]]:
    """Constructor qualified name -> the SDKs that install it (several SDKs share ``pipedrive.Pipedrive``)."""
    return _load()[0]


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, list[Sdk]], dict[str, str]]:
    by_constructor: dict[str, list[Sdk]] = {}
    constants: dict[str, str] = {}
    text = resources.files("flake8_pdscopes.rules.sdks").joinpath("sdks.json").read_text(encoding="utf-8")
    for table in json.loads(text)["sdks"]:
        signature = table.get("signature")
        sdk = Sdk(
            package=table["package"],
            base=table["base"],
            shape=table["shape"],
            parameters=tuple(signature["parameters"]) if signature else None,
            required=signature["required"] if signature else 0,
            methods={name: _requests(value) for name, value in (table.get("methods") or {}).items()},
            arguments=table.get("arguments") or {},
            raw=table.get("raw") or {},
            models=bool(table.get("models")),
            returns_model=tuple(table.get("returns_model") or ()),
            method_argument=table.get("method_argument"),
            actions=table.get("actions") or {},
            id_suffix_actions=tuple(table.get("id_suffix_actions") or ()),
        )
        for constructor in table["constructors"]:
            by_constructor.setdefault(constructor, []).append(sdk)
        constants.update(table.get("constants") or {})
    return by_constructor, constants


@lru_cache(maxsize=1)
def sdk_modules() -> frozenset[str]:
    """Top-level modules the SDKs install (``pipedrive``, ``onepipepy``), from rules/sdks/modules.json."""
    text = resources.files("flake8_pdscopes.rules.sdks").joinpath("modules.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text))


def sdk_constants() -> dict[str, str]:
    """Values the SDKs define for their callers (``pypedrive_async.CustomFieldSource.person`` is "person")."""
    return _load()[1]


def client_sdks(qualname: str, construction: ast.Call | None) -> tuple[Sdk, ...]:
    """The SDKs whose client this constructor call may make (several SDKs install ``pipedrive.Pipedrive``:
    construction tells some apart, the shape of each later call the others)."""
    if qualname.split(".")[0] not in sdk_modules():
        return ()
    return tuple(sdk for sdk in _tables().get(qualname, ()) if construction is None or sdk.fits(construction))


def model_sdks(qualname: str) -> tuple[Sdk, ...]:
    """The SDKs for which ``qualname`` is a model class whose own (class-level) methods send requests."""
    return tuple(sdk for sdk in client_sdks(qualname, None) if sdk.models)
